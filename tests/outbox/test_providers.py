"""Outgoing mail through a mail provider's API (issue #22 item 3), with django-anymail.

The providers are out of reach from here, so anymail's API URL setting
(MAILGUN_API_URL, POSTMARK_API_URL) points at a real HTTP server on this machine that
answers as the provider's documented API does (Mailgun: POST /v3/<domain>/messages
answering {"id", "message"}; Postmark: POST /email answering {"MessageID",
"ErrorCode", ...}). Only that outside world is stood in for; the desk, the worker and
anymail's backend run as they do in production. The provider's delivery reports come
back through its tracking webhook (Mailgun's "failed" event, from its webhook docs) and
land in the same delivery state as a bounce that came back by mail."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.test import Client

from rightthere.cases.models import CaseEvent, Direction, EventKind
from rightthere.desk import messages as desk_messages
from rightthere.notifications.models import Notification, NotificationKind
from rightthere.outbox.models import DeliveryStatus, OutboundMail
from tests.factories import make_case

pytestmark = pytest.mark.django_db

SIGNING_KEY = "key-mailgun-webhook-signing-test"


class ProviderApi:
    """A local HTTP server answering like a provider's send API; keeps each request."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.status = 200
        self.answer: dict = {}
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                api.requests.append({"path": self.path, "headers": dict(self.headers),
                                     "body": body})  # fmt: skip
                payload = json.dumps(api.answer).encode()
                self.send_response(api.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider_api(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    api = ProviderApi()
    yield api
    api.stop()


@pytest.fixture
def mailgun(settings, provider_api):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": "mailgun", "SEND_MAIL": True}
    settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Support <support@rightthere.test>"
    settings.ANYMAIL = {
        "MAILGUN_API_KEY": "key-api-test",
        "MAILGUN_API_URL": f"{provider_api.url}/v3",
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
    }
    provider_api.answer = {
        "id": "<20261206094500.1.ABCDEF@rightthere.test>",
        "message": "Queued. Thank you.",
    }
    return provider_api


@pytest.fixture
def postmark(settings, provider_api):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": "postmark", "SEND_MAIL": True}
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "Support <support@rightthere.test>"
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "server-token-test",
        "POSTMARK_API_URL": f"{provider_api.url}/",
        "WEBHOOK_SECRET": "rightthere:secret",
    }
    return provider_api


def reply_on_a_case(agent, text="Coming on Tuesday at 9."):
    case = make_case(subject="Boiler bangs")
    desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text=text)
    return case


def test_a_reply_goes_out_through_mailgun_and_keeps_mailguns_id(mailgun, agent, run_tasks):
    case = reply_on_a_case(agent)

    run_tasks()

    (sent,) = mailgun.requests
    assert sent["path"] == "/v3/rightthere.test/messages"
    assert sent["headers"]["Authorization"].startswith("Basic ")
    assert sent["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    form = parse_qs(sent["body"].decode())
    mail = OutboundMail.objects.get(case=case)
    assert form["to"] == [mail.to_address]
    assert form["subject"] == [f"Boiler bangs [{case.reference}]"]
    assert "Coming on Tuesday at 9." in form["text"][0]
    assert form["h:Message-Id"] == [mail.mail_message_id]
    assert mail.status == DeliveryStatus.SENT
    assert mail.provider_message_id == "20261206094500.1.ABCDEF@rightthere.test"


def test_a_reply_goes_out_through_postmark_and_keeps_postmarks_id(postmark, agent, run_tasks):
    case = reply_on_a_case(agent)
    postmark.answer = {
        "To": OutboundMail.objects.get(case=case).to_address,
        "SubmittedAt": "2026-12-06T09:45:00.0000000Z",
        "MessageID": "b7bc2f4a-e38e-4336-af7d-e6c392c2f817",
        "ErrorCode": 0,
        "Message": "OK",
    }

    run_tasks()

    (sent,) = postmark.requests
    assert sent["path"] == "/email"
    assert sent["headers"]["X-Postmark-Server-Token"] == "server-token-test"
    payload = json.loads(sent["body"])
    mail = OutboundMail.objects.get(case=case)
    assert payload["To"] == mail.to_address
    assert {"Name": "Message-ID", "Value": mail.mail_message_id} in payload["Headers"]
    assert mail.status == DeliveryStatus.SENT
    assert mail.provider_message_id == "b7bc2f4a-e38e-4336-af7d-e6c392c2f817"


def test_a_provider_that_fails_leaves_the_mail_to_be_sent_again(mailgun, agent, run_tasks):
    mailgun.status, mailgun.answer = 500, {"message": "Internal error, try again"}
    case = reply_on_a_case(agent)

    run_tasks()

    mail = OutboundMail.objects.get(case=case)
    assert mail.status == DeliveryStatus.RETRYING
    assert "Internal error, try again" in mail.last_error
    assert mail.provider_message_id == ""


# -- Mailgun's tracking webhook ------------------------------------------------------------


def mailgun_failed_event(message_id: str, recipient: str, *, token: str = "c" * 50) -> dict:
    """Mailgun's "failed" (permanent) webhook event, shaped as its webhook docs show."""
    timestamp = "1796029200"
    signature = hmac.new(
        SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": "failed",
            "id": "G9Bn5sl1TC6nu79C8C0bwg",
            "timestamp": 1796029199.375624,
            "log-level": "error",
            "severity": "permanent",
            "reason": "bounce",
            "recipient": recipient,
            "message": {
                "headers": {
                    "to": recipient,
                    "message-id": message_id,
                    "from": "support@rightthere.test",
                    "subject": "Boiler bangs",
                },
                "attachments": [],
                "size": 111,
            },  # fmt: skip
            "delivery-status": {
                "attempt-no": 1,
                "code": 550,
                "message": "5.1.1 The email account that you tried to reach does not exist",
                "description": "",
            },
            "flags": {"is-routed": False, "is-authenticated": True, "is-test-mode": False},
            "envelope": {
                "sender": "support@rightthere.test",
                "transport": "smtp",
                "targets": recipient,
            },  # fmt: skip
            "tags": [],
            "user-variables": {},
        },
    }


def post_tracking(payload: dict):
    return Client().post(
        "/mail/provider/mailgun/tracking/", json.dumps(payload), content_type="application/json"
    )


def test_mailguns_bounce_report_marks_the_mail_failed_and_tells_the_case_once(
    mailgun, agent, run_tasks
):
    case = reply_on_a_case(agent)
    case.assignee = agent
    case.save(update_fields=["assignee"])
    run_tasks()
    mail = OutboundMail.objects.get(case=case)
    event = mailgun_failed_event("20261206094500.1.ABCDEF@rightthere.test", mail.to_address)

    first = post_tracking(event)
    again = post_tracking(event)  # providers deliver webhooks more than once

    assert (first.status_code, again.status_code) == (200, 200)
    mail.refresh_from_db()
    assert mail.status == DeliveryStatus.FAILED
    assert "5.1.1 The email account that you tried to reach does not exist" in mail.last_error
    notes = case.messages.filter(direction=Direction.NOTE, body_text__contains="bounced")
    assert notes.count() == 1
    assert CaseEvent.objects.filter(case=case, kind=EventKind.DELIVERY).count() == 1
    assert Notification.objects.filter(kind=NotificationKind.MAIL_BOUNCED).count() == 1


def test_a_bounce_report_with_a_bad_signature_changes_nothing(mailgun, agent, run_tasks):
    case = reply_on_a_case(agent)
    run_tasks()
    mail = OutboundMail.objects.get(case=case)
    event = mailgun_failed_event("20261206094500.1.ABCDEF@rightthere.test", mail.to_address)
    event["signature"]["signature"] = "0" * 64

    assert post_tracking(event).status_code == 401
    mail.refresh_from_db()
    assert mail.status == DeliveryStatus.SENT


def test_a_report_on_mail_that_is_not_ours_is_taken_and_ignored(mailgun, agent, run_tasks):
    case = reply_on_a_case(agent)
    run_tasks()

    response = post_tracking(mailgun_failed_event("someone-else@mg.example.com", "x@example.com"))

    assert response.status_code == 200  # else Mailgun would post it again for hours
    assert OutboundMail.objects.get(case=case).status == DeliveryStatus.SENT


def test_send_a_test_mail_goes_through_the_providers_api(mailgun, owner):
    from rightthere.outbox.setup import send_test_mail

    report = send_test_mail(owner, to="olivia@brightside.test")

    assert report.ok, report.detail
    assert report.detail == "Sent to olivia@brightside.test through Mailgun's API."
    (sent,) = mailgun.requests
    assert parse_qs(sent["body"].decode())["to"] == ["olivia@brightside.test"]


def test_a_test_mail_the_provider_refuses_says_what_it_answered(mailgun, owner):
    from rightthere.outbox.setup import send_test_mail

    mailgun.status, mailgun.answer = 401, {"message": "Invalid private key"}

    report = send_test_mail(owner, to="olivia@brightside.test")

    assert not report.ok
    assert "Invalid private key" in report.detail

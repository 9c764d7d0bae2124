"""Mail providers (issue #22 item 3): a customer's mail posted by Mailgun or Postmark
becomes the same case as the same mail fetched from a real Dovecot over IMAP (same
customer, subject, body, attachments, and the answer threaded into it by In-Reply-To);
a bad signature or password is refused with nothing stored; a delivery repeated is
stored once; a mail over the limit is refused with a clear answer, and taken in whole
when it comes again once the limit is raised.

The payloads are built field by field from the providers' documented examples:
- Mailgun, "Receiving Messages via HTTP through a forward() action" (fully parsed and
  raw MIME, with signature = HMAC-SHA256 of timestamp+token under the webhook signing
  key): https://documentation.mailgun.com/docs/mailgun/user-manual/receive-forward-store/receive-http
  and "Securing Webhooks" in Mailgun's webhook docs.
- Postmark, "Inbound webhook" example JSON (FromFull, ToFull, Headers, TextBody,
  HtmlBody, StrippedTextReply, Attachments with base64 Content):
  https://postmarkapp.com/developer/webhooks/inbound-webhook ; basic auth in the URL as
  https://postmarkapp.com/developer/user-guide/inbound/parse-an-email suggests.
The providers themselves are out of reach from here: these tests post what they post.
"""

import base64
import hashlib
import hmac
import json
import time
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from rightthere.cases.models import Case, Direction
from rightthere.mail.imap import poll_mailbox
from rightthere.mail.models import InboundMail, InboundStatus, Source
from tests.mail.factories import MailboxFactory

pytestmark = pytest.mark.django_db

SIGNING_KEY = "key-mailgun-webhook-signing-test"
WEBHOOK_SECRET = "rightthere:p0stmark-basic-auth"
PDF = b"%PDF-1.4\n% a photo of the boiler's pressure gauge\n" + bytes(range(256)) * 8
TEXT = (
    "Hello,\n\nSince this morning the boiler bangs every few minutes and the pressure "
    "gauge shows 3.1 bar. Photo attached.\n\nJo Bloggs\n"
)
HTML = (
    "<p>Hello,</p><p>Since this morning the boiler bangs every few minutes and the "
    "pressure gauge shows <b>3.1 bar</b>. Photo attached.</p><p>Jo Bloggs</p>\n"
)
REPLY_TEXT = "Tuesday morning works for me, the key is with the neighbour at no. 12.\n"


def customer_mail(*, pdf: bytes = PDF) -> EmailMessage:
    """The customer's first mail: text and HTML, with a PDF attached."""
    mail = EmailMessage(policy=default_policy)
    mail["From"] = "Jo Bloggs <jo@example.com>"
    mail["To"] = "Support <support@rightthere.test>"
    mail["Subject"] = "Boiler makes a banging noise"
    mail["Date"] = "Mon, 30 Nov 2026 09:15:00 +0000"
    mail["Message-ID"] = "<boiler-1@mail.example.com>"
    mail.set_content(TEXT)
    mail.add_alternative(HTML, subtype="html")
    mail.add_attachment(pdf, maintype="application", subtype="pdf", filename="gauge.pdf")
    return mail


def reply_mail() -> EmailMessage:
    """The customer's answer to that mail (threaded by In-Reply-To and References)."""
    mail = EmailMessage(policy=default_policy)
    mail["From"] = "Jo Bloggs <jo@example.com>"
    mail["To"] = "Support <support@rightthere.test>"
    mail["Subject"] = "Re: Boiler makes a banging noise"
    mail["Date"] = "Mon, 30 Nov 2026 10:02:00 +0000"
    mail["Message-ID"] = "<boiler-2@mail.example.com>"
    mail["In-Reply-To"] = "<boiler-1@mail.example.com>"
    mail["References"] = "<boiler-1@mail.example.com>"
    mail.set_content(REPLY_TEXT)
    return mail


# -- the providers' posts -------------------------------------------------------------


def mailgun_signature(timestamp: str, token: str, key: str = SIGNING_KEY) -> str:
    return hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()


def mailgun_signed(token: str = "a" * 50, timestamp: str = "") -> dict[str, str]:
    """Signed as Mailgun signs a post it makes now (a replayed one carries an old time)."""
    timestamp = timestamp or str(int(time.time()))
    return {
        "timestamp": timestamp,
        "token": token,
        "signature": mailgun_signature(timestamp, token),
    }


def mailgun_raw_mime(mail: EmailMessage, **signed: str) -> dict[str, str]:
    """Mailgun's post to a forward() URL ending in "mime": the mail whole in body-mime."""
    return {
        "recipient": "support@rightthere.test",
        "sender": "jo@example.com",
        "from": str(mail["From"]),
        "subject": str(mail["Subject"]),
        "body-mime": mail.as_string(),
        **mailgun_signed(**signed),
    }


def _parts(mail: EmailMessage) -> tuple[str, str, list[EmailMessage]]:
    text = mail.get_body(preferencelist=("plain",))
    html = mail.get_body(preferencelist=("html",))
    return (
        text.get_content() if text else "",
        html.get_content() if html else "",
        list(mail.iter_attachments()),
    )


def mailgun_parsed(mail: EmailMessage, **signed: str) -> dict[str, object]:
    """Mailgun's "fully parsed" post: the headers as a JSON list, the bodies as fields,
    each attachment a file field attachment-1, attachment-2, ..."""
    text, html, attachments = _parts(mail)
    files = {}
    for number, part in enumerate(attachments, start=1):
        files[f"attachment-{number}"] = SimpleUploadedFile(
            part.get_filename(), part.get_content(), content_type=part.get_content_type()
        )
    return {
        "recipient": "support@rightthere.test",
        "sender": "jo@example.com",
        "from": str(mail["From"]),
        "subject": str(mail["Subject"]),
        "message-headers": json.dumps([[name, str(value)] for name, value in mail.items()]),
        "body-plain": text,
        "body-html": html,
        "stripped-text": text.strip(),
        "attachment-count": str(len(files)),
        "content-id-map": "{}",
        **files,
        **mailgun_signed(**signed),
    }


def postmark_json(mail: EmailMessage) -> dict[str, object]:
    """Postmark's inbound JSON for the mail, in the shape of its documented example."""
    text, html, attachments = _parts(mail)
    skip = {"from", "to", "cc", "subject", "date", "content-type"}
    headers = [{"Name": "Return-Path", "Value": "<jo@example.com>"}]
    headers += [
        {"Name": "X-Spam-Checker-Version", "Value": "SpamAssassin 3.3.1 on p-pm-inboundg01a"},
        {"Name": "X-Spam-Status", "Value": "No"},
        {"Name": "X-Spam-Score", "Value": "-0.1"},
        {"Name": "Received-SPF", "Value": "Pass (sender SPF authorized) identity=mailfrom"},
    ]
    headers += [
        {"Name": name, "Value": str(value)}
        for name, value in mail.items()
        if name.lower() not in skip
    ]
    return {
        "FromName": "Jo Bloggs",
        "MessageStream": "inbound",
        "From": "jo@example.com",
        "FromFull": {"Email": "jo@example.com", "Name": "Jo Bloggs", "MailboxHash": ""},
        "To": "Support <support@rightthere.test>",
        "ToFull": [{"Email": "support@rightthere.test", "Name": "Support", "MailboxHash": ""}],
        "Cc": "",
        "CcFull": [],
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": "support@rightthere.test",
        "Subject": str(mail["Subject"]),
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "ReplyTo": "",
        "MailboxHash": "",
        "Date": str(mail["Date"]),
        "TextBody": text,
        "HtmlBody": html,
        "StrippedTextReply": text.strip(),
        "Tag": "",
        "Headers": headers,
        "Attachments": [
            {
                "Name": part.get_filename(),
                "Content": base64.b64encode(part.get_content()).decode(),
                "ContentType": part.get_content_type(),
                "ContentLength": len(part.get_content()),
            }
            for part in attachments
        ],
    }


def basic_auth(secret: str = WEBHOOK_SECRET) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def post_mailgun(payload: dict, kind: str = "inbound_mime"):
    return Client().post(f"/mail/provider/mailgun/{kind}/", payload)


def post_postmark(payload: dict, **auth):
    return Client().post(
        "/mail/provider/postmark/inbound/",
        json.dumps(payload),
        content_type="application/json",
        **(basic_auth() if auth == {} else auth),
    )


@pytest.fixture
def mailgun(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": "mailgun"}
    settings.ANYMAIL = {"MAILGUN_API_KEY": "key-api", "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


@pytest.fixture
def postmark(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": "postmark"}
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token", "WEBHOOK_SECRET": WEBHOOK_SECRET}


# -- what the desk made of it -----------------------------------------------------------


def desk_state() -> list[dict]:
    """Each case as staff see it: customer, subject, the customer's messages with their
    files, and the desk's notes (everything but ids, times and the case's number)."""
    found = []
    for case in Case.objects.order_by("created_at", "id"):
        messages = []
        for message in case.messages.exclude(direction=Direction.OUTBOUND).order_by("id"):
            files = sorted(
                (
                    a.filename,
                    a.content_type,
                    a.size,
                    hashlib.sha256(a.file.open("rb").read()).hexdigest(),
                )
                for a in message.attachments.all()
            )
            author = message.author_contact
            messages.append({
                "direction": message.direction,
                "author": (author.name, author.email) if author else None,
                "text": message.body_text.replace(case.reference, "<ref>"),
                "html": message.body_html,
                "files": files,
            })  # fmt: skip
        found.append({
            "subject": case.subject,
            "customer": case.customer.name,
            "contact": (case.contact.name, case.contact.email) if case.contact else None,
            "channel": case.channel,
            "status": case.status,
            "messages": messages,
        })  # fmt: skip
    return found


@pytest.fixture
def mailbox(imap, monkeypatch):
    monkeypatch.setenv("RT_TEST_IMAP_PASSWORD", "desk-password")
    return MailboxFactory(port=imap.port)


def through_imap(imap, mailbox) -> list[dict]:
    """The two mails fetched from a real Dovecot, one poll each, as the desk shows them;
    then undone (a savepoint rolled back), so the same mails can come again otherwise."""
    with transaction.atomic():
        for mail in (customer_mail(), reply_mail()):
            imap.append(mail.as_bytes())
            result = poll_mailbox(mailbox)
            assert (result.new, result.error) == (1, "")
        state = desk_state()
        assert InboundMail.objects.filter(source=Source.IMAP).count() == 2
        transaction.set_rollback(True)
    assert not Case.objects.exists()
    return state


def assert_the_expected_case(state: list[dict]) -> None:
    (case,) = state
    assert case["subject"] == "Boiler makes a banging noise"
    assert case["contact"] == ("Jo Bloggs", "jo@example.com")
    first, answer = case["messages"]
    assert "pressure gauge shows 3.1 bar" in first["text"]
    assert first["files"] == [
        ("gauge.pdf", "application/pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
    ]
    assert "key is with the neighbour" in answer["text"]


# -- the same case as IMAP --------------------------------------------------------------


def test_mailgun_raw_mime_makes_the_same_case_as_imap(mailgun, imap, mailbox):
    expected = through_imap(imap, mailbox)

    first = post_mailgun(mailgun_raw_mime(customer_mail(), token="t1" * 25))
    answer = post_mailgun(mailgun_raw_mime(reply_mail(), token="t2" * 25))

    assert (first.status_code, answer.status_code) == (200, 200)
    assert desk_state() == expected
    assert_the_expected_case(expected)
    stored = InboundMail.objects.order_by("id")
    assert [m.source for m in stored] == [Source.PROVIDER, Source.PROVIDER]
    assert stored[0].source_detail.startswith("Mailgun webhook")
    assert [m.message_id for m in stored] == [
        "boiler-1@mail.example.com",
        "boiler-2@mail.example.com",
    ]


def test_mailgun_fully_parsed_makes_the_same_case_as_imap(mailgun, imap, mailbox):
    expected = through_imap(imap, mailbox)

    first = post_mailgun(mailgun_parsed(customer_mail(), token="p1" * 25), kind="inbound")
    answer = post_mailgun(mailgun_parsed(reply_mail(), token="p2" * 25), kind="inbound")

    assert (first.status_code, answer.status_code) == (200, 200)
    assert desk_state() == expected


def test_postmark_makes_the_same_case_as_imap(postmark, imap, mailbox):
    expected = through_imap(imap, mailbox)

    first = post_postmark(postmark_json(customer_mail()))
    answer = post_postmark(postmark_json(reply_mail()))

    assert (first.status_code, answer.status_code) == (200, 200)
    assert desk_state() == expected
    assert InboundMail.objects.get(message_id="boiler-1@mail.example.com").source_detail == (
        "Postmark webhook 73e6d360-66eb-11e1-8e72-a8904824019b"
    )


def test_postmark_answer_threads_into_a_case_opened_over_imap(postmark, imap, mailbox):
    imap.append(customer_mail().as_bytes())
    poll_mailbox(mailbox)

    answer = post_postmark(postmark_json(reply_mail()))

    assert answer.status_code == 200
    case = Case.objects.get()
    assert case.messages.filter(direction=Direction.INBOUND).count() == 2


# -- refused: signatures and passwords ----------------------------------------------------


def nothing_stored() -> bool:
    return not InboundMail.objects.exists() and not Case.objects.exists()


def test_mailgun_post_with_a_wrong_signature_is_refused_and_nothing_stored(mailgun):
    payload = mailgun_raw_mime(customer_mail())
    payload["signature"] = mailgun_signature(payload["timestamp"], payload["token"], "not-it")

    response = post_mailgun(payload)

    assert response.status_code == 401
    assert "Refused" in response.content.decode()
    assert nothing_stored()


def test_mailgun_post_whose_token_was_changed_is_refused(mailgun):
    payload = mailgun_raw_mime(customer_mail())
    payload["token"] = "b" * 50  # signature made for another token: a replayed signature

    assert post_mailgun(payload).status_code == 401
    assert nothing_stored()


def test_mailgun_post_without_signature_is_refused(mailgun):
    payload = mailgun_raw_mime(customer_mail())
    del payload["signature"]

    assert post_mailgun(payload).status_code == 401
    assert nothing_stored()


@pytest.mark.parametrize(
    "auth",
    [
        {},  # none at all
        basic_auth("rightthere:wrong-password"),
        basic_auth("someone:p0stmark-basic-auth"),
    ],
    ids=["no-auth", "wrong-password", "wrong-user"],
)
def test_postmark_post_without_the_right_password_is_refused(postmark, auth):
    response = Client().post(
        "/mail/provider/postmark/inbound/",
        json.dumps(postmark_json(customer_mail())),
        content_type="application/json",
        **auth,
    )

    assert response.status_code == 401
    assert nothing_stored()


def test_no_mail_is_taken_while_the_signing_key_or_secret_is_not_set(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": "postmark"}
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token"}

    response = post_postmark(postmark_json(customer_mail()))

    assert response.status_code == 401
    assert "RIGHTTHERE_MAIL_WEBHOOK_SECRET is not set" in response.content.decode()
    assert nothing_stored()

    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": "mailgun"}
    settings.ANYMAIL = {}
    response = post_mailgun(mailgun_raw_mime(customer_mail()))
    assert response.status_code == 401
    assert "MAILGUN_WEBHOOK_SIGNING_KEY is not set" in response.content.decode()
    assert nothing_stored()


def test_only_the_chosen_providers_webhook_answers(mailgun, settings):
    assert post_postmark(postmark_json(customer_mail())).status_code == 404
    assert Client().post("/mail/provider/mailgun/elsewhere/", {}).status_code == 404
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": ""}
    assert post_mailgun(mailgun_raw_mime(customer_mail())).status_code == 404
    assert Client().get("/mail/provider/mailgun/inbound_mime/").status_code == 405
    assert nothing_stored()


# -- duplicates ---------------------------------------------------------------------------


def test_a_mailgun_retry_of_the_same_mail_is_stored_once(mailgun):
    # Mailgun posts again (new token and timestamp) when it did not get our 200 in time.
    first = post_mailgun(mailgun_raw_mime(customer_mail(), token="r1" * 25))
    later = str(int(time.time()) + 60)
    again = post_mailgun(mailgun_raw_mime(customer_mail(), token="r2" * 25, timestamp=later))

    assert (first.status_code, again.status_code) == (200, 200)
    assert InboundMail.objects.count() == 1
    assert Case.objects.get().messages.filter(direction=Direction.INBOUND).count() == 1


def test_a_postmark_retry_and_the_same_mail_over_imap_are_stored_once(postmark, imap, mailbox):
    assert post_postmark(postmark_json(customer_mail())).status_code == 200
    assert post_postmark(postmark_json(customer_mail())).status_code == 200
    imap.append(customer_mail().as_bytes())
    result = poll_mailbox(mailbox)

    assert (result.new, result.duplicates) == (0, 1)
    assert InboundMail.objects.count() == 1
    assert Case.objects.get().messages.filter(direction=Direction.INBOUND).count() == 1


# -- too large ----------------------------------------------------------------------------


def test_a_mail_over_the_limit_is_refused_clearly_and_taken_whole_when_it_comes_again(
    postmark, settings
):
    big = customer_mail(pdf=PDF * 20)  # about 80 kB
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_INBOUND_MAIL_BYTES": 40_000}

    refused = post_postmark(postmark_json(big))

    assert refused.status_code == 413
    said = refused.content.decode()
    assert "larger than the limit of 0.0 MB (MAX_INBOUND_MAIL_BYTES)" in said
    assert "Nothing was stored" in said
    assert nothing_stored()

    # Postmark tries again (any answer but 200 and 403); the owner has raised the limit.
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_INBOUND_MAIL_BYTES": 1_000_000}
    taken = post_postmark(postmark_json(big))

    assert taken.status_code == 200
    (message,) = Case.objects.get().messages.filter(direction=Direction.INBOUND)
    (attachment,) = message.attachments.all()
    assert attachment.file.open("rb").read() == PDF * 20


def test_a_post_far_over_the_limit_is_refused_before_it_is_read(mailgun, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_INBOUND_MAIL_BYTES": 10_000}
    huge = customer_mail(pdf=b"x" * 1_500_000)

    response = post_mailgun(mailgun_raw_mime(huge))

    assert response.status_code == 413
    assert "MAX_INBOUND_MAIL_BYTES" in response.content.decode()
    assert nothing_stored()


def test_a_parsed_post_whose_attachment_was_dropped_is_refused_not_taken_without_it(
    mailgun, settings
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_ATTACHMENT_BYTES": 1_000}

    response = post_mailgun(mailgun_parsed(customer_mail()), kind="inbound")

    assert response.status_code == 413
    assert "'gauge.pdf' is larger than" in response.content.decode()
    assert nothing_stored()


def test_a_bounce_posted_by_the_provider_goes_where_an_imap_bounce_goes(mailgun):
    # Through the same intake: a report that matches none of our mail is kept under
    # "Could not process", never a case (tests/mail/test_bounces.py has the rest).
    report = EmailMessage(policy=default_policy)
    report["From"] = "MAILER-DAEMON@mx.example.net"
    report["To"] = "support@rightthere.test"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Message-ID"] = "<bounce-1@mx.example.net>"
    report["Auto-Submitted"] = "auto-replied"
    report.set_content(
        "I'm sorry to have to inform you that your message could not be delivered.\n\n"
        "<nobody@example.org>: 550 5.1.1 user unknown\n"
    )

    assert post_mailgun(mailgun_raw_mime(report)).status_code == 200

    stored = InboundMail.objects.get()
    assert stored.status == InboundStatus.FAILED
    assert "matches none of the mail we sent" in stored.error
    assert not Case.objects.exists()


def test_sendgrid_raw_post_with_the_webhook_password_makes_the_same_case_as_imap(
    settings, imap, mailbox
):
    # SendGrid's Inbound Parse with "POST the raw, full MIME message": multipart/form-data
    # with the mail in "email" (https://www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook).
    # It signs nothing: the password in the URL (basic auth) is the check.
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": "sendgrid"}
    settings.ANYMAIL = {"SENDGRID_API_KEY": "SG.key", "WEBHOOK_SECRET": WEBHOOK_SECRET}
    expected = through_imap(imap, mailbox)

    def post(mail, **auth):
        fields = {
            "email": mail.as_string(),
            "to": "support@rightthere.test",
            "from": str(mail["From"]),
            "subject": str(mail["Subject"]),
            "envelope": json.dumps({"to": ["support@rightthere.test"], "from": "jo@example.com"}),
            "charsets": json.dumps({"to": "UTF-8", "subject": "UTF-8", "from": "UTF-8"}),
            "SPF": "pass",
            "spam_score": "0.1",
        }
        return Client().post("/mail/provider/sendgrid/inbound/", fields, **auth)

    assert post(customer_mail()).status_code == 401
    assert nothing_stored()
    first = post(customer_mail(), **basic_auth())
    answer = post(reply_mail(), **basic_auth())

    assert (first.status_code, answer.status_code) == (200, 200)
    assert desk_state() == expected

"""Outgoing mail through a real SMTP server (aiosmtpd), not Django's in-memory outbox."""

import email
from email import policy

import pytest

from rightthere.cases.models import Direction
from rightthere.desk import messages as desk_messages
from rightthere.outbox.models import DeliveryStatus, OutboundMail
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_smtp(settings, smtp_server):
    handler, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "Brightside <support@brightside.test>"
    return handler


def test_reply_reaches_the_smtp_server_with_headers_that_thread(agent, run_tasks, real_smtp):
    case = make_case(subject="Gutter overflowing")
    desk_messages.add_message(
        case, actor=agent, direction=Direction.OUTBOUND, body_text="Friday 10:00"
    )

    run_tasks()

    envelope = real_smtp.envelopes[0]
    received = email.message_from_bytes(envelope.content, policy=policy.default)
    stored = OutboundMail.objects.get()
    assert envelope.rcpt_tos == [case.contact.email]
    assert received["Subject"] == f"Gutter overflowing [{case.reference}]"
    assert received["Message-ID"] == stored.mail_message_id
    assert received["Message-ID"].endswith("@brightside.test>")
    assert received.get_body(("plain",)).get_content().startswith("Friday 10:00")
    assert "Friday 10:00" in received.get_body(("html",)).get_content()
    assert stored.status == DeliveryStatus.SENT


def test_mail_case_is_acknowledged_and_the_customers_answer_threads_back(run_tasks, real_smtp):
    from email.message import EmailMessage

    from rightthere.mail.ingest import ingest

    first = ingest(
        b"From: Rosa Diaz <rosa@example.net>\r\nTo: support@brightside.test\r\n"
        b"Subject: Dripping shower\r\nMessage-ID: <first@example.net>\r\n\r\n"
        b"The shower drips all night.\r\n",
        "eml",
    )
    run_tasks()  # the acknowledgement is written after commit and sent by the worker

    acknowledgement = email.message_from_bytes(
        real_smtp.envelopes[0].content, policy=policy.default
    )
    assert "will answer you by" in acknowledgement.get_body(("plain",)).get_content()
    assert acknowledgement["In-Reply-To"] == "<first@example.net>"
    answer = EmailMessage()
    answer["From"] = "Rosa Diaz <rosa@example.net>"
    answer["To"] = "support@brightside.test"
    answer["Subject"] = "Re: " + acknowledgement["Subject"].split(" [")[0]  # reference dropped
    answer["Message-ID"] = "<second@example.net>"
    answer["In-Reply-To"] = acknowledgement["Message-ID"]
    answer.set_content("Also the tap in the kitchen.")

    second = ingest(answer.as_bytes(), "eml")

    assert second.case_id == first.case_id
    assert not second.opened_case
    assert second.case.messages.filter(body_text__contains="tap in the kitchen").exists()

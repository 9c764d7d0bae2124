"""Outgoing mail through a real SMTP server (aiosmtpd), not Django's in-memory outbox."""

import email
from email import policy

import pytest

from rightthere.cases import actions
from rightthere.cases.models import Direction
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
    actions.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text="Friday 10:00")

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

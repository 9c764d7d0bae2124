"""Set-up pages: mailboxes without a password field, inbound mail with Retry."""

import pytest
from django.urls import reverse

from rightthere.mail import ingest
from rightthere.mail.models import InboundMail, InboundStatus, Source
from tests.mail.factories import MailboxFactory
from tests.mail.mails import fixture, make_mail

pytestmark = pytest.mark.django_db


def test_mailbox_form_has_no_password_field_and_names_the_variable(owner, as_user):
    mailbox = MailboxFactory(name="Support desk", password_env="")

    page = as_user(owner).get(reverse("admin:mail_mailbox_change", args=[mailbox.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'type="password"' not in html
    assert 'name="password"' not in html
    assert "RIGHTTHERE_MAILBOX_SUPPORT_DESK_PASSWORD" in html
    assert "is NOT set" in html


def test_inbound_list_filters_mail_that_could_not_be_processed(owner, as_user):
    ingest.ingest(fixture("no_sender.eml"), Source.IMAP)
    ingest.ingest(make_mail(subject="Fine mail"), Source.IMAP)

    page = as_user(owner).get(reverse("admin:mail_inboundmail_changelist"), {"status": "failed"})

    html = page.content.decode()
    assert "Could not process" in html
    assert "The mail has no sender address" in html
    assert "Fine mail" not in html


def test_retry_action_processes_failed_mail_again(owner, as_user, mail_settings):
    mail_settings(MAX_INBOUND_MAIL_BYTES=100)
    failed = ingest.ingest(make_mail(), Source.IMAP)
    mail_settings(MAX_INBOUND_MAIL_BYTES=10_000_000)

    response = as_user(owner).post(
        reverse("admin:mail_inboundmail_changelist"),
        {"action": "retry_failed", "_selected_action": [failed.pk]},
        follow=True,
    )

    assert InboundMail.objects.get(pk=failed.pk).status == InboundStatus.PROCESSED
    assert "Retried: 1 processed." in response.content.decode()


def test_admin_downloads_the_raw_mail(owner, as_user):
    inbound = ingest.ingest(fixture("plain_request.eml"), Source.IMAP)

    response = as_user(owner).get(reverse("admin:mail_inboundmail_raw", args=[inbound.pk]))

    assert response.content == fixture("plain_request.eml")

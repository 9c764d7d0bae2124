"""Polling a real Dovecot server: mail is stored before it is marked read, and a
second poll finds nothing new."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rightthere.cases.models import Case
from rightthere.mail import imap as transport
from rightthere.mail.models import InboundMail, InboundStatus
from tests.mail.factories import MailboxFactory
from tests.mail.mails import fixture, make_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(imap, monkeypatch):
    monkeypatch.setenv("RT_TEST_IMAP_PASSWORD", "desk-password")
    return MailboxFactory(port=imap.port)


def test_polling_turns_unseen_mail_into_cases_and_marks_it_seen(imap, mailbox):
    imap.append(fixture("plain_request.eml"))
    imap.append(make_mail(sender="ann@example.org", message_id="second@example.org"))

    result = imap_poll(mailbox)

    assert (result.fetched, result.new, result.duplicates, result.error) == (2, 2, 0, "")
    assert Case.objects.count() == 2
    assert InboundMail.objects.filter(status=InboundStatus.PROCESSED, mailbox=mailbox).count() == 2
    assert all("\\Seen" in flags for flags in imap.flags())
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at is not None
    assert mailbox.last_error == ""


def imap_poll(mailbox):
    return transport.poll_mailbox(mailbox)


def test_reply_fetched_later_threads_into_the_case(imap, mailbox):
    imap.append(fixture("plain_request.eml"))
    imap_poll(mailbox)
    imap.append(fixture("quoted_reply_signature.eml"))

    imap_poll(mailbox)

    assert Case.objects.count() == 1
    assert Case.objects.get().messages.filter(direction="inbound").count() == 2


def test_mail_is_marked_seen_only_after_it_is_stored(imap, mailbox, monkeypatch):
    flags_when_stored = []
    real_store_raw = transport.store_raw

    def store_and_look(raw, source, **kwargs):
        flags_when_stored.extend(imap.flags())
        return real_store_raw(raw, source, **kwargs)

    monkeypatch.setattr(transport, "store_raw", store_and_look)
    imap.append(fixture("plain_request.eml"))

    imap_poll(mailbox)

    assert len(flags_when_stored) == 1
    assert "\\Seen" not in flags_when_stored[0]
    assert "\\Seen" in imap.flags()[0]


def test_mail_that_could_not_be_stored_stays_unseen_for_the_next_poll(imap, mailbox, monkeypatch):
    def database_down(raw, source, **kwargs):
        raise ConnectionError("database is down")

    real_store_raw = transport.store_raw
    monkeypatch.setattr(transport, "store_raw", database_down)
    imap.append(fixture("plain_request.eml"))

    result = imap_poll(mailbox)
    flags_after_failure = imap.flags()
    monkeypatch.setattr(transport, "store_raw", real_store_raw)
    next_poll = imap_poll(mailbox)

    assert result.error == "database is down"
    assert "\\Seen" not in flags_after_failure[0]
    assert (next_poll.new, next_poll.error) == (1, "")
    assert "\\Seen" in imap.flags()[0]


def test_second_poll_creates_nothing_new(imap, mailbox):
    imap.append(fixture("plain_request.eml"))
    imap.append(fixture("html_only.eml"))
    imap_poll(mailbox)

    again = imap_poll(mailbox)
    unseen_again = _mark_all_unseen(imap)
    after_redelivery = imap_poll(mailbox)

    assert (again.fetched, again.new) == (0, 0)
    assert unseen_again == 2
    assert (after_redelivery.fetched, after_redelivery.duplicates) == (2, 2)
    assert after_redelivery.new == 0
    assert InboundMail.objects.count() == 2
    assert Case.objects.count() == 2


def _mark_all_unseen(server):
    connection = server.connect()
    connection.select("INBOX")
    connection.store("1:*", "-FLAGS", "(\\Seen)")
    count = len(connection.search(None, "UNSEEN")[1][0].split())
    connection.logout()
    return count


def test_stored_mail_is_moved_to_the_processed_folder(imap, mailbox):
    mailbox.processed_folder = "Rightthere done"
    mailbox.save()
    imap.append(fixture("plain_request.eml"))

    result = imap_poll(mailbox)

    assert result.new == 1
    assert imap.count(folder="INBOX") == 0
    assert imap.count(folder="Rightthere done") == 1


def test_unparseable_mail_is_fetched_stored_and_listed_as_failed(imap, mailbox):
    imap.append(fixture("no_sender.eml"))

    result = imap_poll(mailbox)

    assert (result.fetched, result.new, result.failed) == (1, 1, 1)
    assert InboundMail.objects.get().status == InboundStatus.FAILED
    assert "\\Seen" in imap.flags()[0]


def test_wrong_password_is_recorded_on_the_mailbox(imap, mailbox, monkeypatch):
    monkeypatch.setenv("RT_TEST_IMAP_PASSWORD", "wrong")

    result = imap_poll(mailbox)

    mailbox.refresh_from_db()
    assert "Authentication failed" in result.error
    assert mailbox.last_error == result.error


def test_missing_password_variable_is_explained(db, monkeypatch):
    monkeypatch.delenv("RT_TEST_IMAP_PASSWORD", raising=False)
    mailbox = MailboxFactory(name="Sales desk", password_env="")

    result = imap_poll(mailbox)

    assert result.error == (
        "No password: set the environment variable RIGHTTHERE_MAILBOX_SALES_DESK_PASSWORD."
    )


def test_fetch_mail_command_polls_active_mailboxes_and_prints_counts(imap, mailbox, capsys):
    MailboxFactory(port=imap.port, active=False, name="Old desk", password_env="NOPE")
    imap.append(fixture("plain_request.eml"))

    call_command("fetch_mail")

    out = capsys.readouterr().out
    assert f"{mailbox.name}: 1 fetched, 1 new, 0 duplicates, 0 could not be processed" in out
    assert "Old desk" not in out


def test_fetch_mail_command_fails_when_a_mailbox_cannot_be_polled(db, capsys, monkeypatch):
    monkeypatch.delenv("RT_TEST_IMAP_PASSWORD", raising=False)
    MailboxFactory(name="Broken desk")

    with pytest.raises(CommandError, match="Could not poll: Broken desk"):
        call_command("fetch_mail")

    assert "Broken desk: could not poll: No password" in capsys.readouterr().out

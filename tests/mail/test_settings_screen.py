"""The owner's Mailboxes and outgoing mail screen (/settings/mail/): Test connection
against a real Dovecot, Send a test mail through a real SMTP server (aiosmtpd), who may
use it, errors next to the field, and a settings change for each."""

import socket

import pytest
from django.urls import reverse

from rightthere.accounts.models import SettingsChange
from rightthere.mail.models import Mailbox, Security
from tests.api.conftest import api_as  # noqa: F401 - the API client fixture
from tests.outbox.conftest import smtp_server  # noqa: F401 - the real SMTP server fixture

pytestmark = pytest.mark.django_db


def _box(imap, name="Support", **changes):
    values = {"name": name, "host": "127.0.0.1", "port": imap.port, "security": Security.NONE,
              "username": "desk", "password_env": "SUPPORT_TEST_PASSWORD"}  # fmt: skip
    return Mailbox.objects.create(**{**values, **changes})


def _test(client, box):
    client.post(reverse("settings_mail_test", args=[box.pk]))
    return client.get(reverse("settings_mail")).content.decode()


def test_test_connection_reports_the_folders_and_the_mail_found(client, owner, imap,
                                                                monkeypatch):  # fmt: skip
    monkeypatch.setenv("SUPPORT_TEST_PASSWORD", "desk-password")
    imap.append(b"From: a@example.com\r\nSubject: one\r\n\r\nHello\r\n")
    imap.append(b"From: b@example.com\r\nSubject: two\r\n\r\nHello\r\n")
    box = _box(imap)
    client.force_login(owner)

    html = _test(client, box)

    assert "Connected." in html
    assert "2 messages in INBOX, 2 unread" in html
    assert "Folders: INBOX" in html
    change = SettingsChange.objects.get()
    assert change.actor == owner and change.screen == "mailboxes"
    assert "logged in" in change.summary
    assert imap.count() == 2  # looking changes nothing on the server


def test_a_wrong_password_is_told_as_such(client, owner, imap, monkeypatch):
    monkeypatch.setenv("SUPPORT_TEST_PASSWORD", "not-the-password")
    box = _box(imap)
    client.force_login(owner)
    html = _test(client, box)
    assert "Could not connect." in html
    assert "refused the log-in of desk: wrong user name or password?" in html
    assert "SUPPORT_TEST_PASSWORD" in html
    box.refresh_from_db()
    assert "refused the log-in" in box.last_error


def test_a_host_that_cannot_be_reached_is_told_as_such(client, owner, imap, monkeypatch):
    monkeypatch.setenv("SUPPORT_TEST_PASSWORD", "desk-password")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    box = _box(imap, port=closed)
    client.force_login(owner)
    html = _test(client, box)
    assert f"Cannot reach 127.0.0.1:{closed}: the connection was refused" in html


def test_tls_against_a_plain_server_is_told_as_a_tls_failure(client, owner, imap, monkeypatch):
    monkeypatch.setenv("SUPPORT_TEST_PASSWORD", "desk-password")
    box = _box(imap, security=Security.SSL)
    client.force_login(owner)
    html = _test(client, box)
    assert "TLS failed at 127.0.0.1" in html


def test_a_missing_password_says_which_variable_to_set(client, owner, imap, monkeypatch):
    monkeypatch.delenv("SUPPORT_TEST_PASSWORD", raising=False)
    box = _box(imap)
    client.force_login(owner)
    html = _test(client, box)
    assert "No password: set the environment variable SUPPORT_TEST_PASSWORD" in html


def test_owner_adds_a_mailbox_and_bad_input_shows_next_to_the_field(client, owner):
    client.force_login(owner)
    bad = client.post(reverse("settings_mail"), {
        "name": "Support", "host": "imap example com", "port": "993", "security": "ssl",
        "username": "desk", "folder": "INBOX", "password_env": "has space",
    })  # fmt: skip
    assert bad.status_code == 422
    assert "IMAP server's name" in bad.context["form"].errors["host"][0]
    assert not Mailbox.objects.exists()

    good = client.post(reverse("settings_mail"), {
        "name": "Support", "host": "imap.example.com", "port": "993", "security": "ssl",
        "username": "desk@example.com", "folder": "INBOX", "active": "on",
    })  # fmt: skip

    assert good.status_code == 302
    box = Mailbox.objects.get()
    page = client.get(reverse("settings_mail")).content.decode()
    assert "RIGHTTHERE_MAILBOX_SUPPORT_PASSWORD" in page and "not set" in page
    assert SettingsChange.objects.get().summary.startswith("Added the mailbox Support")
    client.post(reverse("settings_mail_delete", args=[box.pk]))
    assert not Mailbox.objects.exists()
    assert SettingsChange.objects.filter(summary__startswith="Removed the mailbox").exists()


def test_send_a_test_mail_reaches_a_real_smtp_server(client, owner, settings, smtp_server):  # noqa: F811
    handler, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": True}
    client.force_login(owner)

    client.post(reverse("settings_mail_send_test"), {"to": "olivia@brightside.test"})

    assert [e.rcpt_tos for e in handler.envelopes] == [["olivia@brightside.test"]]
    assert b"Subject: Rightthere test mail" in handler.envelopes[0].content
    html = client.get(reverse("settings_mail")).content.decode()
    assert "Test mail sent." in html and f"127.0.0.1:{port}" in html
    assert SettingsChange.objects.get().screen == "outgoing_mail"


def test_a_test_mail_to_a_closed_port_says_the_server_cannot_be_reached(client, owner, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": True}
    client.force_login(owner)
    client.post(reverse("settings_mail_send_test"), {"to": "olivia@brightside.test"})
    html = client.get(reverse("settings_mail")).content.decode()
    assert "The test mail was not sent." in html
    assert f"Cannot reach 127.0.0.1:{closed}: the connection was refused" in html


def test_a_bad_address_for_the_test_mail_is_shown_next_to_it(client, owner):
    client.force_login(owner)
    answer = client.post(reverse("settings_mail_send_test"), {"to": "not an address"})
    assert answer.status_code == 422
    assert answer.context["test_form"].errors["to"]


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_use_the_mail_settings(role, request, client):
    box = Mailbox.objects.create(name="Support", host="h", username="u")
    client.force_login(request.getfixturevalue(role))
    urls = [("get", reverse("settings_mail")), ("post", reverse("settings_mail")),
            ("get", reverse("settings_mail_mailbox", args=[box.pk])),
            ("post", reverse("settings_mail_test", args=[box.pk])),
            ("post", reverse("settings_mail_delete", args=[box.pk])),
            ("post", reverse("settings_mail_send_test"))]  # fmt: skip
    assert {getattr(client, m)(url).status_code for m, url in urls} == {403}
    assert Mailbox.objects.exists() and not SettingsChange.objects.exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client):
    for url in (reverse("settings_mail"), reverse("settings_mail_send_test")):
        answer = client.post(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")


def test_the_api_adds_and_tests_a_mailbox_as_the_screen_does(api_as, owner, agent, imap,  # noqa: F811
                                                             monkeypatch):  # fmt: skip
    from tests.api.conftest import send

    monkeypatch.setenv("API_BOX_PASSWORD", "desk-password")
    body = {"name": "Api box", "host": "127.0.0.1", "port": imap.port, "security": "none",
            "username": "desk", "password_env": "API_BOX_PASSWORD"}  # fmt: skip
    assert send(api_as(agent), "post", "/api/mailboxes", body).status_code == 403
    made = send(api_as(owner), "post", "/api/mailboxes", body)
    assert made.status_code == 201, made.content
    assert made.json()["password_set"] is True
    report = send(api_as(owner), "post", f"/api/mailboxes/{made.json()['id']}/test").json()
    assert report["ok"] is True and "INBOX" in report["folders"]
    bad = send(api_as(owner), "post", "/api/mailboxes", {**body, "name": "B", "host": "a b"})
    assert bad.status_code == 400  # InvalidInput's status across the API
    assert "IMAP server's name" in bad.content.decode()

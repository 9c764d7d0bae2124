"""The mail provider on the screens (#22 item 3): /settings/mail/ says which provider
is configured, what it still lacks and the inbound URL to paste in its console; the
Set-up page counts it as how customers reach you and as outgoing mail; GET
/api/outgoing-mail says the same; the environment is read into anymail's settings."""

import pytest
from django.urls import reverse

from rightthere.mail.providers import PROVIDERS, configured, provider_settings
from rightthere.setup_screens.gaps import missing
from tests.api.conftest import api_as  # noqa: F401 - the API client fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def base_url(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "https://desk.example.com"}


def use(settings, key, **anymail):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": key, "SEND_MAIL": True}
    settings.ANYMAIL = anymail


def test_the_environment_becomes_anymails_settings_for_the_chosen_provider_only():
    environ = {
        "MAILGUN_API_KEY": "key-1",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "sign-1",
        "MAILGUN_API_URL": "https://api.eu.mailgun.net/v3",
        "POSTMARK_SERVER_TOKEN": "not-for-mailgun",
        "RIGHTTHERE_MAIL_WEBHOOK_SECRET": "desk:s3cret",
        "EMAIL_HOST": "smtp.example.com",
    }

    assert provider_settings(environ, PROVIDERS["mailgun"]) == {
        "MAILGUN_API_KEY": "key-1",
        "MAILGUN_WEBHOOK_SIGNING_KEY": "sign-1",
        "MAILGUN_API_URL": "https://api.eu.mailgun.net/v3",
        "WEBHOOK_SECRET": "desk:s3cret",
    }
    assert PROVIDERS["ses"].backend == "anymail.backends.amazon_ses.EmailBackend"


def test_the_mail_screen_shows_the_provider_and_the_url_to_paste(client, owner, settings,
                                                                 base_url):  # fmt: skip
    use(settings, "postmark", POSTMARK_SERVER_TOKEN="t", WEBHOOK_SECRET="desk:s3cret")
    client.force_login(owner)

    html = client.get(reverse("settings_mail")).content.decode()

    assert "through <strong>Postmark</strong>'s API" in html
    assert "https://desk:****@desk.example.com/mail/provider/postmark/inbound/" in html
    assert "https://desk:****@desk.example.com/mail/provider/postmark/tracking/" in html
    assert "s3cret" not in html
    assert "data-provider-problem" not in html


def test_the_mail_screen_says_what_the_provider_still_lacks(client, owner, settings, base_url):
    use(settings, "mailgun")
    client.force_login(owner)

    html = client.get(reverse("settings_mail")).content.decode()

    assert "https://desk.example.com/mail/provider/mailgun/inbound_mime/" in html
    assert "MAILGUN_WEBHOOK_SIGNING_KEY is not set" in html
    assert "MAILGUN_API_KEY is not set: Mailgun cannot send." in html


def test_without_a_provider_the_screen_says_how_to_choose_one(client, owner):
    client.force_login(owner)

    html = client.get(reverse("settings_mail")).content.decode()

    assert "None: mail comes in from the mailboxes above" in html
    assert "RIGHTTHERE_MAIL_PROVIDER" in html


def test_a_working_provider_counts_as_how_customers_reach_you_and_as_outgoing_mail(owner, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": False}  # no SMTP server either
    gaps = {gap.key for gap in missing()}
    assert {"mailbox", "outgoing_mail"} <= gaps
    use(settings, "mailgun", MAILGUN_API_KEY="k", MAILGUN_WEBHOOK_SIGNING_KEY="s")

    gaps = {gap.key for gap in missing()}

    assert not gaps & {"mailbox", "outgoing_mail", "mail_provider_inbound",
                       "mail_provider_sending"}  # fmt: skip


def test_a_provider_set_up_in_part_is_a_to_do_saying_what_it_lacks(owner, settings):
    use(settings, "postmark")

    gaps = {gap.key: gap for gap in missing()}

    assert "RIGHTTHERE_MAIL_WEBHOOK_SECRET is not set" in gaps["mail_provider_inbound"].why
    assert "POSTMARK_SERVER_TOKEN is not set" in gaps["mail_provider_sending"].why
    assert gaps["mail_provider_inbound"].fix_url == reverse("settings_mail") + "#provider"
    assert "mailbox" in gaps  # its posts are refused, so mail does not reach the desk yet
    assert "outgoing_mail" not in gaps  # told once, as the provider's


def test_the_api_tells_the_provider_and_its_urls_to_owners_only(api_as, owner, agent,  # noqa: F811
                                                                settings, base_url):  # fmt: skip
    use(settings, "mailgun", MAILGUN_API_KEY="k", MAILGUN_WEBHOOK_SIGNING_KEY="s")

    assert api_as(agent).get("/api/outgoing-mail").status_code == 403
    body = api_as(owner).get("/api/outgoing-mail").json()

    assert body["provider"] == "mailgun"
    assert body["provider_label"] == "Mailgun"
    assert body["inbound_url"] == "https://desk.example.com/mail/provider/mailgun/inbound_mime/"
    assert body["tracking_url"] == "https://desk.example.com/mail/provider/mailgun/tracking/"
    assert body["provider_problems"] == []
    assert body["sending"] is True
    assert configured().receives


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_only_owners_see_the_provider_screen(client, who, request, settings):
    use(settings, "mailgun", MAILGUN_API_KEY="k", MAILGUN_WEBHOOK_SIGNING_KEY="s")
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("settings_mail")).status_code in (403, 404)


def test_anonymous_is_sent_to_log_in(client, settings):
    use(settings, "mailgun", MAILGUN_API_KEY="k", MAILGUN_WEBHOOK_SIGNING_KEY="s")

    response = client.get(reverse("settings_mail"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_command_tells_the_provider_its_urls_and_what_it_lacks(settings, base_url):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("mail_provider", stdout=out)
    assert "No mail provider" in out.getvalue()

    use(settings, "mailgun", MAILGUN_API_KEY="k")
    out = StringIO()
    with pytest.raises(CommandError, match="MAILGUN_WEBHOOK_SIGNING_KEY is not set"):
        call_command("mail_provider", stdout=out)
    assert "https://desk.example.com/mail/provider/mailgun/inbound_mime/" in out.getvalue()
    assert "MAILGUN_WEBHOOK_SIGNING_KEY: NOT SET" in out.getvalue()

    use(settings, "mailgun", MAILGUN_API_KEY="k", MAILGUN_WEBHOOK_SIGNING_KEY="s")
    out = StringIO()
    call_command("mail_provider", stdout=out)
    assert "Ready to send and receive." in out.getvalue()


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"RIGHTTHERE_MAIL_PROVIDER": "Postmark", "POSTMARK_SERVER_TOKEN": "t"},
         "anymail.backends.postmark.EmailBackend {'POSTMARK_SERVER_TOKEN': 't'} True"),
        ({"RIGHTTHERE_MAIL_PROVIDER": "ses"},
         "anymail.backends.amazon_ses.EmailBackend {} True"),
        ({"RIGHTTHERE_MAIL_PROVIDER": "sparrow"},
         "RIGHTTHERE_MAIL_PROVIDER='sparrow' is not one of mailgun, postmark, sendgrid, ses, "
         "brevo"),
    ],
    ids=["postmark", "ses", "unknown"],
)  # fmt: skip
def test_the_environment_chooses_the_provider_when_the_desk_starts(environment, expected):
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "EMAIL_BACKEND"}
    env.update(RIGHTTHERE_TESTING="1", DJANGO_SETTINGS_MODULE="rightthere.settings",
               **environment)  # fmt: skip
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.EMAIL_BACKEND, settings.ANYMAIL, settings.RIGHTTHERE['SEND_MAIL'])")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,  # noqa: S603
                         timeout=120, check=False)  # fmt: skip

    assert expected in run.stdout + run.stderr

"""Team and users: an owner invites a person by mail with a one-time link, who chooses
a password and is logged in; deactivating keeps their history."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from rightthere.accounts.models import Role, SettingsChange, User
from tests.factories import TeamFactory, make_case

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a fresh long phrase 77"


def test_invited_agent_chooses_a_password_through_the_link_once(as_user, owner, client):
    team = TeamFactory(name="Front desk")
    as_user(owner).post(reverse("settings_team"), {"first_name": "Anna", "email":
                        "anna@brightside.test", "role": Role.AGENT, "team": team.pk})  # fmt: skip
    anna = User.objects.get(email="anna@brightside.test")
    assert (anna.role, list(anna.teams.all()), anna.has_usable_password()) == (
        Role.AGENT, [team], False)  # fmt: skip
    (invitation,) = mail.outbox
    link = re.search(r"http://\S+/invite/\S+/", invitation.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert "Invited Anna" in SettingsChange.objects.get().summary

    client.logout()
    response = client.post(f"/{path}", {"new_password1": NEW_PASSWORD,
                                        "new_password2": NEW_PASSWORD})  # fmt: skip
    assert response["Location"] == reverse("inbox")
    assert client.get(reverse("inbox")).status_code == 200
    client.logout()
    assert client.get(f"/{path}").status_code == 404  # used once


def test_inviting_an_address_twice_is_shown_next_to_the_email(as_user, owner):
    client = as_user(owner)
    data = {"email": "anna@brightside.test", "role": Role.AGENT}
    client.post(reverse("settings_team"), data)
    page = client.post(reverse("settings_team"), data).content.decode()
    assert "already has an account" in page
    assert User.objects.filter(email="anna@brightside.test").count() == 1


def test_deactivated_agent_cannot_log_in_and_keeps_their_cases(as_user, owner, agent, client):
    case = make_case(assignee=agent)
    as_user(owner).post(reverse("settings_person_active", args=[agent.pk]), {"active": "0"})

    agent.refresh_from_db()
    assert not agent.is_active
    case.refresh_from_db()
    assert case.assignee == agent
    assert SettingsChange.objects.get().summary == f"Deactivated {agent.display_name}"


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("agent", 403),
                                             ("technician", 403), ("subcontractor", 403)])  # fmt: skip
def test_each_role_opening_team_and_users(request, as_user, who, status):
    assert as_user(request.getfixturevalue(who)).get(reverse("settings_team")).status_code == status


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_other_roles_cannot_invite_or_deactivate(request, as_user, owner, who):
    client = as_user(request.getfixturevalue(who))
    invite = client.post(reverse("settings_team"), {"email": "x@y.test", "role": Role.OWNER})
    off = client.post(reverse("settings_person_active", args=[owner.pk]), {"active": "0"})
    assert (invite.status_code, off.status_code) == (403, 403)
    owner.refresh_from_db()
    assert owner.is_active and not User.objects.filter(email="x@y.test").exists()


def test_the_invite_form_names_its_empty_choices(as_user, owner):
    TeamFactory(name="Front desk")

    page = as_user(owner).get(reverse("settings_team")).content.decode()

    assert "---------" not in page
    assert '<option value="" selected>— no team —</option>' in page
    assert '<option value="" selected>— no manager —</option>' in page
    assert re.search(r'<select name="role"[^>]*>\s*<option value="agent">', page)  # the default


def test_the_person_form_names_its_empty_manager(as_user, owner, agent):
    page = as_user(owner).get(reverse("settings_person", args=[agent.pk])).content.decode()

    assert "---------" not in page
    assert "— no manager —" in page


def test_invitation_is_said_sent_only_when_a_mail_server_is_set(as_user, owner, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": True}
    client = as_user(owner)

    page = client.post(reverse("settings_team"), {"email": "nina@brightside.test",
                       "role": Role.AGENT}, follow=True).content.decode()  # fmt: skip

    assert "Invitation sent to nina@brightside.test." in page
    assert "If the mail does not arrive, give them this link (it works once):" in page
    assert len(mail.outbox) == 1


def test_without_a_mail_server_the_invitation_is_saved_and_the_link_handed_over(
    as_user, owner, settings
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": False}
    client = as_user(owner)

    page = client.post(reverse("settings_team"), {"email": "nina@brightside.test",
                       "role": Role.AGENT}, follow=True).content.decode()  # fmt: skip

    assert "Invitation sent" not in page
    assert ("Invitation for nina@brightside.test saved, but no mail went out: outgoing mail "
            "is not set up yet (Set-up › Mailboxes and outgoing mail).") in page  # fmt: skip
    assert "No mail went out: give them this link yourself (it works once):" in page
    assert re.search(r"<code>http://\S+/invite/\S+/</code>", page)
    assert mail.outbox == []
    assert User.objects.filter(email="nina@brightside.test", is_active=True).exists()

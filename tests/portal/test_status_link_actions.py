"""Send again, new link and revoke: one use case each, the same through the web, the API
and the command, each written to the case's timeline; only owners and agents may."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rightthere.cases.models import EventKind
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import has_live_link, status_path
from tests.api.conftest import api_as  # noqa: F401 - the API client fixture
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def grace_case():
    return make_case(contact=ContactFactory(name="Grace Hopper", email="grace@example.com"))


def link_events(case):
    return list(
        case.events.filter(kind=EventKind.STATUS_LINK).values_list("actor__username", "after")
    )


WEB = {"send": "status_link_resend", "rotate": "status_link_new", "revoke": "status_link_revoke"}
API = {"send": "resend", "rotate": "rotate", "revoke": "revoke"}
SAID = {
    "send": "Sent again to grace@example.com",
    "rotate": "Rotated (old link stopped)",
    "revoke": "Revoked",
}


@pytest.mark.parametrize("action", ["send", "rotate", "revoke"])
def test_each_action_on_the_case_page_is_on_the_timeline(action, grace_case, as_user, agent):
    status_path(grace_case)
    client = as_user(agent)

    client.post(reverse(WEB[action], args=[grace_case.pk]))

    assert link_events(grace_case) == [(agent.username, SAID[action])]
    page = client.get(reverse("case_detail", args=[grace_case.pk])).content.decode()
    assert f"customer&#x27;s status link: <b>{SAID[action]}</b>" in page


@pytest.mark.parametrize("action", ["send", "rotate", "revoke"])
def test_each_action_through_the_api_is_on_the_timeline(action, grace_case, api_as, owner):  # noqa: F811
    status_path(grace_case)

    response = api_as(owner).post(f"/api/cases/{grace_case.pk}/status-link/{API[action]}")

    assert response.status_code == 200, response.content
    assert link_events(grace_case) == [(owner.username, SAID[action])]


def test_api_answers_with_the_link(grace_case, api_as, owner):  # noqa: F811
    old = status_path(grace_case)
    client = api_as(owner)

    rotated = json.loads(client.post(f"/api/cases/{grace_case.pk}/status-link/rotate").content)
    new = status_path(grace_case)
    sent = json.loads(client.post(f"/api/cases/{grace_case.pk}/status-link/resend").content)
    revoked = json.loads(client.post(f"/api/cases/{grace_case.pk}/status-link/revoke").content)

    assert rotated["url"].endswith(new)
    assert new != old
    assert sent["email"] == "grace@example.com"
    assert sent["new_link"] is False
    assert sent["url"] == rotated["url"]
    assert revoked["url"] is None


def test_the_command_does_the_same_and_says_so(grace_case, owner, capsys):
    status_path(grace_case)

    call_command("status_link", grace_case.reference, "send", "--as", owner.username)
    call_command("status_link", grace_case.reference, "rotate", "--as", owner.username)
    call_command("status_link", grace_case.reference, "revoke", "--as", owner.username)
    call_command("status_link", grace_case.reference, "show", "--as", owner.username)

    out = capsys.readouterr().out
    assert "Mailed to grace@example.com" in out
    assert "No live link." in out
    assert [after for _, after in link_events(grace_case)] == [
        SAID["send"],
        SAID["rotate"],
        SAID["revoke"],
    ]


def test_the_command_refuses_a_technician_and_changes_nothing(technician):
    case = make_case(assignee=technician)  # the technician's own case
    hidden = make_case()
    old = status_path(case)

    with pytest.raises(CommandError, match="Only owners and agents"):
        call_command("status_link", case.reference, "revoke", "--as", technician.username)
    with pytest.raises(CommandError, match="No case .* that tom can see"):
        call_command("status_link", hidden.reference, "revoke", "--as", technician.username)

    assert status_path(case) == old
    assert link_events(case) == []


def test_send_again_after_revoke_makes_a_new_link_and_mails_it(grace_case, as_user, owner, client):
    old = status_path(grace_case)
    staff = as_user(owner)
    staff.post(reverse("status_link_revoke", args=[grace_case.pk]))
    widget = staff.get(reverse("status_link_widget", args=[grace_case.pk])).content.decode()
    assert reverse("status_link_resend", args=[grace_case.pk]) in widget  # the button is there
    mails = OutboundMail.objects.count()

    page = staff.post(reverse("status_link_resend", args=[grace_case.pk]), follow=True)

    assert "A new link was made and mailed to grace@example.com" in page.content.decode()
    assert OutboundMail.objects.count() == mails + 1
    new = status_path(grace_case)
    assert new != old
    assert new in grace_case.messages.last().body_text
    assert link_events(grace_case)[-1] == (owner.username, "New link sent to grace@example.com")
    client.logout()
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404


def test_send_to_a_customer_without_e_mail_is_refused_clearly(as_user, agent):
    case = make_case(contact=ContactFactory(email=""))
    old = status_path(case)

    page = as_user(agent).post(reverse("status_link_resend", args=[case.pk]), follow=True)

    assert "no e-mail address" in page.content.decode()
    assert status_path(case) == old
    assert link_events(case) == []


def test_revoking_twice_says_it_is_revoked_already(grace_case, as_user, agent):
    status_path(grace_case)
    client = as_user(agent)
    client.post(reverse("status_link_revoke", args=[grace_case.pk]))

    page = client.post(reverse("status_link_revoke", args=[grace_case.pk]), follow=True)

    assert "revoked already" in page.content.decode()
    assert not has_live_link(grace_case)
    assert len(link_events(grace_case)) == 1


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
@pytest.mark.parametrize("action", ["send", "rotate", "revoke"])
def test_technicians_and_subcontractors_may_not_even_on_their_own_case(
    role, action, request, as_user
):
    person = request.getfixturevalue(role)
    case = make_case(assignee=person)
    old = status_path(case)

    response = as_user(person).post(reverse(WEB[action], args=[case.pk]))

    assert response.status_code == 403
    assert status_path(case) == old
    assert link_events(case) == []


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_owners_and_agents_may(role, request, as_user, grace_case):
    status_path(grace_case)

    as_user(request.getfixturevalue(role)).post(reverse(WEB["rotate"], args=[grace_case.pk]))

    assert link_events(grace_case) == [(request.getfixturevalue(role).username, SAID["rotate"])]


def test_api_refuses_clearly_and_changes_nothing(api_as, agent):  # noqa: F811
    case = make_case(contact=ContactFactory(email=""))
    old = status_path(case)
    client = api_as(agent)

    no_mail = client.post(f"/api/cases/{case.pk}/status-link/resend")
    client.post(f"/api/cases/{case.pk}/status-link/revoke")
    twice = client.post(f"/api/cases/{case.pk}/status-link/revoke")

    assert no_mail.status_code == 400
    assert "no e-mail address" in json.loads(no_mail.content)["detail"]
    assert twice.status_code == 400
    assert "revoked already" in json.loads(twice.content)["detail"]
    assert link_events(case) == [(agent.username, "Revoked")]
    assert client.get(old).status_code == 404


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["RT-nonsense", "send", "--as", "olivia"], "is not a case reference"),
        (["{ref}", "send", "--as", "nobody-here"], "No active user called 'nobody-here'"),
        (["RT-999999", "send", "--as", "olivia"], "No case RT-999999 that olivia can see"),
    ],
)
def test_the_command_says_what_is_wrong(args, said, grace_case, owner):
    args = [arg.format(ref=grace_case.reference) for arg in args]

    with pytest.raises(CommandError, match=said):
        call_command("status_link", *args)

    assert link_events(grace_case) == []

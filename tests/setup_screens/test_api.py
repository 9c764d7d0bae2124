"""The set-up API: the same actions as the screens, owners only, bad input refused with
its message, each change in the settings change log."""

import pytest

from rightthere.accounts.models import SettingsChange
from rightthere.accounts.profile import business_name
from rightthere.accounts.tokens import create_api_token

pytestmark = pytest.mark.django_db


def api(client, user):
    _, key = create_api_token(user, "test")
    return lambda method, path, body=None: getattr(client, method)(
        f"/api{path}", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def test_owner_names_the_business_through_the_api(client, owner):
    call = api(client, owner)
    response = call("patch", "/business-profile", {"name": "Brightside Home Repairs"})

    assert response.status_code == 200
    assert response.json()["name"] == "Brightside Home Repairs"
    assert business_name() == "Brightside Home Repairs"
    assert SettingsChange.objects.get().actor == owner


def test_bad_colour_is_refused_with_its_message(client, owner):
    response = api(client, owner)("patch", "/business-profile", {"brand_colour": "green"})
    assert response.status_code == 400
    assert "#rrggbb" in response.content.decode()


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_only_owners_change_the_set_up(request, client, who):
    call = api(client, request.getfixturevalue(who))
    assert call("patch", "/business-profile", {"name": "X"}).status_code == 403
    assert call("put", "/priority-targets/high",
                {"first_response_minutes": 60, "resolution_minutes": 120}).status_code == 403  # fmt: skip
    assert not SettingsChange.objects.exists()


def test_owner_sets_a_target_through_the_api(client, owner):
    response = api(client, owner)("put", "/priority-targets/high",
                                  {"first_response_minutes": 90, "resolution_minutes": 600})  # fmt: skip
    assert response.json() == {"priority": "high", "first_response_minutes": 90,
                               "resolution_minutes": 600}  # fmt: skip
    assert "High priority" in SettingsChange.objects.get().summary


def test_owner_invites_a_person_through_the_api_and_the_link_works(client, owner, mailoutbox):
    from urllib.parse import urlsplit

    from rightthere.accounts.models import Team, User

    team = Team.objects.create(name="Front desk")
    response = api(client, owner)("post", "/invitations", {
        "email": "Anna@Brightside.test", "role": "agent", "first_name": "Anna",
        "team_id": team.pk,
    })  # fmt: skip

    assert response.status_code == 201, response.content
    body = response.json()
    anna = User.objects.get(pk=body["user_id"])
    assert (anna.email, anna.role, anna.has_usable_password()) == (
        "anna@brightside.test",
        "agent",
        False,
    )
    assert team.members.filter(pk=anna.pk).exists()
    assert body["invite_link"] in mailoutbox[-1].body
    assert "Invited Anna" in SettingsChange.objects.get().summary
    client.logout()
    page = client.get(urlsplit(body["invite_link"]).path)
    assert page.status_code == 200  # the one-time page to choose a password


def test_an_invitation_to_a_taken_address_is_refused_next_to_the_field(client, owner, agent):
    response = api(client, owner)("post", "/invitations", {"email": agent.email, "role": "agent"})
    assert response.status_code == 400
    assert "already has an account" in response.content.decode()


def test_owner_deactivates_and_brings_back_a_person_through_the_api(client, owner, agent):
    call = api(client, owner)

    off = call("put", f"/users/{agent.pk}/active", {"active": False})
    agent.refresh_from_db()
    assert (off.status_code, off.json(), agent.is_active) == (
        200,
        {"user_id": agent.pk, "is_active": False},
        False,
    )
    assert call("put", f"/users/{agent.pk}/active", {"active": True}).json()["is_active"]
    assert call("put", f"/users/{owner.pk}/active", {"active": False}).status_code == 400
    assert call("put", "/users/999999/active", {"active": False}).status_code == 404


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_only_owners_invite_or_deactivate(request, client, who, owner):
    call = api(client, request.getfixturevalue(who))
    assert (
        call("post", "/invitations", {"email": "x@example.com", "role": "agent"}).status_code == 403
    )
    assert call("put", f"/users/{owner.pk}/active", {"active": False}).status_code == 403
    owner.refresh_from_db()
    assert owner.is_active

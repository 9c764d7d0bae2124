"""The team a canned reply is filed under is fetched through `canned.access.access_team`
(the API) and `visible_teams` (the editor's choices): owners and agents name any team;
anyone else only their own teams, and a team they are not in is answered as one that
does not exist."""

import pytest
from django.urls import reverse

from rightthere.canned.models import CannedReply
from tests.api.conftest import send

pytestmark = pytest.mark.django_db

PARTS = {"title": "Part ordered", "body": "Hello {contact.first_name}, it is ordered."}


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_managers_file_a_reply_under_any_team_through_the_api(request, role, api_as, teams):
    client = api_as(request.getfixturevalue(role))

    made = send(client, "post", "/api/canned-replies",
                {**PARTS, "scope": "team", "team_id": teams["office"].pk})  # fmt: skip
    moved = send(client, "patch", f"/api/canned-replies/{made.json()['id']}",
                 {"team_id": teams["boiler"].pk})  # fmt: skip

    assert made.status_code == 201, made.content
    assert made.json()["team"]["name"] == "Office team"
    assert moved.status_code == 200, moved.content
    assert moved.json()["team"]["name"] == "Boiler team"


def test_a_technician_naming_a_team_they_are_not_in_hears_it_does_not_exist(
    technician, api_as, teams
):
    client = api_as(technician)

    other = send(client, "post", "/api/canned-replies",
                 {**PARTS, "scope": "team", "team_id": teams["office"].pk})  # fmt: skip
    missing = send(client, "post", "/api/canned-replies",
                   {**PARTS, "scope": "team", "team_id": 999999})  # fmt: skip

    assert (other.status_code, missing.status_code) == (400, 400)
    assert other.json()["detail"] == f"There is no team {teams['office'].pk}."
    assert not CannedReply.objects.exists()


def test_a_technician_naming_their_own_team_is_refused_the_sharing_not_the_team(
    technician, api_as, teams
):
    shared = send(api_as(technician), "post", "/api/canned-replies",
                  {**PARTS, "scope": "team", "team_id": teams["boiler"].pk})  # fmt: skip

    assert shared.status_code == 403
    assert "save it as your own" in shared.json()["detail"]


def test_a_technician_cannot_move_their_reply_to_another_team(technician, api_as, teams):
    client = api_as(technician)
    mine = send(client, "post", "/api/canned-replies", PARTS).json()

    moved = send(client, "patch", f"/api/canned-replies/{mine['id']}",
                 {"team_id": teams["office"].pk})  # fmt: skip

    assert moved.status_code == 400
    assert CannedReply.objects.get().team_id is None


def test_signed_out_nobody_names_a_team(client, teams):
    response = send(client, "post", "/api/canned-replies",
                    {**PARTS, "scope": "team", "team_id": teams["office"].pk})  # fmt: skip

    assert response.status_code == 401


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_the_editor_offers_managers_every_team_and_files_the_reply_there(
    request, role, as_user, teams
):
    client = as_user(request.getfixturevalue(role))

    form = client.get(reverse("canned_new")).content.decode()
    saved = client.post(reverse("canned_new"), {
        **PARTS, "scope": "team", "team": teams["office"].pk,
    })  # fmt: skip

    assert "Office team" in form and "Boiler team" in form
    assert saved.status_code == 302
    assert CannedReply.objects.get().team == teams["office"]


def test_the_editor_offers_a_technician_no_team(technician, as_user, teams):
    client = as_user(technician)

    form = client.get(reverse("canned_new")).content.decode()
    saved = client.post(reverse("canned_new"), {
        **PARTS, "scope": "personal", "team": teams["office"].pk,
    })  # fmt: skip

    assert "Office team" not in form
    assert saved.status_code == 302
    assert CannedReply.objects.get().team_id is None

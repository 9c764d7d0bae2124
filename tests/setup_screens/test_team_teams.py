"""Teams on the Team and users screen (audit 2, item 11): an owner adds, renames and
removes a team in the browser, through `accounts.setup` as the API and the admin do; a
team that people, cases or routing rules still belong to is not removed, and the page
says what belongs to it. Only owners; the API's PATCH and DELETE /api/teams/{id} alike."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import SettingsChange, Team
from rightthere.canned.models import CannedReply
from rightthere.desk import casework
from rightthere.insights.models import RoutingRule
from tests.factories import TeamFactory, make_case

pytestmark = pytest.mark.django_db


def _follow(response, client):
    assert response.status_code == 302, response.content
    return client.get(response["Location"]).content.decode()


def test_an_owner_adds_renames_and_removes_a_team(as_user, owner):
    client = as_user(owner)

    page = _follow(client.post(reverse("settings_team_add"), {"team-name": " Installations "}),
                   client)  # fmt: skip
    team = Team.objects.get()
    assert team.name == "Installations"
    assert "Team Installations added." in page
    assert f'action="{reverse("settings_team_rename", args=[team.pk])}"' in page

    page = _follow(client.post(reverse("settings_team_rename", args=[team.pk]),
                               {f"t{team.pk}-name": "Field service"}), client)  # fmt: skip
    team.refresh_from_db()
    assert team.name == "Field service"
    assert "Installations is now called Field service." in page

    page = _follow(client.post(reverse("settings_team_remove", args=[team.pk])), client)
    assert not Team.objects.exists()
    assert "Team Field service removed." in page
    assert list(SettingsChange.objects.order_by("pk").values_list("screen", "summary")) == [
        ("team", "Renamed the team Installations to Field service"),
        ("team", "Removed the team Field service"),
    ]


def test_a_name_taken_or_empty_is_refused_next_to_it_and_what_was_typed_stays(as_user, owner):
    client = as_user(owner)
    front, field = TeamFactory(name="Front desk"), TeamFactory(name="Field")

    added = client.post(reverse("settings_team_add"), {"team-name": "front DESK"})
    renamed = client.post(reverse("settings_team_rename", args=[field.pk]),
                          {f"t{field.pk}-name": "Front desk"})  # fmt: skip
    emptied = client.post(reverse("settings_team_rename", args=[field.pk]),
                          {f"t{field.pk}-name": "  "})  # fmt: skip

    assert (added.status_code, renamed.status_code, emptied.status_code) == (400, 400, 400)
    assert "There is already a team called &#x27;front DESK&#x27;." in added.content.decode()
    assert 'value="front DESK"' in added.content.decode()
    assert "There is already a team called &#x27;Front desk&#x27;." in renamed.content.decode()
    assert "This field is required." in emptied.content.decode()
    assert sorted(Team.objects.values_list("name", flat=True)) == ["Field", "Front desk"]
    assert front.pk and not SettingsChange.objects.exists()


def test_html_in_a_team_name_is_shown_as_text(as_user, owner):
    client = as_user(owner)
    page = _follow(client.post(reverse("settings_team_add"), {"team-name": "<b>Night</b>"}),
                   client)  # fmt: skip
    assert "<b>Night</b>" not in page
    assert "&lt;b&gt;Night&lt;/b&gt;" in page


def test_a_team_still_in_use_is_not_removed_and_the_page_says_why(as_user, owner, agent):
    client = as_user(owner)
    team = TeamFactory(name="Field")
    team.members.add(agent)
    for _ in range(2):
        casework.change_team(make_case(), actor=owner, team=team)
    RoutingRule.objects.create(kind="repair", team=team, created_at=timezone.now())
    CannedReply.objects.create(
        title="On our way",
        body="We are coming.",
        team=team,
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )

    page = _follow(client.post(reverse("settings_team_remove", args=[team.pk])), client)

    assert (
        "Field cannot be removed: it still has 1 person, 2 cases, 1 routing rule, 1 canned "
        "reply. Move them to another team first, or rename the team instead."
    ) in page
    assert Team.objects.filter(pk=team.pk).exists()
    assert (RoutingRule.objects.count(), CannedReply.objects.count()) == (1, 1)
    assert not SettingsChange.objects.filter(summary__startswith="Removed").exists()


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_only_owners_add_rename_or_remove_a_team(request, as_user, who):
    client = as_user(request.getfixturevalue(who))
    team = TeamFactory(name="Front desk")

    answers = [
        client.get(reverse("settings_team")).status_code,
        client.post(reverse("settings_team_add"), {"team-name": "Night"}).status_code,
        client.post(reverse("settings_team_rename", args=[team.pk]),
                    {f"t{team.pk}-name": "Taken over"}).status_code,
        client.post(reverse("settings_team_remove", args=[team.pk])).status_code,
    ]  # fmt: skip

    assert answers == [403, 403, 403, 403]
    assert list(Team.objects.values_list("name", flat=True)) == ["Front desk"]


def test_a_visitor_is_sent_to_log_in(client, owner):
    team = TeamFactory(name="Front desk")
    for url in (reverse("settings_team_add"), reverse("settings_team_remove", args=[team.pk])):
        response = client.post(url, {"team-name": "Night"})
        assert response["Location"].startswith(reverse("login"))
    assert Team.objects.count() == 1


def _api(client, user, method, path, body=None):
    from rightthere.accounts.tokens import create_api_token

    _, key = create_api_token(user, "tests")
    return getattr(client, method)(path, json.dumps(body) if body else None,
                                   content_type="application/json",
                                   headers={"authorization": f"Bearer {key}"})  # fmt: skip


def test_the_api_renames_and_removes_a_team_as_the_screen_does(client, owner, agent):
    spare, used = TeamFactory(name="Spare"), TeamFactory(name="Field")
    used.members.add(agent)

    renamed = _api(client, owner, "patch", f"/api/teams/{spare.pk}", {"name": "Night shift"})
    taken = _api(client, owner, "patch", f"/api/teams/{spare.pk}", {"name": "field"})
    refused = _api(client, owner, "delete", f"/api/teams/{used.pk}")
    removed = _api(client, owner, "delete", f"/api/teams/{spare.pk}")
    missing = _api(client, owner, "delete", f"/api/teams/{spare.pk}")

    assert renamed.status_code == 200, renamed.content
    assert renamed.json() == {"id": spare.pk, "name": "Night shift", "members": []}
    assert (taken.status_code, taken.json()["detail"]) == (
        400, "There is already a team called 'field'.")  # fmt: skip
    assert (refused.status_code, refused.json()["code"]) == (409, "team_in_use")
    assert "it still has 1 person." in refused.json()["detail"]
    assert (removed.status_code, missing.status_code) == (204, 404)
    assert list(Team.objects.values_list("name", flat=True)) == ["Field"]

"""POST /api/cases/{id}/presence: the case page's heartbeat, for apps."""

import pytest

from rightthere.presence.actions import heartbeat
from rightthere.presence.models import CaseSeen, Presence
from tests.factories import UserFactory, make_case

pytestmark = pytest.mark.django_db


def beat(client, case, **body):
    return client.post(f"/api/cases/{case.pk}/presence", body, content_type="application/json")


def test_the_api_heartbeat_answers_with_the_others_on_the_case(api_as, agent):
    anna = UserFactory(first_name="Anna", last_name="Berg")
    case = make_case(assignee=agent)
    heartbeat(anna, case, "writing")

    response = beat(api_as(agent), case, state="viewing")

    assert response.status_code == 200
    others = response.json()["others"]
    assert [(o["user"]["name"], o["state"]) for o in others] == [("Anna Berg", "writing")]
    assert Presence.objects.get(user=agent).state == "viewing"


def test_the_web_page_sees_someone_on_the_api(api_as, agent, owner, as_user):
    case = make_case(assignee=agent)
    beat(api_as(owner), case, state="writing")

    line = as_user(agent).post(f"/cases/{case.pk}/presence/", {"state": "viewing"})

    assert f"{owner.display_name} is writing a reply" in line.content.decode()


def test_opened_marks_the_case_read_through_the_api_too(api_as, agent):
    case = make_case(assignee=agent)

    beat(api_as(agent), case, opened=True)

    assert CaseSeen.objects.filter(user=agent, case=case).exists()
    assert api_as(agent).get("/api/cases").json()["items"][0]["unread"] is False


def test_an_unknown_state_is_refused_and_nothing_written(api_as, agent):
    case = make_case(assignee=agent)

    response = beat(api_as(agent), case, state="dancing")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "state"
    assert not Presence.objects.exists()

"""/api/cases/{id}/satisfaction and /api/satisfaction: who sees what, and bad input."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rightthere.satisfaction.actions import answer_case
from rightthere.satisfaction.models import MAX_COMMENT_CHARS, SatisfactionAnswer
from tests.factories import make_case
from tests.satisfaction.conftest import MAY_NOT_SEE, MAY_SEE, ROLES

pytestmark = pytest.mark.django_db

# role -> status of GET /api/cases/{id}/satisfaction on the case the role acts on
CASE_ANSWERS = {**dict.fromkeys(MAY_SEE, 200), **dict.fromkeys(MAY_NOT_SEE, 404), "anonymous": 401}
# role -> status of GET /api/satisfaction
LIST_ANSWERS = {
    "owner": 200,
    "agent": 200,
    "technician-own": 403,
    "subcontractor-own": 403,
    "anonymous": 401,
}
# role -> status of PUT /api/cases/{id}/satisfaction on a case nobody rated yet,
# and how many answers there are afterwards
RECORD_ANSWERS = {
    "owner": (200, 1),
    "agent": (200, 1),
    "technician-own": (403, 0),
    "technician-other": (404, 0),
    "subcontractor-own": (403, 0),
    "subcontractor-other": (404, 0),
    "anonymous": (401, 0),
}


def put(client, path, body):
    return client.put(path, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_the_satisfaction_of_the_cases_it_sees(role, desk, api_as):
    case = desk.case(role)

    response = api_as(desk.person(role)).get(f"/api/cases/{case.pk}/satisfaction")

    assert response.status_code == CASE_ANSWERS[role]
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_the_case_satisfaction_shows_the_answer_and_comment(desk, api_as, agent):
    case = desk.cases["subcontractor_case"]

    body = api_as(agent).get(f"/api/cases/{case.pk}/satisfaction").json()

    assert body["state"] == "answered"
    assert body["answer"]["rating"] == "bad"
    assert body["answer"]["comment"] == "About Gate jammed"
    assert body["answer"]["answered_via"] == "email"
    assert body["answer"]["recorded_by"] is None
    assert body["answer"]["case_reference"] == case.reference


def test_a_solved_case_not_asked_yet_says_when_it_will_be(solved_case, api_as, agent):
    case = solved_case()

    body = api_as(agent).get(f"/api/cases/{case.pk}/satisfaction").json()

    assert body["state"] == "not_asked"
    assert body["answer"] is None
    assert body["asked_at"] is None
    assert body["ask_at"] is not None


@pytest.mark.parametrize("role", LIST_ANSWERS)
def test_only_owners_and_agents_list_answers_for_reporting(role, desk, api_as):
    response = api_as(desk.person(role)).get("/api/satisfaction")

    assert response.status_code == LIST_ANSWERS[role]


def test_the_report_lists_answers_oldest_change_first_one_page_at_a_time(desk, api_as, owner):
    client = api_as(owner)

    first = client.get("/api/satisfaction", {"limit": 1}).json()
    second = client.get("/api/satisfaction", {"limit": 1, "cursor": first["next"]}).json()

    assert [item["case_id"] for item in first["items"] + second["items"]] == [
        desk.cases["technician_case"].pk,
        desk.cases["subcontractor_case"].pk,
    ]
    assert second["next"] is None


def test_the_report_lists_what_changed_since_a_moment(desk, api_as, owner, now):
    case = desk.cases["technician_case"]
    answer_case(case, actor=None, via="email", rating="bad", now=now + timedelta(hours=2))
    since = (now + timedelta(hours=1)).isoformat()

    items = api_as(owner).get("/api/satisfaction", {"since": since}).json()["items"]

    assert [(item["case_id"], item["rating"]) for item in items] == [(case.pk, "bad")]


def test_the_report_filters_by_rating(desk, api_as, owner):
    items = api_as(owner).get("/api/satisfaction", {"rating": "good"}).json()["items"]

    assert [item["case_id"] for item in items] == [desk.cases["technician_case"].pk]


def test_the_report_takes_the_same_queries_for_two_answers_or_twenty(
    desk, api_as, owner, solved_case, now
):
    client = api_as(owner)
    client.get("/api/satisfaction")  # warm up: the token's last use, sessions
    with CaptureQueriesContext(connection) as two:
        client.get("/api/satisfaction")
    for _ in range(18):
        answer_case(solved_case(), actor=None, via="email", rating="good", now=now)

    with CaptureQueriesContext(connection) as twenty:
        items = client.get("/api/satisfaction", {"limit": 100}).json()["items"]

    assert len(items) == 20
    assert len(twenty) == len(two)


@pytest.mark.parametrize("role", RECORD_ANSWERS)
def test_only_owners_and_agents_record_an_answer_given_by_phone(role, api_as, unrated_desk):
    case = unrated_desk.case(role)
    client = api_as(unrated_desk.person(role))

    response = put(client, f"/api/cases/{case.pk}/satisfaction", {"rating": "good"})

    assert (response.status_code, SatisfactionAnswer.objects.count()) == RECORD_ANSWERS[role]


def test_agent_records_what_the_customer_said_on_the_phone(solved_case, api_as, agent):
    case = solved_case()

    response = put(
        api_as(agent),
        f"/api/cases/{case.pk}/satisfaction",
        {"rating": "good", "comment": "Said so when I called."},
    )

    answer = response.json()["answer"]
    assert response.status_code == 200
    assert (answer["rating"], answer["answered_via"]) == ("good", "staff")
    assert answer["recorded_by"]["id"] == agent.pk
    assert case.events.filter(kind="satisfaction", actor=agent).count() == 2


def test_staff_cannot_overwrite_the_customers_own_answer(desk, api_as, agent):
    case = desk.cases["subcontractor_case"]

    response = put(api_as(agent), f"/api/cases/{case.pk}/satisfaction", {"rating": "good"})

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "The customer gave this answer themselves; only they can change it."
    )
    assert SatisfactionAnswer.objects.get(case=case).rating == "bad"


def test_the_customer_may_still_change_an_answer_staff_recorded(solved_case, agent, now):
    case = solved_case()
    answer_case(case, actor=agent, via="staff", rating="good", now=now)

    answer = answer_case(case, actor=None, via="email", rating="bad", now=now + timedelta(days=1))

    assert (answer.rating, answer.recorded_by) == ("bad", None)


def test_an_open_case_cannot_be_rated_through_the_api(api_as, agent):
    case = make_case()

    response = put(api_as(agent), f"/api/cases/{case.pk}/satisfaction", {"rating": "good"})

    assert response.status_code == 400
    assert response.json()["detail"] == "A request can be rated once it is solved."


BAD_BODIES = {
    "invalid rating": ({"rating": "excellent"}, "rating"),
    "no rating": ({"comment": "Hello"}, "rating"),
    "null rating": ({"rating": None}, "rating"),
    "oversize comment": ({"rating": "good", "comment": "x" * (MAX_COMMENT_CHARS + 1)}, "comment"),
    "NUL in comment": ({"rating": "good", "comment": "a\x00b"}, "comment"),
    "unknown field": ({"rating": "good", "score": 5}, "score"),
    "not an object": (["good"], "body"),
}


@pytest.mark.parametrize(("body", "field"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_input_gets_a_422_naming_the_field_and_changes_nothing(
    body, field, solved_case, api_as, agent
):
    case = solved_case()

    response = put(api_as(agent), f"/api/cases/{case.pk}/satisfaction", body)

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert not SatisfactionAnswer.objects.exists()


BAD_QUERIES = {
    "since not a date": {"since": "last tuesday"},
    "unknown rating": {"rating": "excellent"},
    "limit too high": {"limit": 1000},
}


@pytest.mark.parametrize("query", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_bad_report_queries_get_a_422(query, desk, api_as, owner):
    response = api_as(owner).get("/api/satisfaction", query)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_a_bad_cursor_gets_a_400(desk, api_as, owner):
    response = api_as(owner).get("/api/satisfaction", {"cursor": "not-a-cursor"})

    assert response.status_code == 400

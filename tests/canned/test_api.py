"""/api/canned-replies and the rendered reply of a case, as API clients use them."""

import pytest

from rightthere.canned.models import CannedReply
from tests.api.conftest import send
from tests.canned.conftest import promise_on

pytestmark = pytest.mark.django_db

PARTS = {"title": "Part ordered", "body": "Hello {contact.first_name}, it comes {promise.due}."}


def test_an_agent_writes_reads_changes_finds_and_deletes_a_team_reply(agent, api_as, teams):
    client = api_as(agent)

    created = send(client, "post", "/api/canned-replies",
                   {**PARTS, "scope": "team", "team_id": teams["boiler"].pk})  # fmt: skip
    reply_id = created.json()["id"]
    read = client.get(f"/api/canned-replies/{reply_id}")
    changed = send(client, "patch", f"/api/canned-replies/{reply_id}", {"title": "Valve ordered"})
    found = client.get("/api/canned-replies", {"q": "valve"})
    deleted = send(client, "delete", f"/api/canned-replies/{reply_id}")

    assert created.status_code == 201
    assert read.json() | {"created_at": None, "updated_at": None} == {
        "id": reply_id, "title": "Part ordered", "body": PARTS["body"], "scope": "team",
        "team": {"id": teams["boiler"].pk, "name": "Boiler team"}, "owner": None,
        "created_by": {"id": agent.pk, "name": agent.display_name},
        "created_at": None, "updated_at": None, "reply_check_findings": 0,
    }  # fmt: skip
    assert changed.json()["title"] == "Valve ordered"
    assert changed.json()["team"]["name"] == "Boiler team"
    assert [item["id"] for item in found.json()["items"]] == [reply_id]
    assert deleted.status_code == 204
    assert not CannedReply.objects.exists()


def test_a_technician_keeps_personal_replies_but_cannot_share_them(technician, api_as, teams):
    client = api_as(technician)

    personal = send(client, "post", "/api/canned-replies", PARTS)
    shared = send(client, "post", "/api/canned-replies",
                  {**PARTS, "scope": "team", "team_id": teams["boiler"].pk})  # fmt: skip

    assert personal.status_code == 201
    assert personal.json()["scope"] == "personal"
    assert personal.json()["owner"]["id"] == technician.pk
    assert shared.status_code == 403
    assert "save it as your own" in shared.json()["detail"]


def test_the_list_is_paged_by_title(library, owner, api_as):
    client = api_as(owner)

    first = client.get("/api/canned-replies", {"limit": 3}).json()
    rest = client.get("/api/canned-replies", {"limit": 3, "cursor": first["next"]}).json()

    assert [r["title"] for r in first["items"] + rest["items"]] == [
        "Boiler parts", "Desk hello", "Office only", "Olivia's own",
    ]  # fmt: skip
    assert rest["next"] is None


def test_an_unknown_placeholder_is_refused_with_a_suggestion(agent, api_as):
    response = send(api_as(agent), "post", "/api/canned-replies",
                    {"title": "Hi", "body": "Hi {contact.firstname}"})  # fmt: skip

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Unknown placeholder: {contact.firstname} (did you mean {contact.first_name}?). "
        "Use one from the list of placeholders, or remove the braces.",
        "code": "unknown_placeholder",
    }


def test_reply_check_findings_refuse_the_save_until_save_anyway(agent, api_as):
    client = api_as(agent)
    draft = {"title": "Sure", "body": "No problem, we'll get back to you soon."}

    refused = send(client, "post", "/api/canned-replies", draft)
    kept = send(client, "post", "/api/canned-replies", {**draft, "save_anyway": True})

    assert refused.status_code == 422
    assert refused.json()["code"] == "reply_check"
    assert refused.json()["detail"].endswith(
        'Change the wording, or send "save_anyway": true to keep it.'
    )
    assert [e["field"] for e in refused.json()["errors"]] == ["body", "body"]
    assert refused.json()["errors"][0]["message"].startswith("“No problem”: ")
    assert kept.status_code == 201
    assert kept.json()["reply_check_findings"] == 2


def test_a_change_runs_the_same_checks(library, agent, api_as):
    url = f"/api/canned-replies/{library['desk'].pk}"

    response = send(api_as(agent), "patch", url, {"body": "Hi {case.ref}"})

    assert response.status_code == 422
    assert "did you mean {case.reference}?" in response.json()["detail"]


@pytest.mark.parametrize(
    ("method", "body", "answer", "field"),
    [
        ("post", {"body": "Hello"}, 422, "title"),
        ("post", {"title": "Hi", "body": "   "}, 422, "body"),
        ("post", {"title": "Hi", "body": "Hello", "colour": "red"}, 422, "colour"),
        ("post", {"title": "Hi", "body": "Hello", "scope": "galaxy"}, 422, "scope"),
        ("post", {"title": "Hi", "body": "Hello\x00"}, 422, "body"),
        ("post", {"title": "Hi", "body": "x" * 10_001}, 422, "body"),
        ("post", {"title": "Hi", "body": "Hello", "scope": "team", "team_id": 0}, 422, "team_id"),
        ("patch", {"title": None}, 422, "title"),
        ("patch", {"scope": None}, 422, "scope"),
    ],
)
def test_a_bad_payload_gets_a_json_answer_naming_the_field(
    library, agent, api_as, method, body, answer, field
):
    url = "/api/canned-replies" + (f"/{library['desk'].pk}" if method == "patch" else "")

    response = send(api_as(agent), method, url, body)

    assert response.status_code == answer
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"title": "Hi", "body": "Hello", "scope": "team"}, "Choose the team this reply is for."),
        (
            {"title": "Hi", "body": "Hello", "scope": "team", "team_id": 999},
            "There is no team 999.",
        ),
    ],
)
def test_a_team_reply_needs_an_existing_team(agent, api_as, body, detail):
    response = send(api_as(agent), "post", "/api/canned-replies", body)

    assert response.status_code == 400
    assert response.json() == {"detail": detail, "code": "invalid"}


def test_broken_json_is_a_400(agent, api_as):
    response = api_as(agent).post("/api/canned-replies", "{", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


def test_the_rendered_reply_is_filled_from_the_case_and_names_what_is_missing(
    library, technician, api_as, shared_case
):
    url = f"/api/cases/{shared_case.pk}/canned-replies/{library['boiler'].pk}/rendered"

    missing = api_as(technician).get(url).json()
    promise_on(shared_case)
    filled = api_as(technician).get(url).json()

    assert missing == {
        "reply_id": library["boiler"].pk, "case_id": shared_case.pk,
        "text": "Hello Grace, the part is ordered. We will come back by {promise.due}.",
        "missing": ["promise.due"],
    }  # fmt: skip
    assert filled["text"].endswith("We will come back by Wednesday 1 July, 14:00.")
    assert filled["missing"] == []


def test_no_rendering_of_a_reply_the_caller_cannot_see(library, technician, api_as, shared_case):
    url = f"/api/cases/{shared_case.pk}/canned-replies/{library['office'].pk}/rendered"

    response = api_as(technician).get(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "No such canned reply.", "code": "not_found"}


def test_the_placeholders_are_listed_for_clients(agent, api_as):
    response = api_as(agent).get("/api/canned-replies/placeholders")

    names = [p["name"] for p in response.json()]
    assert names[:2] == ["customer.name", "customer.first_name"]
    assert "promise.due" in names and "business.name" in names

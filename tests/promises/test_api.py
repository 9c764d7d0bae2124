from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_agent_makes_keeps_and_lists_promises_through_the_api(api, agent):
    case = make_case(assignee=agent)
    client = api(agent)
    due = (timezone.now() + timedelta(days=1)).isoformat()

    made = post(client, f"/api/cases/{case.pk}/promises", {"what": "Send the quote", "due_at": due})
    kept = post(client, f"/api/promises/{made.json()['id']}/keep", {})
    listed = client.get(f"/api/cases/{case.pk}/promises").json()

    assert made.status_code == 201
    assert kept.json()["state"] == "kept"
    assert [p["what"] for p in listed] == ["Send the first answer", "Send the quote"]


def test_renegotiation_through_the_api_sends_the_draft_and_returns_the_new_promise(api, agent):
    case = make_case(assignee=agent)
    client = api(agent)
    promise = case.promises.get()
    new_due = (timezone.now() + timedelta(days=2)).replace(microsecond=0)

    draft = client.get(
        f"/api/promises/{promise.pk}/renegotiation-draft", {"new_due": new_due.isoformat()}
    ).json()
    moved = post(
        client, f"/api/promises/{promise.pk}/renegotiate", {"new_due": new_due.isoformat()}
    )

    promise.refresh_from_db()
    assert "I am sorry" in draft["message"]
    assert moved.status_code == 201
    assert promise.state == "renegotiated"
    assert case.messages.filter(direction="outbound", body_text=draft["message"]).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"what": "", "due_at": "2030-01-01T10:00:00Z"},
        {"what": "x" * 301, "due_at": "2030-01-01T10:00:00Z"},
        {"what": "Call", "due_at": "not a date"},
        {"what": "Call", "due_at": "2030-01-01T10:00:00Z", "extra": 1},
        {"what": "Call", "due_at": "2001-01-01T10:00:00Z"},
    ],
)
def test_bad_promise_payloads_get_a_clear_4xx(api, agent, body):
    case = make_case()

    response = post(api(agent), f"/api/cases/{case.pk}/promises", body)

    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    assert case.promises.count() == 1


def test_technician_cannot_see_promises_of_other_cases_and_anonymous_gets_401(
    api, technician, client
):
    case = make_case()
    promise = case.promises.get()

    assert api(technician).get(f"/api/cases/{case.pk}/promises").status_code == 404
    assert post(api(technician), f"/api/promises/{promise.pk}/keep", {}).status_code == 404
    client.logout()
    assert client.get(f"/api/cases/{case.pk}/promises").status_code == 401


def test_technician_keeps_a_promise_on_their_own_case(api, technician):
    case = make_case(assignee=technician)

    kept = post(api(technician), f"/api/promises/{case.promises.get().pk}/keep", {})

    assert kept.status_code == 200

"""The check in the composer (htmx) and the API, for everyone who can reply."""

import pytest
from django.test import Client

from rightthere.coach.models import ReplyFinding
from tests.api.conftest import send
from tests.factories import make_case

DRAFT = "No problem, we'll get back to you soon"


@pytest.mark.parametrize("role", ["owner", "agent", "technician", "subcontractor"])
def test_everyone_who_can_reply_gets_the_check_in_the_composer(role, request, shared_case, client):
    client.force_login(request.getfixturevalue(role))

    response = client.post("/coach/check/", {"body": DRAFT, "case": shared_case.pk})

    assert response.status_code == 200
    assert response.content.count(b'class="coach-finding') == 2
    assert b'<mark class="coach-span"' in response.content


def test_a_case_you_cannot_see_is_not_checked(technician, client):
    client.force_login(technician)

    response = client.post("/coach/check/", {"body": DRAFT, "case": make_case().pk})

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.post("/coach/check/", {"body": DRAFT})

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_internal_note_is_not_checked(agent, client, shared_case):
    client.force_login(agent)

    response = client.post("/coach/check/", {"body": DRAFT, "direction": "note"})

    assert b"coach-finding" not in response.content


def test_the_api_returns_spans_explanations_and_suggestions(api_as, agent, shared_case):
    response = send(api_as(agent), "post", "/api/coach/check",
                    {"text": DRAFT, "case_id": shared_case.pk})  # fmt: skip

    assert response.status_code == 200
    first = response.json()["findings"][0]
    assert first["category"] == "no_problem"
    assert (first["start"], first["end"], first["text"]) == (0, 10, "No problem")
    assert "You're welcome" in first["suggestions"]


def test_the_api_refuses_unknown_fields_and_anonymous_callers(api_as, agent, db):
    wrong = send(api_as(agent), "post", "/api/coach/check", {"text": "Hi", "tone": "kind"})
    anonymous = send(Client(), "post", "/api/coach/check", {"text": "Hi"})

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "tone"
    assert anonymous.status_code == 401


def test_sending_with_open_findings_is_allowed_and_recorded(agent, client, shared_case):
    client.force_login(agent)

    response = client.post(
        f"/cases/{shared_case.pk}/reply/", {"direction": "outbound", "body": DRAFT}
    )

    assert response.status_code == 302
    recorded = ReplyFinding.objects.filter(message__case=shared_case, author=agent)
    assert sorted(recorded.values_list("category", flat=True)) == [
        "no_problem", "vague_commitment"
    ]  # fmt: skip


def test_a_note_records_no_findings(agent, client, shared_case):
    client.force_login(agent)

    client.post(f"/cases/{shared_case.pk}/reply/", {"direction": "note", "body": DRAFT})

    assert not ReplyFinding.objects.exists()

"""Bad requests to the field API get a clear 4xx in JSON."""

import pytest

from tests.field.conftest import make_visit, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(desk, agent, api_as):
    return api_as(agent)


def test_unreadable_json_is_400(office, desk):
    response = office.generic("POST", f"/api/cases/{desk.case.pk}/visits", "{nope",
                              content_type="application/json")  # fmt: skip

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": "2099-01-05T10:00:00Z", "colour": "red"}, "colour"),
        ({"starts_at": "2099-01-05T10:00:00Z", "duration_minutes": 5}, "duration_minutes"),
        ({"starts_at": "not a date"}, "starts_at"),
    ],
)
def test_unknown_or_wrong_fields_are_named(office, desk, body, field):
    response = send(office, "post", f"/api/cases/{desk.case.pk}/visits", body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_a_visit_in_the_past_is_400(office, desk):
    response = send(office, "post", f"/api/cases/{desk.case.pk}/visits",
                    {"starts_at": "2001-01-01T10:00:00Z", "technician_id": desk.tom.pk})  # fmt: skip

    assert response.status_code == 400
    assert "future" in response.json()["detail"]


def test_an_unknown_part_is_400_and_an_unknown_visit_404(office, desk):
    visit = make_visit(desk.case, technician=desk.tom)

    unknown_part = send(office, "post", f"/api/visits/{visit.pk}/return-proposals",
                        {"part_id": 999999})  # fmt: skip
    unknown_visit = send(office, "post", "/api/visits/999999/return-proposals",
                         {"part_id": desk.valve.pk})  # fmt: skip

    assert (unknown_part.status_code, unknown_visit.status_code) == (400, 404)
    assert unknown_part.json()["detail"] == "There is no part with id 999999."


def test_an_end_before_the_start_is_400(office):
    response = office.get("/api/field-quality?start=2026-02-01T00:00:00Z&end=2026-01-01T00:00:00Z")

    assert response.status_code == 400
    assert response.json()["detail"] == "The end must be after the start."


def test_no_slot_at_all_is_an_answer_not_an_error(office, desk):
    visit = make_visit(desk.case, technician=desk.tom)

    response = send(office, "post", f"/api/visits/{visit.pk}/return-proposals",
                    {"part_id": desk.valve.pk, "skill_id": desk.electrics.pk})  # fmt: skip

    assert response.status_code == 200
    # The partner has electrics; without it nobody would.
    assert response.json()["overflow"] is True

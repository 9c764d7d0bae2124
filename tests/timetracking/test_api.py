"""Time tracking through the API, as each role, with good and bad input."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from rightthere.timetracking.actions import add_entry, start_timer
from rightthere.timetracking.models import TimeEntry
from tests.timetracking.conftest import local

pytestmark = pytest.mark.django_db

# role -> the case of the desk that role works on
OWN_CASE = {
    "owner": "office_case",
    "agent": "partner_case",
    "technician": "technician_case",
    "subcontractor": "partner_case",
}


def send(client, method, path, body=None):
    payload = "" if body is None else json.dumps(body)
    return client.generic(method.upper(), path, payload, content_type="application/json")


def a_while_ago(**delta) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


@pytest.mark.parametrize("role", list(OWN_CASE))
def test_each_role_starts_reads_and_stops_its_timer(role, request, desk, api_as):
    client = api_as(request.getfixturevalue(role))
    case = getattr(desk, OWN_CASE[role])

    started = send(client, "post", f"/api/cases/{case.pk}/timer/start", {"note": "On it"})
    running = client.get("/api/timer").json()["running"]
    stopped = send(client, "post", "/api/timer/stop")

    assert started.status_code == 201, started.content
    assert started.json()["stopped"] is None
    assert running["case_id"] == case.pk and running["running"] is True
    assert running["minutes"] is None and running["note"] == "On it"
    assert stopped.status_code == 200
    assert stopped.json()["minutes"] == 1 and stopped.json()["running"] is False
    assert client.get("/api/timer").json() == {"running": None}


@pytest.mark.parametrize(
    ("role", "case"), [("technician", "partner_case"), ("subcontractor", "technician_case")]
)
def test_nobody_starts_a_timer_on_a_case_they_cannot_see(role, case, request, desk, api_as):
    client = api_as(request.getfixturevalue(role))

    response = send(client, "post", f"/api/cases/{getattr(desk, case).pk}/timer/start")

    assert response.status_code == 404
    assert not TimeEntry.objects.exists()


def test_anonymous_callers_get_nothing(desk):
    client = Client()

    assert (
        send(client, "post", f"/api/cases/{desk.technician_case.pk}/timer/start").status_code == 401
    )
    assert client.get("/api/time/totals").status_code == 401


def test_starting_on_another_case_stops_and_returns_the_running_timer(desk, api_as, agent):
    client = api_as(agent)
    first = send(client, "post", f"/api/cases/{desk.office_case.pk}/timer/start").json()

    second = send(client, "post", f"/api/cases/{desk.partner_case.pk}/timer/start")

    assert second.status_code == 201
    assert second.json()["stopped"]["id"] == first["entry"]["id"]
    assert second.json()["stopped"]["minutes"] == 1
    assert second.json()["entry"]["case_id"] == desk.partner_case.pk


def test_starting_the_same_timer_twice_answers_200_with_the_running_one(desk, api_as, agent):
    client = api_as(agent)
    first = send(client, "post", f"/api/cases/{desk.office_case.pk}/timer/start").json()

    again = send(client, "post", f"/api/cases/{desk.office_case.pk}/timer/start")

    assert again.status_code == 200
    assert again.json()["entry"]["id"] == first["entry"]["id"]


def test_a_technician_times_their_visit_on_a_case_they_cannot_see(desk, api_as, technician):
    client = api_as(technician)
    path = f"/api/cases/{desk.office_case.pk}/timer/start"

    with_visit = send(client, "post", path, {"visit_id": desk.technician_visit.pk})
    without = send(client, "post", path)

    assert with_visit.status_code == 201
    assert with_visit.json()["entry"]["visit_id"] == desk.technician_visit.pk
    assert without.status_code == 404


def test_a_visit_must_belong_to_the_case_in_the_address(desk, api_as, owner):
    response = send(api_as(owner), "post", f"/api/cases/{desk.office_case.pk}/timer/start",
                    {"visit_id": desk.partner_visit.pk})  # fmt: skip

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_stopping_with_no_running_timer_is_a_clear_409(desk, api_as, agent):
    response = send(api_as(agent), "post", "/api/timer/stop")

    assert response.status_code == 409
    assert response.json() == {"detail": "You have no running timer to stop.", "code": "conflict"}


def test_stop_sets_the_note_and_billable_flag(desk, api_as, agent):
    client = api_as(agent)
    send(client, "post", f"/api/cases/{desk.partner_case.pk}/timer/start")

    stopped = send(client, "post", "/api/timer/stop", {"note": "Quote sent", "billable": False})

    assert stopped.json()["note"] == "Quote sent" and stopped.json()["billable"] is False


def test_adding_time_by_hand(desk, api_as, technician):
    response = send(api_as(technician), "post", f"/api/cases/{desk.technician_case.pk}/time-entries",
                    {"started_at": a_while_ago(hours=3), "minutes": 90, "note": "Fitted valve",
                     "billable": True})  # fmt: skip

    body = response.json()
    assert response.status_code == 201, body
    assert (body["minutes"], body["source"], body["person"]["id"]) == (90, "manual", technician.pk)
    assert body["case_reference"] == desk.technician_case.reference
    started = datetime.fromisoformat(body["started_at"])
    assert datetime.fromisoformat(body["ended_at"]) - started == timedelta(minutes=90)


def test_a_start_without_offset_is_read_in_the_desk_time_zone(london, desk, api_as, agent):
    response = send(api_as(agent), "post", f"/api/cases/{desk.office_case.pk}/time-entries",
                    {"started_at": "2026-07-01T09:00:00", "minutes": 15})  # fmt: skip

    started = TimeEntry.objects.get(pk=response.json()["id"]).started_at
    assert started == local(2026, 7, 1, 9, 0)
    assert started == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"minutes": -30}, 422, "minutes: Input should be greater than or equal to 1"),
        ({"minutes": 0}, 422, "minutes: Input should be greater than or equal to 1"),
        ({"minutes": 1441}, 422, "minutes: Input should be less than or equal to 1440"),
        ({"minutes": "lots"}, 422, "minutes: Input should be a valid integer"),
        ({"ended_at": "2026-01-05T08:00:00Z"}, 400, "The end must be after the start."),
        ({"ended_at": "2026-01-05T09:00:00Z"}, 400, "The end must be after the start."),
        ({"ended_at": "2026-01-06T09:01:00Z"}, 400, "One entry can be at most 24 hours"),
        ({"minutes": 5, "ended_at": "2026-01-05T10:00:00Z"}, 400, "Give either the minutes"),
        ({}, 400, "Give the minutes spent, or the end time."),
        ({"minutes": 5, "note": "a\x00b"}, 422, "note: must not contain NUL characters"),
        ({"minutes": 5, "note": "x" * 1001}, 422, "note: String should have at most 1000"),
        ({"minutes": 5, "hours": 1}, 422, "hours: Extra inputs are not permitted"),
        ({"minutes": 5, "person_id": 0}, 422, "person_id: Input should be greater than or"),
        ({"minutes": 5, "person_id": 999999}, 400, "There is no person with id 999999."),
    ],
)
def test_bad_manual_entries_get_a_clear_4xx(body, status, message, desk, api_as, agent):
    payload = {"started_at": "2026-01-05T09:00:00Z", **body}

    response = send(api_as(agent), "post", f"/api/cases/{desk.office_case.pk}/time-entries",
                    payload)  # fmt: skip

    assert response.status_code == status, response.content
    assert response.json()["detail"].startswith(message), response.json()
    assert not TimeEntry.objects.exists()


def test_time_cannot_be_added_for_the_future(desk, api_as, agent):
    response = send(api_as(agent), "post", f"/api/cases/{desk.office_case.pk}/time-entries",
                    {"started_at": (datetime.now(UTC) + timedelta(hours=2)).isoformat(),
                     "minutes": 10})  # fmt: skip

    assert response.status_code == 400
    assert response.json()["detail"] == "The work cannot start in the future."


def test_unreadable_json_is_a_400(desk, api_as, agent):
    response = api_as(agent).post(f"/api/cases/{desk.office_case.pk}/time-entries", "{oops",
                                  content_type="application/json")  # fmt: skip

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"


def test_agents_record_time_for_a_technician_but_not_the_other_way_round(
    desk, api_as, agent, technician
):
    path = f"/api/cases/{desk.technician_case.pk}/time-entries"
    body = {"started_at": a_while_ago(hours=2), "minutes": 20}

    for_tech = send(api_as(agent), "post", path, {**body, "person_id": technician.pk})
    for_agent = send(api_as(technician), "post", path, {**body, "person_id": agent.pk})

    assert for_tech.status_code == 201 and for_tech.json()["person"]["id"] == technician.pk
    assert for_agent.status_code == 403
    assert for_agent.json()["detail"] == "Only owners and agents can record time for someone else."


def _worked(person, case, minutes=30, **kwargs):
    return add_entry(person, case, started_at=local(2026, 1, 6, 10), minutes=minutes, **kwargs)


def test_managers_see_everyones_time_on_a_case_others_only_their_own(
    desk, api_as, agent, technician, owner
):
    mine = _worked(technician, desk.technician_case)
    _worked(owner, desk.technician_case)
    path = f"/api/cases/{desk.technician_case.pk}/time-entries"

    as_agent = api_as(agent).get(path).json()
    as_technician = api_as(technician).get(path).json()

    assert len(as_agent["items"]) == 2
    assert [item["id"] for item in as_technician["items"]] == [mine.pk]


def test_the_entry_list_pages_and_filters_by_day_and_person(desk, api_as, agent, technician):
    for day in (5, 6, 7):
        add_entry(agent, desk.office_case, started_at=local(2026, 1, day, 10), minutes=10)
    _worked(technician, desk.technician_case)
    client = api_as(agent)

    first = client.get("/api/time-entries", {"limit": 2}).json()
    second = client.get("/api/time-entries", {"limit": 2, "cursor": first["next"]}).json()
    one_day = client.get("/api/time-entries", {"since": "2026-01-07", "until": "2026-01-07"})
    theirs = client.get("/api/time-entries", {"person_id": technician.pk}).json()

    assert len(first["items"]) == 2 and len(second["items"]) == 2 and second["next"] is None
    assert [i["started_at"][:10] for i in one_day.json()["items"]] == ["2026-01-07"]
    assert [i["person"]["id"] for i in theirs["items"]] == [technician.pk]
    assert api_as(technician).get("/api/time-entries").json()["items"][0]["person"]["id"] == (
        technician.pk
    )


def test_correcting_an_entry(desk, api_as, technician):
    entry = _worked(technician, desk.technician_case)

    response = send(api_as(technician), "patch", f"/api/time-entries/{entry.pk}",
                    {"minutes": 75, "note": "Two valves", "billable": False})  # fmt: skip

    assert response.status_code == 200
    body = response.json()
    assert (body["minutes"], body["note"], body["billable"]) == (75, "Two valves", False)
    entry.refresh_from_db()
    assert entry.ended_at == local(2026, 1, 6, 11, 15)


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"minutes": -1}, 422, "minutes: Input should be greater than or equal to 1"),
        ({"ended_at": "2026-01-06T09:00:00Z"}, 400, "The end must be after the start."),
        ({"billable": None}, 422, "billable: may be left out, but cannot be null"),
        ({"person_id": 1}, 422, "person_id: Extra inputs are not permitted"),
    ],
)
def test_bad_corrections_get_a_clear_4xx(body, status, message, desk, api_as, agent):
    entry = _worked(agent, desk.office_case)

    response = send(api_as(agent), "patch", f"/api/time-entries/{entry.pk}", body)

    assert response.status_code == status
    assert response.json()["detail"].startswith(message)


def test_a_running_timer_cannot_be_given_minutes(desk, api_as, agent):
    entry = start_timer(agent, desk.office_case).entry

    response = send(api_as(agent), "patch", f"/api/time-entries/{entry.pk}", {"minutes": 10})

    assert response.status_code == 400
    assert "still running" in response.json()["detail"]


def test_a_technician_cannot_touch_someone_elses_entry(desk, api_as, technician, agent):
    entry = _worked(agent, desk.technician_case)
    client = api_as(technician)

    patched = send(client, "patch", f"/api/time-entries/{entry.pk}", {"minutes": 1})
    deleted = send(client, "delete", f"/api/time-entries/{entry.pk}")

    assert (patched.status_code, deleted.status_code) == (404, 404)
    entry.refresh_from_db()
    assert entry.minutes == 30


def test_an_agent_deletes_a_technicians_entry(desk, api_as, technician, agent):
    entry = _worked(technician, desk.technician_case)

    response = send(api_as(agent), "delete", f"/api/time-entries/{entry.pk}")

    assert response.status_code == 204
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


# --- Totals ------------------------------------------------------------------------


@pytest.fixture
def january(desk, owner, agent, technician, subcontractor):
    """Time in the week of 5 January 2026, and some outside it."""
    _worked(technician, desk.technician_case, 60, billable=True)
    _worked(technician, desk.technician_case, 15, billable=False)
    _worked(agent, desk.office_case, 45)  # internal customer: not billable
    _worked(subcontractor, desk.partner_case, 120)
    _worked(agent, desk.partner_case, 30, billable=True)
    add_entry(agent, desk.office_case, started_at=local(2026, 1, 20, 10), minutes=500)
    return {"from": "2026-01-05", "to": "2026-01-11"}


def rows_of(response) -> dict[str, tuple[int, int, int]]:
    return {
        row["name"]: (row["billable_minutes"], row["non_billable_minutes"], row["total_minutes"])
        for row in response.json()["rows"]
    }


def test_totals_per_person_split_billable_and_not(january, api_as, owner, agent, technician,
                                                  subcontractor):  # fmt: skip
    response = api_as(owner).get("/api/time/totals", {**january, "by": "person"})

    body = response.json()
    assert response.status_code == 200
    assert (body["by"], body["from"], body["to"]) == ("person", "2026-01-05", "2026-01-11")
    assert rows_of(response) == {
        technician.display_name: (60, 15, 75),
        agent.display_name: (30, 45, 75),
        subcontractor.display_name: (120, 0, 120),
    }
    assert (body["billable_minutes"], body["non_billable_minutes"], body["total_minutes"]) == (
        210, 60, 270,
    )  # fmt: skip


def test_totals_per_customer_and_per_case(january, api_as, agent, desk):
    by_customer = api_as(agent).get("/api/time/totals", {**january, "by": "customer"})
    by_case = api_as(agent).get("/api/time/totals", {**january, "by": "case"})

    assert rows_of(by_customer) == {
        "Mill House": (150, 0, 150),
        "Hill Farm": (60, 15, 75),
        "Accounts dept": (0, 45, 45),
    }
    assert rows_of(by_case)[f"{desk.partner_case.reference} Gutter overflows"] == (150, 0, 150)


def test_a_technician_sees_only_their_own_totals(january, api_as, technician):
    response = api_as(technician).get("/api/time/totals", {**january, "by": "customer"})

    assert rows_of(response) == {"Hill Farm": (60, 15, 75)}


def test_totals_cut_an_entry_at_midnight(london, desk, api_as, agent):
    client = api_as(agent)
    send(client, "post", f"/api/cases/{desk.partner_case.pk}/time-entries",
         {"started_at": "2026-02-10T23:30:00", "ended_at": "2026-02-11T00:45:00"})  # fmt: skip

    first_day = client.get("/api/time/totals", {"from": "2026-02-10", "to": "2026-02-10"})
    second_day = client.get("/api/time/totals", {"from": "2026-02-11", "to": "2026-02-11"})
    both = client.get("/api/time/totals", {"from": "2026-02-10", "to": "2026-02-11"})

    assert first_day.json()["total_minutes"] == 30
    assert second_day.json()["total_minutes"] == 45
    assert both.json()["total_minutes"] == 75


def test_totals_as_csv(january, api_as, owner, technician, agent, subcontractor):
    response = api_as(owner).get("/api/time/totals", {**january, "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "time-by-person-2026-01-05-to-2026-01-11.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["person"], r["id"], r["billable_minutes"], r["non_billable_minutes"],
             r["total_minutes"]) for r in rows] == [
        (subcontractor.display_name, str(subcontractor.pk), "120", "0", "120"),
        *sorted([(agent.display_name, str(agent.pk), "30", "45", "75"),
                 (technician.display_name, str(technician.pk), "60", "15", "75")],
                key=lambda r: r[0].lower()),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"from": "2026-01-10", "to": "2026-01-01"}, 400, "The period ends before it starts"),
        ({"from": "2024-01-01", "to": "2026-01-01"}, 400, "Choose a period of at most 366 days."),
        # Year 9999 has no midnight after its last day (was a 500 OverflowError).
        ({"from": "9999-12-30", "to": "9999-12-31"}, 400, "Choose dates between 1 January 1970"),
        ({"from": "yesterday"}, 422, "from: Input should be a valid date"),
        ({"by": "team"}, 422, "by: Input should be 'person', 'customer' or 'case'"),
        ({"format": "xlsx"}, 422, "format: Input should be 'json' or 'csv'"),
    ],
)
def test_bad_totals_queries_get_a_clear_4xx(query, status, message, api_as, agent):
    response = api_as(agent).get("/api/time/totals", query)

    assert response.status_code == status
    assert response.json()["detail"].startswith(message), response.json()


def test_totals_of_an_empty_week(api_as, agent):
    body = api_as(agent).get("/api/time/totals").json()

    assert body["rows"] == [] and body["total_minutes"] == 0
    assert datetime.fromisoformat(body["from"]).weekday() == 0

"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py).

The world gives every staff member a running timer on the shared visit, and
three finished entries: the technician's and the subcontractor's on the
shared case, the agent's on the case only owners and agents see.
"""

from datetime import UTC, datetime, timedelta

from tests.api.matrix import route

#                     owner agent  tech   sub    anonymous
EVERYONE = (200, 200, 200, 200, 401)
EVERYONE_ADDS = (201, 201, 201, 201, 401)
MANAGERS_SEE = (200, 200, 404, 404, 401)
MANAGERS_ADD_TO_HIDDEN = (201, 201, 404, 404, 401)
# Technicians and subcontractors see their own entries only.
OWN_OR_MANAGERS = {
    "technician": (200, 200, 200, 404, 401),
    "subcontractor": (200, 200, 404, 200, 401),
}
DELETED_OWN_OR_MANAGERS = {
    role: tuple(204 if answer == 200 else answer for answer in answers)
    for role, answers in OWN_OR_MANAGERS.items()
}


def _manual(world):
    return {"started_at": "2026-01-05T09:00:00Z", "minutes": 30, "note": "Phoned the vendor"}


ROUTES = [
    route("post", "/api/cases/{case_id}/timer/start", EVERYONE_ADDS, case_id="shared_case"),
    route("post", "/api/cases/{case_id}/timer/start", MANAGERS_ADD_TO_HIDDEN,
          case_id="other_case"),
    route("post", "/api/timer/stop", EVERYONE, body=lambda w: {"note": "Done"}),
    route("get", "/api/timer", EVERYONE),
    route("get", "/api/cases/{case_id}/time-entries", EVERYONE, case_id="shared_case"),
    route("get", "/api/cases/{case_id}/time-entries", MANAGERS_SEE, case_id="other_case"),
    route("post", "/api/cases/{case_id}/time-entries", EVERYONE_ADDS, case_id="shared_case",
          body=_manual),
    route("post", "/api/cases/{case_id}/time-entries", MANAGERS_ADD_TO_HIDDEN,
          case_id="other_case", body=_manual),
    route("get", "/api/time-entries", EVERYONE),
    route("patch", "/api/time-entries/{entry_id}", OWN_OR_MANAGERS["technician"],
          entry_id="technician_time", body=lambda w: {"minutes": 50}),
    route("patch", "/api/time-entries/{entry_id}", OWN_OR_MANAGERS["subcontractor"],
          entry_id="subcontractor_time", body=lambda w: {"billable": False}),
    route("patch", "/api/time-entries/{entry_id}", MANAGERS_SEE,
          entry_id="agent_time", body=lambda w: {"note": "Quote"}),
    route("delete", "/api/time-entries/{entry_id}", DELETED_OWN_OR_MANAGERS["technician"],
          entry_id="technician_time"),
    route("delete", "/api/time-entries/{entry_id}", (204, 204, 404, 404, 401),
          entry_id="agent_time"),
    route("get", "/api/time/totals", EVERYONE, query="by=case&from=2026-01-01&to=2026-01-31"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """Objects the routes above need, added to tests/api/conftest.py's world."""
    from rightthere.cases.models import Case
    from rightthere.field.models import Visit
    from rightthere.timetracking.actions import add_entry, start_timer

    shared = Case.objects.get(pk=world["shared_case"])
    other = Case.objects.get(pk=world["other_case"])
    visit = Visit.objects.get(pk=world["shared_visit"])
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    for person in (owner, agent, technician, subcontractor):
        start_timer(person, shared, visit=visit, now=an_hour_ago)
    worked = datetime(2026, 1, 6, 14, tzinfo=UTC)

    def entry(person, case):
        return add_entry(person, case, started_at=worked, minutes=45).pk

    return {
        "technician_time": entry(technician, shared),
        "subcontractor_time": entry(subcontractor, shared),
        "agent_time": entry(agent, other),
    }

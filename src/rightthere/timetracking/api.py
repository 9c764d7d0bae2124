"""Time tracking in the API: the timer, entries per case, corrections and totals.

Mounted at the API root: /api/cases/{id}/timer/start, /api/timer, /api/timer/stop,
/api/cases/{id}/time-entries, /api/time-entries[/{id}] and /api/time/totals.
"""

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.cases.models import Case
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import PageParams, error_responses
from rightthere.field.models import Visit
from rightthere.timetracking import actions
from rightthere.timetracking.access import (
    access_entry,
    access_visit_on_case,
    entries_on,
    person_to_record_for,
    visible_entries,
)
from rightthere.timetracking.export import totals_csv
from rightthere.timetracking.models import TimeEntry
from rightthere.timetracking.periods import custom_period, local_midnight, named_period
from rightthere.timetracking.schemas import (
    EntryFilters,
    RunningTimerOut,
    TimeEntryCreate,
    TimeEntryOut,
    TimeEntryPage,
    TimeEntryUpdate,
    TimerStart,
    TimerStartedOut,
    TimerStop,
    TotalsOut,
    TotalsQuery,
)
from rightthere.timetracking.totals import period_totals

router = Router(tags=["time tracking"])

# Newest work first, as a timesheet reads.
ENTRY_ORDER = (Key("started_at", descending=True, kind=datetime), Key("id", descending=True))


def _case_and_visit(user: User, case_id: int, visit_id: int | None) -> tuple[Case, Visit | None]:
    """The case, or a visit of it. A technician may log time on their own visit even when
    the case is assigned to someone else, so a visit is checked as a visit."""
    if visit_id is None:
        return access_case(user, case_id), None
    visit = access_visit_on_case(user, case_id, visit_id)
    return visit.case, visit


def _entries(queryset: Any) -> Any:
    return queryset.select_related("person")


@router.post(
    "/cases/{case_id}/timer/start",
    response={200: TimerStartedOut, 201: TimerStartedOut, **error_responses(400, 404, 422)},
)
def start_timer(
    request: HttpRequest, case_id: int, payload: TimerStart | None = None
) -> tuple[int, dict[str, Any]]:
    """Start your timer on a case (or a visit of it). A timer running elsewhere is stopped
    and returned as `stopped`; starting the timer that already runs here answers 200."""
    payload = payload or TimerStart.model_validate({})
    user = current_user(request)
    case, visit = _case_and_visit(user, case_id, payload.visit_id)
    started = actions.start_timer(
        user, case, visit=visit, note=payload.note, billable=payload.billable
    )
    status = 200 if started.already_running else 201
    return status, {"entry": started.entry, "stopped": started.stopped}


@router.post("/timer/stop", response={200: TimeEntryOut, **error_responses(409, 422)})
def stop_timer(request: HttpRequest, payload: TimerStop | None = None) -> TimeEntry:
    """Stop your running timer: its minutes are rounded up to whole minutes, at least one.
    Without a running timer the answer is 409."""
    payload = payload or TimerStop.model_validate({})
    return actions.stop_timer(current_user(request), note=payload.note, billable=payload.billable)


@router.get("/timer", response={200: RunningTimerOut, **error_responses(422)})
def running_timer(request: HttpRequest) -> dict[str, Any]:
    """Your running timer, or null."""
    return {"running": actions.running_timer(current_user(request))}


@router.get(
    "/cases/{case_id}/time-entries",
    response={200: TimeEntryPage, **error_responses(400, 404, 422)},
)
def list_case_entries(
    request: HttpRequest, case_id: int, page: Query[PageParams]
) -> dict[str, Any]:
    """Time on a case, newest first: everyone's for owners and agents, else your own."""
    user = current_user(request)
    case = access_case(user, case_id)
    items, next_cursor = paginate(
        _entries(entries_on(user, case)), ENTRY_ORDER, cursor=page.cursor, limit=page.limit
    )
    return {"items": items, "next": next_cursor}


@router.post(
    "/cases/{case_id}/time-entries",
    response={201: TimeEntryOut, **error_responses(400, 403, 404, 422)},
)
def add_entry(
    request: HttpRequest, case_id: int, payload: TimeEntryCreate
) -> tuple[int, TimeEntry]:
    """Record time by hand: the start, and the minutes (1 to 1440) or the end."""
    user = current_user(request)
    case, visit = _case_and_visit(user, case_id, payload.visit_id)
    entry = actions.add_entry(
        user,
        case,
        started_at=payload.started_at,
        minutes=payload.minutes,
        ended_at=payload.ended_at,
        person=person_to_record_for(user, payload.person_id),
        visit=visit,
        note=payload.note,
        billable=payload.billable,
    )
    return 201, entry


@router.get("/time-entries", response={200: TimeEntryPage, **error_responses(400, 422)})
def list_entries(
    request: HttpRequest, filters: Query[EntryFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Time entries across cases, newest first: everyone's for owners and agents, else your
    own. Days are in the desk's time zone."""
    user = current_user(request)
    entries = visible_entries(user)
    if filters.since is not None:
        entries = entries.filter(started_at__gte=local_midnight(filters.since))
    if filters.until is not None:
        entries = entries.filter(started_at__lt=local_midnight(filters.until + timedelta(days=1)))
    if filters.person_id is not None:
        entries = entries.filter(person_id=filters.person_id)
    items, next_cursor = paginate(
        _entries(entries), ENTRY_ORDER, cursor=page.cursor, limit=page.limit
    )
    return {"items": items, "next": next_cursor}


@router.patch(
    "/time-entries/{entry_id}", response={200: TimeEntryOut, **error_responses(400, 403, 404, 422)}
)
def change_entry(request: HttpRequest, entry_id: int, payload: TimeEntryUpdate) -> TimeEntry:
    """Correct an entry: yours, or anyone's for owners and agents."""
    user = current_user(request)
    entry = access_entry(user, entry_id)
    return actions.change_entry(user, entry, **payload.model_dump(exclude_unset=True))


@router.delete("/time-entries/{entry_id}", response={204: None, **error_responses(403, 404, 422)})
def delete_entry(request: HttpRequest, entry_id: int) -> tuple[int, None]:
    user = current_user(request)
    actions.delete_entry(user, access_entry(user, entry_id))
    return 204, None


@router.get(
    "/time/totals",
    response={200: TotalsOut, **error_responses(400, 422)},
    by_alias=True,
)
def totals(request: HttpRequest, query: Query[TotalsQuery]) -> HttpResponse | dict[str, Any]:
    """Minutes per person, customer or case for whole days `from`..`to` (desk time zone),
    split billable / not. An entry crossing midnight counts on each day for the minutes
    on that day. Owners and agents see everyone's time; others their own.
    `format=csv` gives the same rows as a CSV file."""
    user = current_user(request)
    first, last = query.from_ or query.to, query.to or query.from_
    if first is None or last is None:
        period = named_period("this_week", timezone.localdate())
    else:
        period = custom_period(first, last)
    found = period_totals(visible_entries(user), query.by, period)
    if query.format == "csv":
        return totals_csv(found)
    return {
        "by": found.by,
        "from": period.first,
        "to": period.last,
        "rows": [
            {
                "id": row.key,
                "name": row.label,
                "billable_minutes": row.billable,
                "non_billable_minutes": row.non_billable,
                "total_minutes": row.total,
            }
            for row in found.rows
        ],  # fmt: skip
        "billable_minutes": found.billable,
        "non_billable_minutes": found.non_billable,
        "total_minutes": found.total,
    }

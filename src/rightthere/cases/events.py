"""The one writer of case events: the append-only record the timeline is built from.

Every app records what happened to a case here, with an `EventKind`: values are
written as people read them (a person's name, a local time) and cut to the
columns' sizes, so no caller builds a `CaseEvent` by hand.
"""

from datetime import datetime

from django.utils import timezone, translation
from django.utils.functional import Promise

from rightthere.accounts.models import User
from rightthere.cases.models import Case, CaseEvent, EventKind
from rightthere.core.rows import insert_row


def display(value: object) -> str:
    """A value as the timeline shows it."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, User):
        return value.display_name
    if isinstance(value, Promise):
        # A choice's label is stored as written in English whatever language the
        # person works in: events are data (similar cases look for "Solved"), and
        # the timeline translates the labels it knows when it shows them.
        with translation.override("en"):
            return str(value)
    return str(value)


def new_event(
    case: Case | int,
    actor: User | None,
    kind: EventKind | str,
    *,
    field: str = "",
    before: object = "",
    after: object = "",
    at: datetime | None = None,
) -> CaseEvent:
    """An event not saved yet, for a case or a case id (opening a case saves its
    first events in one INSERT)."""
    on_case = {"case_id": case} if isinstance(case, int) else {"case": case}
    return CaseEvent(
        **on_case,
        actor=actor,
        kind=kind,
        field=field[:50],
        before=display(before)[:255],
        after=display(after)[:255],
        created_at=at or timezone.now(),
    )


def record_event(
    case: Case | int,
    actor: User | None,
    kind: EventKind | str,
    *,
    field: str = "",
    before: object = "",
    after: object = "",
    at: datetime | None = None,
) -> CaseEvent:
    """Record that something happened to a case (one plain INSERT)."""
    return insert_row(new_event(case, actor, kind, field=field, before=before, after=after, at=at))

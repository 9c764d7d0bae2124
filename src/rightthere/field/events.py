"""Case events for field work: every visit and part change is on the case timeline
(as `EventKind.VISIT` or `EventKind.PART`)."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format

from rightthere.accounts.models import User
from rightthere.cases.events import record_event
from rightthere.cases.models import CaseEvent, EventKind


def when(value: datetime) -> str:
    return timezone.localtime(value).strftime("%a %d %b %H:%M")


def when_shown(value: datetime) -> str:
    """`when` in the active language, for the messages people read (not the timeline)."""
    return date_format(timezone.localtime(value), "D d M H:i")


def record(
    case_id: int,
    actor: User | None,
    kind: EventKind,
    *,
    field: str = "",
    before: object = "",
    after: object = "",
    at: datetime,
) -> CaseEvent:
    return record_event(case_id, actor, kind, field=field, before=before, after=after, at=at)

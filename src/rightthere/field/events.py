"""Case events for field work: every visit and part change is on the case timeline
(as `EventKind.VISIT` or `EventKind.PART`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

from rightthere.accounts.business_locale import business_language
from rightthere.accounts.models import User
from rightthere.cases.events import record_event
from rightthere.cases.models import CaseEvent, EventKind


def when(value: datetime) -> str:
    """A time on the timeline, in the active (the business's) language: timeline texts
    are written when they are recorded, like the rest of what staff read."""
    return date_format(timezone.localtime(value), "D d M H:i")


@contextmanager
def in_business_language() -> Iterator[None]:
    """For a timeline text written while a customer's page or mail speaks their language
    (they chose or moved their visit): the timeline is the staff's, in the business's."""
    with translation.override(business_language()):
        yield


def when_shown(value: datetime) -> str:
    """`when` in the active language, for the messages people read."""
    return when(value)


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

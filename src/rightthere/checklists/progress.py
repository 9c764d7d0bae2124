"""How far a case's checklist has got, and which cases have not started theirs.

A checklist counts as started as soon as any step is started or ticked off
(steps done out of order still mean work has begun). One that is still
unstarted CHECKLIST_NOT_STARTED_HOURS after its first step was put on the
case is surfaced in the "Not started" inbox view, long before the deadline.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from rightthere.checklists.models import CaseChecklistItem

DEFAULT_NOT_STARTED_HOURS = 24


def not_started_grace() -> timedelta:
    hours = settings.RIGHTTHERE.get("CHECKLIST_NOT_STARTED_HOURS", DEFAULT_NOT_STARTED_HOURS)
    return timedelta(hours=float(hours))


def not_started(now: datetime | None = None) -> Q:
    """Cases (as a filter on Case) whose checklist is older than the grace time and
    not started. Two EXISTS subqueries, so any number of cases takes one query."""
    return unstarted_since((now or timezone.now()) - not_started_grace())


def unstarted_since(cutoff: Any) -> Q:
    """`not_started` with its cutoff (now less the grace time) given: a datetime, or a
    `Param` for a statement compiled once (the inbox's counts)."""
    steps = CaseChecklistItem.objects.filter(case=OuterRef("pk"))
    old_enough = Exists(steps.filter(created_at__lte=cutoff))
    any_started = Exists(steps.filter(started_at__isnull=False))
    return Q(old_enough) & ~Q(any_started)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    late: bool  # not started within the grace time

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def progress_of(items: Sequence[CaseChecklistItem], now: datetime | None = None) -> Progress:
    """The same rule as `not_started`, for steps already loaded (no query)."""
    cutoff = (now or timezone.now()) - not_started_grace()
    late = (
        bool(items)
        and all(item.started_at is None for item in items)
        and min(item.created_at for item in items) <= cutoff
    )
    return Progress(
        done=sum(1 for item in items if item.done_at is not None), total=len(items), late=late
    )

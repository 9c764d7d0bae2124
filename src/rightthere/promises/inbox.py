"""Inbox conditions about promises, as `Exists` subqueries (one row per case, no joins)."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from rightthere.core.compiled import Inline
from rightthere.promises.models import Promise, PromiseState

DUE_SOON = timedelta(hours=4)
BROKEN_LOOKBACK = timedelta(days=30)


def _has(state: str, **filters: object) -> Q:
    # The state is written into the SQL: the open promises have partial indexes
    # (compiled.Inline says why).
    return Q(Exists(Promise.objects.filter(case=OuterRef("pk"), state=Inline(state), **filters)))


def end_of_local_day(now: datetime) -> datetime:
    return timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999999)


# The conditions take their instants (and the owner's id) as values: plain ones for
# a list, `Param`s for the inbox's counts, which are compiled once (rightthere.inbox).


def my_promises_due_today(owner_id: Any, end_of_day: Any) -> Q:
    return _has(state=PromiseState.OPEN, owner_id=owner_id, due_at__lte=end_of_day)


def promises_due_soon(until: Any) -> Q:
    return _has(state=PromiseState.OPEN, due_at__lte=until)


def broken_promises(since: Any) -> Q:
    return _has(state=PromiseState.BROKEN, replaced_by__isnull=True, broken_at__gte=since)


def without_open_promise() -> Q:
    return ~_has(state=PromiseState.OPEN)

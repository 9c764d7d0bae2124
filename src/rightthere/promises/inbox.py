"""Inbox conditions about promises, as `Exists` subqueries (one row per case, no joins)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.promises.models import Promise, PromiseState

DUE_SOON = timedelta(hours=4)
BROKEN_LOOKBACK = timedelta(days=30)


def _has(**filters: object) -> Q:
    return Q(Exists(Promise.objects.filter(case=OuterRef("pk"), **filters)))


def my_promises_due_today(user: User) -> Q:
    local = timezone.localtime()
    end_of_day = local.replace(hour=23, minute=59, second=59, microsecond=999999)
    return _has(state=PromiseState.OPEN, owner=user, due_at__lte=end_of_day)


def promises_due_soon(user: User) -> Q:
    return _has(state=PromiseState.OPEN, due_at__lte=timezone.now() + DUE_SOON)


def broken_promises(user: User) -> Q:
    return _has(
        state=PromiseState.BROKEN,
        replaced_by__isnull=True,
        broken_at__gte=timezone.now() - BROKEN_LOOKBACK,
    )


def without_open_promise(user: User) -> Q:
    return ~_has(state=PromiseState.OPEN)

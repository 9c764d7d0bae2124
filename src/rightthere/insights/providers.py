"""Figures that need data from other apps (field service, the reply coach).

Each function imports its app's module lazily, only when the app is installed, and
answers "nothing yet" (None or empty) otherwise, so insights never depends on them:

- `rightthere.field.insights` is expected to offer
  `last_visits(customer_ids) -> {customer_id: datetime}`,
  `right_first_time(start, end, internal) -> [(week_start, first_time, visits)]`,
  `rework_cost(start, end, internal) -> [(week_start, cost, return_visits)]` and
  `owner_visits(user_ids, start, end) -> {case_kind: visits}`;
- `rightthere.coach.insights` is expected to offer
  `findings_per_week(kind, start, end) -> [(week_start, count)]` for kind "excuse" or
  "blame" in sent replies, and `cases_with_findings(kind, start, end) -> [case_id]`.
"""

import importlib
from collections.abc import Iterable
from datetime import date, datetime
from types import ModuleType
from typing import Any

from django.apps import apps

FIELD = "rightthere.field"
COACH = "rightthere.coach"


def _module(app: str) -> ModuleType | None:
    if not apps.is_installed(app):
        return None
    try:
        return importlib.import_module(f"{app}.insights")
    except ImportError:
        return None


def available(app: str) -> bool:
    return _module(app) is not None


def _call(app: str, name: str, *args: Any) -> Any:
    module = _module(app)
    function = getattr(module, name, None) if module is not None else None
    return None if function is None else function(*args)


def last_visits(customer_ids: Iterable[int] | None) -> dict[int, datetime]:
    found = _call(FIELD, "last_visits", None if customer_ids is None else list(customer_ids))
    return dict(found or {})


def right_first_time(
    start: datetime, end: datetime, internal: bool | None
) -> list[tuple[date, int, int]] | None:
    found = _call(FIELD, "right_first_time", start, end, internal)
    return None if found is None else list(found)


def rework_cost(
    start: datetime, end: datetime, internal: bool | None
) -> list[tuple[date, float, int]] | None:
    found = _call(FIELD, "rework_cost", start, end, internal)
    return None if found is None else list(found)


def owner_visits(user_ids: list[int], start: datetime, end: datetime) -> dict[str, int] | None:
    found = _call(FIELD, "owner_visits", user_ids, start, end)
    return None if found is None else dict(found)


def reply_findings(kind: str, start: datetime, end: datetime) -> list[tuple[date, int]] | None:
    found = _call(COACH, "findings_per_week", kind, start, end)
    return None if found is None else list(found)


def cases_with_findings(kind: str, start: datetime, end: datetime) -> list[int]:
    return list(_call(COACH, "cases_with_findings", kind, start, end) or [])

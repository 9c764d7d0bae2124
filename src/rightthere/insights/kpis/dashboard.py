"""Every figure of the dashboard, in order: the page, the API and the CSV use this.

The figures of one request share a `Memo`, so the sets of cases several figures are
computed from are fetched once (see kpis/memo.py).
"""

from collections.abc import Callable

from rightthere.insights.kpis import (
    backlog,
    complaints,
    effort,
    field,
    load,
    promises,
    response,
    satisfaction,
)
from rightthere.insights.kpis.figure import Figure
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import Period
from rightthere.insights.kpis.planner import without_jit
from rightthere.insights.models import Target

FIGURES: dict[str, Callable[[Period, str, Memo | None], Figure]] = {
    "first_response": response.first_response,
    "resolution": response.resolution,
    "promises_kept": promises.promises_kept,
    "broken_promises": promises.broken_promises,
    "right_first_time": field.right_first_time,
    "rework_cost": field.rework_cost,
    "csat": satisfaction.csat,
    "complaints": complaints.complaints_per_week,
    "customer_effort": effort.customer_effort,
    "repeat_contacts": effort.repeat_contacts,
    "backlog": backlog.backlog,
    "backlog_age": backlog.backlog_age,
    "load": load.load_per_person,
}


def figure(key: str, period: Period, audience: str, memo: Memo | None = None) -> Figure:
    with without_jit():
        found = FIGURES[key](period, audience, memo)
    found.target = _targets(audience).get(key)
    return found


def dashboard(period: Period, audience: str, memo: Memo | None = None) -> list[Figure]:
    """Every figure; pass the request's memo to share its sets with the signs."""
    memo = memo or Memo()
    targets = _targets(audience)
    with without_jit():
        figures = [compute(period, audience, memo) for compute in FIGURES.values()]
    for found in figures:
        found.target = targets.get(found.key)
    return figures


def _targets(audience: str) -> dict[str, float]:
    """Targets without a team, for this audience (or for all customers if none is set)."""
    found: dict[str, float] = {}
    for key, target_audience, value in Target.objects.filter(
        team__isnull=True, audience__in=["all", audience]
    ).values_list("figure", "audience", "value"):
        if target_audience == audience or key not in found:
            found[key] = value
    return found

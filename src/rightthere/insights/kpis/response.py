"""How fast we answer and how fast we solve."""

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncWeek

from rightthere.cases.models import Case
from rightthere.insights.kpis.figure import Figure, weekly_rows
from rightthere.insights.kpis.period import Period, audience_filter

HOUR = 1 / 3600


def _hours(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def _total(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The whole period's figures from its weeks (one scan of the cases, not two)."""
    n = sum(r["n"] for r in rows)
    took = sum((r["avg"] * r["n"] for r in rows if r["avg"] is not None), timedelta())
    return {"n": n, "avg": took / n if n else None,
            "in_time": sum(r.get("in_time", 0) for r in rows)}  # fmt: skip


def first_response(period: Period, audience: str) -> Figure:
    """Average hours from opening to the first reply by a person, of cases opened in the
    period that have had one; also the share answered within their target time."""
    cases = Case.objects.filter(
        audience_filter(audience),
        created_at__gte=period.start,
        created_at__lte=period.end,
        first_responded_at__isnull=False,
    )
    took = _hours("first_responded_at", "created_at")
    in_time = Q(first_responded_at__lte=F("first_response_due"))
    rows = list(
        cases.annotate(week=TruncWeek("created_at"))
        .values("week")
        .order_by("week")
        .annotate(avg=Avg(took), n=Count("id"), in_time=Count("id", filter=in_time))
    )
    total = _total(rows)
    n = total["n"]
    return Figure(
        key="first_response",
        label="First-response time",
        unit="hours",
        value=None if not n else round(total["avg"].total_seconds() * HOUR, 2),
        count=n,
        columns=("week", "average hours", "cases"),
        rows=weekly_rows(period, rows, "avg", "n", HOUR),
        explanation="Average hours from opening to the first reply, by the week the case opened.",
        extra={"within_target_percent": round(100 * total["in_time"] / n, 1) if n else None},
    )


def resolution(period: Period, audience: str) -> Figure:
    """Average hours from opening to solved, of cases solved in the period."""
    cases = Case.objects.filter(
        audience_filter(audience), solved_at__gte=period.start, solved_at__lte=period.end
    )
    took = _hours("solved_at", "created_at")
    rows = list(
        cases.annotate(week=TruncWeek("solved_at"))
        .values("week")
        .order_by("week")
        .annotate(avg=Avg(took), n=Count("id"))
    )
    total = _total(rows)
    n = total["n"]
    return Figure(
        key="resolution",
        label="Resolution time",
        unit="hours",
        value=None if not n else round(total["avg"].total_seconds() * HOUR, 2),
        count=n,
        columns=("week", "average hours", "cases"),
        rows=weekly_rows(period, rows, "avg", "n", HOUR),
        explanation="Average hours from opening to solved, by the week the case was solved.",
    )

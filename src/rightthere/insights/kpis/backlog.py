"""Backlog: open cases at the end of each week, and how old today's are."""

from datetime import timedelta

from django.db.models import Count, Q

from rightthere.cases.models import Case
from rightthere.cases.models.case import IS_OPEN
from rightthere.insights.kpis.figure import Figure
from rightthere.insights.kpis.period import Period, audience_filter, local_midnight

AGE_BUCKETS = (("under 1 day", 0, 1), ("1-3 days", 1, 3), ("3-7 days", 3, 7),
               ("1-4 weeks", 7, 28), ("over 4 weeks", 28, None))  # fmt: skip


def _open_at(moment: object) -> Q:
    """Open at a moment: opened before it, not yet solved or closed by then."""
    return Q(created_at__lte=moment) & (
        Q(solved_at__isnull=True, closed_at__isnull=True)
        | Q(solved_at__gt=moment)
        | Q(solved_at__isnull=True, closed_at__gt=moment)
    )


def backlog(period: Period, audience: str) -> Figure:
    """Open cases at the end of each week of the period (now, for the current week)."""
    ends = [
        min(local_midnight(week + timedelta(days=7)), period.now) for week in period.week_starts
    ]
    cases = Case.objects.filter(audience_filter(audience), created_at__lte=period.now).filter(
        Q(solved_at__isnull=True, closed_at__isnull=True)
        | Q(solved_at__gt=period.start)
        | Q(closed_at__gt=period.start)
    )
    counts = cases.aggregate(
        **{f"w{i}": Count("id", filter=_open_at(end)) for i, end in enumerate(ends)}
    )
    rows = [
        (week, float(counts[f"w{i}"]), counts[f"w{i}"]) for i, week in enumerate(period.week_starts)
    ]
    current = rows[-1][2] if rows else 0
    return Figure(
        key="backlog",
        label="Backlog",
        unit="count",
        value=current,
        count=current,
        columns=("week", "open cases at week end", "open cases"),
        rows=rows,
        explanation="Cases open at the end of each week; the last bar is now.",
    )


def backlog_age(period: Period, audience: str) -> Figure:
    """Today's open cases by age."""
    cases = Case.objects.filter(IS_OPEN, audience_filter(audience))
    now = period.now
    buckets = {}
    for label, low, high in AGE_BUCKETS:
        age = Q(created_at__lte=now - timedelta(days=low))
        if high is not None:
            age &= Q(created_at__gt=now - timedelta(days=high))
        buckets[label] = Count("id", filter=age)
    counts = cases.aggregate(**{f"b{i}": c for i, c in enumerate(buckets.values())})
    rows = [(label, float(counts[f"b{i}"]), counts[f"b{i}"]) for i, label in enumerate(buckets)]
    total = sum(r[2] for r in rows)
    return Figure(
        key="backlog_age",
        label="Age of open cases",
        unit="count",
        value=total,
        count=total,
        columns=("age", "open cases", "open cases"),
        rows=rows,
        chart="bars",
        explanation="Open cases now, by how long ago they were opened.",
    )

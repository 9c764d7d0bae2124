"""Backlog: open cases at the end of each week, and how old today's are."""

from django.utils.translation import gettext_noop

from rightthere.insights.kpis.figure import Figure
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import Period
from rightthere.insights.kpis.workload import AGE_BUCKETS, workload


def backlog(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Open cases at the end of each week of the period (now, for the current week)."""
    counts = workload(period, audience, memo).backlog
    rows = [(week, float(n), n) for week, n in zip(period.week_starts, counts, strict=True)]
    current = rows[-1][2] if rows else 0
    return Figure(
        key="backlog",
        label=gettext_noop("Backlog"),
        unit=gettext_noop("count"),
        value=current,
        count=current,
        columns=(
            gettext_noop("week"),
            gettext_noop("open cases at week end"),
            gettext_noop("open cases"),
        ),
        rows=rows,
        explanation=gettext_noop("Cases open at the end of each week; the last bar is now."),
    )


def backlog_age(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Today's open cases by age."""
    counts = workload(period, audience, memo).ages
    rows = [(label, float(n), n) for (label, _, _), n in zip(AGE_BUCKETS, counts, strict=True)]
    total = sum(counts)
    return Figure(
        key="backlog_age",
        label=gettext_noop("Age of open cases"),
        unit=gettext_noop("count"),
        value=total,
        count=total,
        columns=(gettext_noop("age"), gettext_noop("open cases"), gettext_noop("open cases")),
        rows=rows,
        chart="bars",
        explanation=gettext_noop("Open cases now, by how long ago they were opened."),
    )

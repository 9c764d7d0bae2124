"""Right first time and the cost of rework: computed by the field-service app."""

from django.utils.translation import gettext_noop

from rightthere.insights import providers
from rightthere.insights.kpis.figure import Figure
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import Period, internal_flag, week_of


def right_first_time(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """The share of jobs done in one visit, from the field app's visits per week."""
    weeks = providers.right_first_time(period.start, period.end, internal_flag(audience))
    found = {week_of(w): (first, total) for w, first, total in weeks or []}
    rows = []
    for week in period.week_starts:
        first, total = found.get(week, (0, 0))
        rows.append((week, round(100 * first / total, 1) if total else None, total))
    first_sum = sum(found[w][0] for w in found)
    total_sum = sum(found[w][1] for w in found)
    return Figure(
        key="right_first_time",
        label=gettext_noop("Right first time"),
        unit="%",
        value=round(100 * first_sum / total_sum, 1) if total_sum else None,
        count=total_sum,
        columns=(gettext_noop("week"), gettext_noop("right first time %"), gettext_noop("jobs")),
        rows=rows,
        better="higher",
        explanation=gettext_noop("Jobs finished at the first visit, with no return visit."),
        waiting_on="" if weeks is not None else gettext_noop("field service (rightthere.field)"),
    )


def rework_cost(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """What return visits cost, per week, from the field app."""
    weeks = providers.rework_cost(period.start, period.end, internal_flag(audience))
    found = {week_of(w): (float(cost), visits) for w, cost, visits in weeks or []}
    rows = [(week, *found.get(week, (0.0, 0))) for week in period.week_starts]
    return Figure(
        key="rework_cost",
        label=gettext_noop("Cost of rework"),
        unit="£",
        value=round(sum(r[1] for r in rows), 2) if weeks is not None else None,
        count=sum(r[2] for r in rows),
        columns=(gettext_noop("week"), gettext_noop("cost"), gettext_noop("return visits")),
        rows=rows,
        explanation=gettext_noop("Cost of return visits (time, travel and parts) per week."),
        waiting_on="" if weeks is not None else gettext_noop("field service (rightthere.field)"),
    )

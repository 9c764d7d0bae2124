"""How fast we answer and how fast we solve."""

from datetime import date, timedelta

from django.utils.translation import gettext_noop

from rightthere.insights.kpis.figure import Figure, weekly_rows
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.opened import opened
from rightthere.insights.kpis.period import Period
from rightthere.insights.kpis.workload import workload

HOUR = 1 / 3600


def _hours(took: timedelta, n: int) -> float | None:
    return round((took / n).total_seconds() * HOUR, 2) if n else None


def _weeks(weekly: list[tuple[date, int, timedelta]]) -> list[dict[str, object]]:
    """Rows for `weekly_rows`: the average time of each week that has cases."""
    return [{"week": week, "avg": took / n, "n": n} for week, n, took in weekly if n]


def first_response(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Average hours from opening to the first reply by a person, of cases opened in the
    period that have had one; also the share answered within their target time."""
    weeks = opened(period, audience, memo).weeks
    weekly = [(week, w.answered, w.answer_time) for week, w in weeks.items()]
    n = sum(w.answered for w in weeks.values())
    in_time = sum(w.answered_in_time for w in weeks.values())
    return Figure(
        key="first_response",
        label=gettext_noop("First-response time"),
        unit=gettext_noop("hours"),
        value=_hours(sum((w.answer_time for w in weeks.values()), timedelta()), n),
        count=n,
        columns=(gettext_noop("week"), gettext_noop("average hours"), gettext_noop("cases")),
        rows=weekly_rows(period, _weeks(weekly), "avg", "n", HOUR),
        explanation=gettext_noop(
            "Average hours from opening to the first reply, by the week the case opened."
        ),
        extra={"within_target_percent": round(100 * in_time / n, 1) if n else None},
    )


def resolution(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Average hours from opening to solved, of cases solved in the period."""
    solved = workload(period, audience, memo).solved
    weekly = [(week, n, took) for week, (n, took) in zip(period.week_starts, solved, strict=True)]
    n = sum(count for count, _ in solved)
    return Figure(
        key="resolution",
        label=gettext_noop("Resolution time"),
        unit=gettext_noop("hours"),
        value=_hours(sum((took for _, took in solved), timedelta()), n),
        count=n,
        columns=(gettext_noop("week"), gettext_noop("average hours"), gettext_noop("cases")),
        rows=weekly_rows(period, _weeks(weekly), "avg", "n", HOUR),
        explanation=gettext_noop(
            "Average hours from opening to solved, by the week the case was solved."
        ),
    )

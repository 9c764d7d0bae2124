"""Cases open at some time in the period: the backlog at each week end, today's open
cases by age and by person, and the cases solved in the period (resolution time) all
come from them.

Each of their queries groups its cases by where each one falls: the first week end it
was open at, the first it no longer was at, the week it was solved in and, if it is
open now, its age bucket and assignee. That is a few thousand groups however many cases
there are; the figures add them up.

- The cases open now: every column needed is in the partial index of open cases
  `case_open_created`, so they are read from it alone (open cases are spread over the
  whole table: reading their rows meant reading the whole table).
- The others that may have been open in the period, those not solved before it began
  (and those closed without ever being solved): ranges of the partial index
  `case_done_solved` on their `solved_at`.

A case is open at a moment when it was opened by then and neither solved nor (when
never solved) closed by then: it is open until `solved_at`, else `closed_at`, else now.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, models
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_noop

from rightthere.cases.models import Case
from rightthere.cases.models.case import OPEN_STATUSES
from rightthere.insights.kpis.memo import Memo, shared
from rightthere.insights.kpis.period import (
    Period,
    audience_filter,
    first_bound,
    local_midnight,
    week_index,
)

AGE_BUCKETS = ((gettext_noop("under 1 day"), 0, 1), (gettext_noop("1-3 days"), 1, 3),
               (gettext_noop("3-7 days"), 3, 7), (gettext_noop("1-4 weeks"), 7, 28),
               (gettext_noop("over 4 weeks"), 28, None))  # fmt: skip


@dataclass(frozen=True)
class Workload:
    backlog: list[int]  # cases open at the end of each week of the period (now, for the last)
    ages: list[int]  # cases open now, per AGE_BUCKETS
    by_person: dict[int, int]  # cases open now, per assignee
    solved: list[tuple[int, timedelta]]  # per week: cases solved, their total time to solve
    # (the times are zero when fetched without durations)


def week_ends(period: Period) -> list[datetime]:
    """The end of each week of the period; the current week's is now."""
    return [
        min(local_midnight(week + timedelta(days=7)), period.now) for week in period.week_starts
    ]


def workload(
    period: Period, audience: str, memo: Memo | None = None, *, durations: bool = True
) -> Workload:
    """The cases open during the period, counted. `durations=False` when the time to
    solve is not needed (the signs' backlog): it is the costly part on SQLite, which
    works it out in Python for every case solved in the period. A full one fetched
    earlier in the request does for both."""
    full = ("workload", period, audience)
    if durations or (memo is not None and full in memo):
        return shared(memo, full, lambda: _workload(period, audience, durations=True))
    counts = ("workload without durations", period, audience)
    return shared(memo, counts, lambda: _workload(period, audience, durations=False))


def _age_bucket(now: datetime) -> models.Case:
    """The AGE_BUCKETS index of an open case; one past the last for one dated after now."""
    buckets = []
    for i, (_, low, high) in enumerate(AGE_BUCKETS):
        age = Q(created_at__lte=now - timedelta(days=low))
        if high is not None:
            age &= Q(created_at__gt=now - timedelta(days=high))
        buckets.append(When(age, then=Value(i)))
    return models.Case(
        *buckets, default=Value(len(AGE_BUCKETS)), output_field=models.IntegerField()
    )


def _open_now(negated: bool = False) -> RawSQL:
    """Open now (or not), the statuses written out: SQLite uses a partial index of the
    open cases only when a query states its condition with the same literal values, and
    Django would pass them as parameters (a full scan of the cases instead). They are
    the Status constants, never input."""
    quote = connection.ops.quote_name
    column = f"{quote(Case._meta.db_table)}.{quote('status')}"
    statuses = ", ".join(f"'{status.value}'" for status in OPEN_STATUSES)
    condition = f"{column} IN ({statuses})"
    return RawSQL(  # noqa: S611 - constants only, see above
        f"NOT ({condition})" if negated else condition, (), output_field=models.BooleanField()
    )


def _solved_week(period: Period) -> models.Case:
    """The index of the week of the period the case was solved in (null if not in it)."""
    return models.Case(
        When(_solved_in(period), then=week_index("solved_at", period)),
        default=Value(None),
        output_field=models.IntegerField(),
    )


def _solved_in(period: Period) -> Q:
    return Q(solved_at__gte=period.start, solved_at__lte=period.end)


def _workload(period: Period, audience: str, *, durations: bool) -> Workload:
    ends = week_ends(period)
    weeks = len(ends)
    cases = Case.objects.filter(audience_filter(audience)).alias(
        open_until=Coalesce("solved_at", "closed_at")
    )
    took = ExpressionWrapper(F("solved_at") - F("created_at"), output_field=DurationField())
    where = {
        # The first week end the case was open at, and the first it no longer was at.
        "opened_by": first_bound("created_at", "lte", ends),
        "closed_by": models.Case(
            When(open_until__isnull=True, then=Value(weeks)),
            default=first_bound("open_until", "lte", ends),
            output_field=models.IntegerField(),
        ),
        "solved_week": _solved_week(period),
    }
    # COUNT(*), not of ids: only columns of `case_open_created`, which answers alone.
    # Time to solve is only needed (and only worked out) for cases solved in the period.
    sums: dict[str, Aggregate] = {"n": Count("*")}
    if durations:
        sums["took"] = Sum(took, filter=_solved_in(period))
    open_now = (
        cases.filter(_open_now())
        .annotate(**where, age=_age_bucket(period.now))
        .values(*where, "age", "assignee")
        .order_by()
        .annotate(**sums)
    )
    # The others that may have been open in the period: those not solved before it began,
    # and those closed without ever being solved. Two queries, not one with OR: SQLite
    # reads the whole table for an OR, and each of these is a range of `case_done_solved`.
    done = [
        cases.filter(_open_now(negated=True), ended)
        .annotate(**where)
        .values(*where)
        .order_by()
        .annotate(**sums)
        for ended in (Q(solved_at__gte=period.start), Q(solved_at__isnull=True))
    ]
    return _add_up([*open_now, *done[0], *done[1]], weeks)


def _add_up(groups: list[dict[str, Any]], weeks: int) -> Workload:
    """The figures from the groups of cases: each adds its count to the backlog of the
    week ends it was open at, to its age bucket and assignee, to the week it was solved."""
    change = [0] * (weeks + 1)  # backlog change at each week end
    ages = [0] * (len(AGE_BUCKETS) + 1)
    by_person: dict[int, int] = {}
    solved = [(0, timedelta())] * weeks
    for group in groups:
        n = group["n"]
        if group["opened_by"] < group["closed_by"]:
            change[group["opened_by"]] += n
            change[group["closed_by"]] -= n
        if "age" in group:
            ages[group["age"]] += n
            if group["assignee"] is not None:
                by_person[group["assignee"]] = by_person.get(group["assignee"], 0) + n
        if group["solved_week"] is not None:
            count, total = solved[group["solved_week"]]
            took = group.get("took") or timedelta()
            solved[group["solved_week"]] = (count + n, total + took)
    backlog, running = [], 0
    for step in change[:weeks]:
        running += step
        backlog.append(running)
    return Workload(backlog=backlog, ages=ages[:-1], by_person=by_person, solved=solved)

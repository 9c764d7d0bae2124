"""Cases opened in the period, week by week: first response, customer effort and repeat
contacts are all computed from them.

Three queries, each bounded by the period on indexed columns and none with a subquery
per case in its select list (the database runs those once per case, and PostgreSQL
costs them so high that it compiled them with JIT, which alone took longer):

- the cases (a range of `case_created`): how many, how many had a first reply and how
  long it took, and the range of their ids;
- the cases whose customer had opened another one in the seven days before: a WHERE
  EXISTS, which the database runs as a semi-join on `case_customer_created`;
- the customer's messages on them, their `case_id` bounded by that id range so that
  only those cases' messages are read (cases are numbered as they come in; the join on
  the case keeps the answer exact when they are not, only slower), from the partial
  index `message_customer_case` of the customers' own messages alone.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)

from rightthere.cases.models import Case, Direction, Message
from rightthere.insights.kpis.memo import Memo, shared
from rightthere.insights.kpis.period import Period, audience_filter, week_index

REPEAT_WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class OpenedWeek:
    cases: int
    answered: int  # cases with a first reply by a person
    answer_time: timedelta  # from opening to that reply, summed over them
    answered_in_time: int  # of those, answered by their first-response target


@dataclass(frozen=True)
class Opened:
    weeks: dict[date, OpenedWeek] = field(default_factory=dict)  # by Monday (local time)
    first_id: int | None = None
    last_id: int | None = None


def opened_cases(period: Period, audience: str) -> QuerySet[Case]:
    return Case.objects.filter(
        audience_filter(audience), created_at__gte=period.start, created_at__lte=period.end
    )


def opened(period: Period, audience: str, memo: Memo | None = None) -> Opened:
    """The cases opened in the period, counted by week."""
    return shared(memo, ("opened", period, audience), lambda: _opened(period, audience))


def _opened(period: Period, audience: str) -> Opened:
    took = ExpressionWrapper(
        F("first_responded_at") - F("created_at"), output_field=DurationField()
    )
    rows = list(
        opened_cases(period, audience)
        .annotate(week=week_index("created_at", period))
        .values("week")
        .order_by()
        .annotate(
            cases=Count("*"),
            answered=Count("first_responded_at"),
            answer_time=Sum(took),
            in_time=Count("id", filter=Q(first_responded_at__lte=F("first_response_due"))),
            first_id=Min("id"),
            last_id=Max("id"),
        )
    )
    weeks = {
        period.week_starts[row["week"]]: OpenedWeek(
            row["cases"], row["answered"], row["answer_time"] or timedelta(), row["in_time"]
        )
        for row in rows
    }
    if not weeks:
        return Opened()
    return Opened(
        weeks,
        first_id=min(row["first_id"] for row in rows),
        last_id=max(row["last_id"] for row in rows),
    )


def repeat_weeks(period: Period, audience: str, memo: Memo | None = None) -> dict[date, int]:
    """Cases opened in the period, by week, by a customer who had opened another case in
    the seven days before."""

    def fetch() -> dict[date, int]:
        earlier = Case.objects.filter(
            customer_id=OuterRef("customer_id"),
            created_at__lt=OuterRef("created_at"),
            created_at__gte=OuterRef("created_at") - REPEAT_WITHIN,
        )
        rows = (
            opened_cases(period, audience)
            .filter(Exists(earlier))
            .annotate(week=week_index("created_at", period))
            .values("week")
            .order_by()
            .annotate(n=Count("*"))  # not of ids: the customer's index answers alone
        )
        return {period.week_starts[row["week"]]: row["n"] for row in rows}

    return shared(memo, ("repeat", period, audience), fetch)


def chaser_weeks(
    period: Period, audience: str, memo: Memo | None = None
) -> dict[date, tuple[int, int]]:
    """By week opened: the messages customers wrote on the cases opened in the period, and
    how many of those cases have any (so chasers = messages - cases)."""
    return shared(
        memo,
        ("chasers", period, audience),
        lambda: customer_messages(period, audience, opened(period, audience, memo)),
    )


def customer_messages(period: Period, audience: str, cases: Opened) -> dict[date, tuple[int, int]]:
    """`chaser_weeks` for the cases opened in the period, already counted in `cases`."""
    if cases.first_id is None:
        return {}
    rows = (
        Message.objects.filter(
            audience_filter(audience, "case__"),
            direction=Direction.INBOUND,
            automatic=False,
            case_id__gte=cases.first_id,
            case_id__lte=cases.last_id,
            case__created_at__gte=period.start,
            case__created_at__lte=period.end,
        )
        .annotate(week=week_index("case__created_at", period))
        .values("week")
        .order_by()
        # COUNT(*), not of ids: an index holding just case_id answers it alone.
        .annotate(messages=Count("*"), cases=Count("case_id", distinct=True))
    )
    return {period.week_starts[row["week"]]: (row["messages"], row["cases"]) for row in rows}

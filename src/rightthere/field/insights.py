"""What the owner's dashboard asks of field service (see `rightthere.insights.providers`).

Thin adapters on the visits: the same definitions as `quality.quality_report`, but per
week and, when asked, only for internal or only for external customers' cases.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from rightthere.field.models import FieldSettings, Outcome, PartOrder, Visit, VisitStatus


def _week(moment: datetime) -> date:
    """The Monday (local time) of the week holding `moment`."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def _audience(rows: QuerySet, internal: bool | None) -> QuerySet:
    return rows if internal is None else rows.filter(case__internal=internal)


def right_first_time(
    start: datetime, end: datetime, internal: bool | None
) -> list[tuple[date, int, int]]:
    """Per week: (week, jobs fixed at the first visit, jobs). A job counts in the week its
    first visit's outcome was recorded; only the first visit decides."""
    recorded = _audience(
        Visit.objects.exclude(outcome="").exclude(status=VisitStatus.CANCELLED), internal
    )
    in_period = recorded.filter(outcome_at__gte=start, outcome_at__lt=end).values("case")
    first: dict[int, tuple[str, datetime | None]] = {}
    for case_id, outcome, outcome_at in (
        recorded.filter(case__in=in_period)
        .order_by("case_id", "starts_at", "id")
        .values_list("case_id", "outcome", "outcome_at")
    ):
        first.setdefault(case_id, (outcome, outcome_at))
    weeks: dict[date, list[int]] = {}
    for outcome, outcome_at in first.values():
        if outcome_at is None or not start <= outcome_at < end:
            continue  # the first visit's outcome was recorded outside the period
        tally = weeks.setdefault(_week(outcome_at), [0, 0])
        tally[0] += outcome == Outcome.FIXED
        tally[1] += 1
    return [(week, fixed, jobs) for week, (fixed, jobs) in sorted(weeks.items())]


def rework_cost(
    start: datetime, end: datetime, internal: bool | None
) -> list[tuple[date, float, int]]:
    """Per week: (week, cost, return visits). The cost is the hours of return visits done
    that week at the rework hourly rate, plus parts re-ordered for a failed visit."""
    rate = FieldSettings.current().rework_hourly_cost
    weeks: dict[date, list[Decimal | int]] = {}
    returns = _audience(
        Visit.objects.filter(
            return_of__isnull=False, status=VisitStatus.DONE, done_at__gte=start, done_at__lt=end
        ),
        internal,
    )
    for done_at, starts_at, ends_at in returns.values_list("done_at", "starts_at", "ends_at"):
        hours = Decimal((ends_at - starts_at).total_seconds()) / 3600
        tally = weeks.setdefault(_week(done_at), [Decimal("0"), 0])
        tally[0] += hours * rate
        tally[1] += 1
    reorders = _audience(
        PartOrder.objects.filter(
            for_failed_visit__isnull=False, ordered_at__gte=start, ordered_at__lt=end
        ),
        internal,
    )
    for ordered_at, unit_cost, quantity in reorders.values_list(
        "ordered_at", "unit_cost", "quantity"
    ):
        weeks.setdefault(_week(ordered_at), [Decimal("0"), 0])[0] += unit_cost * quantity
    return [
        (week, float(Decimal(cost).quantize(Decimal("0.01"))), int(visits))
        for week, (cost, visits) in sorted(weeks.items())
    ]


def last_visits(customer_ids: Iterable[int] | None) -> dict[int, datetime]:
    """The last visit done at each customer (a visit is personal contact)."""
    done = Visit.objects.filter(status=VisitStatus.DONE)
    if customer_ids is not None:
        done = done.filter(case__customer_id__in=list(customer_ids))
    return dict(
        done.values_list("case__customer_id")
        .order_by()
        .annotate(at=Max(Coalesce("done_at", "ends_at")))
    )


def owner_visits(user_ids: list[int], start: datetime, end: datetime) -> dict[str, int]:
    """Visits done by these people (the owners) that started in the period, by case kind."""
    return dict(
        Visit.objects.filter(
            technician_id__in=user_ids,
            status=VisitStatus.DONE,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .values_list("case__kind")
        .order_by()
        .annotate(n=Count("id"))
    )

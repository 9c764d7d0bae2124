"""Totals of finished time, billable and not, per person, customer or case, for a period.

Entries wholly inside the period are summed by the database in one grouped
query; only the few that cross the period's first or last midnight are read
and cut in Python (`periods.minutes_within`). Running timers count once
stopped.
"""

from dataclasses import dataclass, field
from typing import Literal, cast

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.models.case import format_reference
from rightthere.core.errors import InvalidInput
from rightthere.customers.models import Customer
from rightthere.timetracking.models import TimeEntry
from rightthere.timetracking.periods import Period, minutes_within

Grouping = Literal["person", "customer", "case"]
GROUPINGS: dict[str, str] = {"person": "Person", "customer": "Customer", "case": "Case"}
_GROUP_FIELDS = {"person": "person_id", "customer": "case__customer_id", "case": "case_id"}


@dataclass
class TotalRow:
    key: int
    label: str = ""
    billable: int = 0
    non_billable: int = 0

    @property
    def total(self) -> int:
        return self.billable + self.non_billable


@dataclass(frozen=True)
class Totals:
    by: Grouping
    period: Period
    rows: list[TotalRow] = field(default_factory=list)

    @property
    def billable(self) -> int:
        return sum(row.billable for row in self.rows)

    @property
    def non_billable(self) -> int:
        return sum(row.non_billable for row in self.rows)

    @property
    def total(self) -> int:
        return self.billable + self.non_billable


def grouping(value: str) -> Grouping:
    if value not in _GROUP_FIELDS:
        raise InvalidInput(
            gettext("Unknown grouping '%(name)s'. Use person, customer or case.")
            % {"name": value[:20]}
        )
    return cast(Grouping, value)


def period_totals(entries: QuerySet[TimeEntry], by: str, period: Period) -> Totals:
    """Three queries: the sums inside the period, the entries crossing its edges, the names."""
    by = grouping(by)
    key_field = _GROUP_FIELDS[by]
    starts, ends = period.starts_at, period.ends_at
    finished = entries.filter(ended_at__isnull=False, started_at__lt=ends, ended_at__gt=starts)
    wholly_inside = Q(started_at__gte=starts, ended_at__lte=ends)
    rows: dict[int, TotalRow] = {}
    sums = (
        finished.filter(wholly_inside)
        .values(key_field)
        .annotate(
            billable_minutes=Sum("minutes", filter=Q(billable=True), default=0),
            non_billable_minutes=Sum("minutes", filter=Q(billable=False), default=0),
        )
        .order_by()
    )
    for found in sums:
        row = rows.setdefault(found[key_field], TotalRow(found[key_field]))
        row.billable += found["billable_minutes"]
        row.non_billable += found["non_billable_minutes"]
    crossing = finished.exclude(wholly_inside).values_list(
        key_field, "billable", "started_at", "minutes"
    )
    for key, billable, started_at, minutes in crossing:
        inside = minutes_within(started_at, minutes or 0, starts, ends)
        row = rows.setdefault(key, TotalRow(key))
        if billable:
            row.billable += inside
        else:
            row.non_billable += inside
    counted = [row for row in rows.values() if row.total > 0]
    _name(by, counted)
    counted.sort(key=lambda row: (-row.total, row.label.lower(), row.key))
    return Totals(by=by, period=period, rows=counted)


def _name(by: Grouping, rows: list[TotalRow]) -> None:
    keys = [row.key for row in rows]
    if not keys:
        return
    names: dict[int, str]
    if by == "person":
        names = {user.pk: user.display_name for user in User.objects.filter(pk__in=keys)}
    elif by == "customer":
        names = dict(Customer.objects.filter(pk__in=keys).values_list("pk", "name"))
    else:
        names = {
            pk: f"{format_reference(pk)} {subject}"
            for pk, subject in Case.objects.filter(pk__in=keys).values_list("pk", "subject")
        }
    for row in rows:
        row.label = names.get(row.key, f"#{row.key}")


@dataclass(frozen=True)
class TimeSplit:
    billable: int
    non_billable: int

    @property
    def total(self) -> int:
        return self.billable + self.non_billable


def sum_of(entries: QuerySet[TimeEntry]) -> TimeSplit:
    """All finished minutes of some entries, split billable / not: one aggregate query."""
    found = entries.filter(ended_at__isnull=False).aggregate(
        billable_minutes=Sum("minutes", filter=Q(billable=True), default=0),
        non_billable_minutes=Sum("minutes", filter=Q(billable=False), default=0),
    )
    return TimeSplit(billable=found["billable_minutes"], non_billable=found["non_billable_minutes"])


def hours_and_minutes(minutes: int) -> str:
    """90 -> '1:30'. How the pages show time; the CSV and API give plain minutes."""
    return f"{minutes // 60}:{minutes % 60:02d}"

"""What a KPI function answers: a headline value and the table behind its chart."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext

from rightthere.insights.kpis.period import Period, week_of


@dataclass
class Figure:
    key: str
    label: str
    unit: str  # "hours", "%", "count", "per case", "per week", "£"
    value: float | None
    count: int  # how many cases, promises, answers... the value is computed from
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    chart: str = "weeks"  # weeks: one bar per week; bars: one bar per row
    better: str = "lower"  # lower or higher
    explanation: str = ""
    waiting_on: str = ""  # the app whose data this figure still waits for
    target: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value_text(self) -> str:
        """The headline number as read: hours rounded ("15", "4.5" below 10), others to
        two decimals at most."""
        if self.value is None:
            return ""
        if self.unit == "hours":
            return str(floatformat(self.value, 0 if abs(self.value) >= 10 else -1))
        return str(floatformat(self.value, -2))

    @property
    def unit_text(self) -> str:
        """The unit in the reader's language; hours are "h"."""
        return "h" if self.unit == "hours" else gettext(self.unit)

    @property
    def chart_points(self) -> list[tuple[str, float | None]]:
        """(label, value) per bar: the second column of each row."""
        # The age buckets' names are words (kpis.workload.AGE_BUCKETS); other rows are
        # weeks, or names of people.
        words = self.key == "backlog_age"
        return [(_label(row[0], words), row[1]) for row in self.rows]


def _label(value: Any, words: bool = False) -> str:
    """A bar's name as the reader reads it: "07 Sep" ("07 Okt" in German), a word in
    their language."""
    if isinstance(value, date):
        return date_format(value, "d M")
    return gettext(value) if words else str(value)


def weekly_rows(
    period: Period, rows: Sequence[Mapping[str, Any]], value: str, count: str, scale: float = 1.0
) -> list[tuple[date, float | None, int]]:
    """One (week, value, count) per week of the period, from rows with a `week` key."""
    found = {week_of(r["week"]): r for r in rows if r["week"] is not None}
    result: list[tuple[date, float | None, int]] = []
    for week in period.week_starts:
        row = found.get(week)
        amount = None if row is None or row[value] is None else _number(row[value]) * scale
        result.append(
            (week, None if amount is None else round(amount, 2), row[count] if row else 0)
        )
    return result


def _number(value: Any) -> float:
    if hasattr(value, "total_seconds"):
        return float(value.total_seconds())
    return float(value)

"""The seven telltale signs that a business is losing touch, each a 12-week trend.

Each sign has a value (over the last four weeks unless said otherwise) and amber/red
thresholds: defaults below, overridden per sign by the owner (SignThreshold in the
admin). Higher is always worse.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

from rightthere.insights import providers
from rightthere.insights.kpis.complaints import complaint_weeks
from rightthere.insights.kpis.load import DEFAULT_CAPACITY, WORKERS
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import Period, week_of
from rightthere.insights.kpis.planner import without_jit
from rightthere.insights.kpis.workload import workload
from rightthere.insights.models import (
    Absence,
    AbsenceKind,
    RelationshipChange,
    RelationshipStatus,
    SignThreshold,
    StaffRecord,
)

WEEKS = 12
RECENT_WEEKS = 4

# key: (label, unit, amber, red, what the value means)
SIGNS = {
    "excuses": (gettext_noop("Excuses in sent replies"), gettext_noop("replies"), 3.0, 8.0,
                gettext_noop("Sent replies the coach found excuses in, last 4 weeks.")),
    "blame": (gettext_noop("Staff blaming customers"), gettext_noop("replies"), 1.0, 3.0,
              gettext_noop("Sent replies the coach found blaming the customer, last 4 weeks.")),
    "turnover": (gettext_noop("Staff turnover"), gettext_noop("leavers"), 1.0, 2.0, gettext_noop("People who left in the last 12 weeks.")),
    "sick_leave": (gettext_noop("Sick leave"), gettext_noop("days"), 5.0, 10.0, gettext_noop("Sick days taken in the last 4 weeks.")),
    "overwhelm": (gettext_noop("Work overwhelm"),
                  # xgettext:no-python-format
                  gettext_noop("% of capacity"), 80.0, 100.0,
                  gettext_noop("Open cases against what the team can carry, now.")),
    "complaints": (gettext_noop("Rising complaints"),
                   # xgettext:no-python-format
                   gettext_noop("% rise"), 25.0, 50.0,
                   gettext_noop("Complaints in the last 4 weeks against the 4 weeks before.")),
    "customers_lost": (gettext_noop("Customers lost"), gettext_noop("customers"), 1.0, 3.0,
                       gettext_noop("Customers whose relationship turned Lost in the last 4 weeks.")),
}  # fmt: skip
PEOPLE_SIGNS = ("turnover", "sick_leave")


@dataclass
class Sign:
    key: str
    label: str
    unit: str
    explanation: str
    amber: float
    red: float
    series: list[tuple[date, float]] = field(default_factory=list)
    value: float | None = None
    waiting_on: str = ""

    @property
    def level(self) -> str:
        if self.value is None:
            return "waiting" if self.waiting_on else gettext_noop("ok")
        if self.value >= self.red:
            return gettext_noop("red")
        if self.value >= self.amber:
            return gettext_noop("amber")
        return gettext_noop("ok")

    @property
    def unit_text(self) -> str:
        """The unit in the reader's language (the API keeps `unit` as it is)."""
        return gettext(self.unit)

    @property
    def value_text(self) -> str:
        """The value in words: "down 57 %" for the complaints trend (a fall
        is not a "-57.1 % rise"), the number alone for the others."""
        if self.value is None:
            return ""
        if self.key == "complaints":
            percent = round(abs(self.value))
            if percent == 0:
                return gettext("no change")
            if self.value < 0:
                return gettext("down %(percent)s %%") % {"percent": percent}
            return gettext("up %(percent)s %%") % {"percent": percent}
        return str(floatformat(self.value, -1))

    @property
    def value_unit(self) -> str:
        """The unit shown after `value_text` (none for the complaints trend, whose words say it)."""
        return "" if self.key == "complaints" else self.unit_text

    @property
    def link(self) -> str:
        if self.key == "customers_lost":
            return reverse("customer_list") + "?relationship=lost"
        return reverse("insights_sign", args=[self.key])

    @property
    def owner_only_link(self) -> bool:
        return self.key in PEOPLE_SIGNS


def thresholds() -> dict[str, tuple[float, float]]:
    found = {key: (amber, red) for key, (_, _, amber, red, _) in SIGNS.items()}
    for row in SignThreshold.objects.filter(sign__in=list(SIGNS)):
        found[row.sign] = (row.amber, row.red)
    return found


def telltale_signs(now: datetime | None = None, memo: Memo | None = None) -> list[Sign]:
    """Every sign at `now`; with the dashboard's memo, what it already fetched is reused
    (the 12-week backlog and complaints, when it shows 12 weeks for all customers)."""
    period = Period(weeks=WEEKS, now=now) if now else Period(weeks=WEEKS)
    limits = thresholds()
    signs = []
    with without_jit():
        for key, (label, unit, _, _, explanation) in SIGNS.items():
            amber, red = limits[key]
            sign = Sign(key, label, unit, explanation, amber, red)
            COMPUTE[key](sign, period, memo)
            signs.append(sign)
    return signs


def _recent(series: list[tuple[date, float]], weeks: int = RECENT_WEEKS) -> float:
    return float(sum(value for _, value in series[-weeks:]))


SignRule = Callable[[Sign, Period, Memo | None], None]


def _replies(kind: str) -> SignRule:
    def compute(sign: Sign, period: Period, memo: Memo | None = None) -> None:
        weeks = providers.reply_findings(kind, period.start, period.end)
        if weeks is None:
            sign.waiting_on = gettext_noop("the reply coach (rightthere.coach)")
            sign.series = [(w, 0.0) for w in period.week_starts]
            return
        found = {week_of(w): float(n) for w, n in weeks}
        sign.series = [(w, found.get(w, 0.0)) for w in period.week_starts]
        sign.value = _recent(sign.series)

    return compute


def _turnover(sign: Sign, period: Period, memo: Memo | None = None) -> None:
    left = StaffRecord.objects.filter(
        ended_on__gte=period.week_starts[0], ended_on__lte=period.now.date()
    ).values_list("ended_on", flat=True)
    found: dict[date, float] = {}
    for day in left:
        if day is None:
            continue
        found[week_of(day)] = found.get(week_of(day), 0.0) + 1
    sign.series = [(w, found.get(w, 0.0)) for w in period.week_starts]
    sign.value = _recent(sign.series, WEEKS)


def _sick_leave(sign: Sign, period: Period, memo: Memo | None = None) -> None:
    first, today = period.week_starts[0], period.now.date()
    days: dict[date, float] = {}
    # Absences are few (people, not cases): spreading each over its weeks in Python is cheap.
    for starts, ends in Absence.objects.filter(
        kind=AbsenceKind.SICK, starts_on__lte=today, ends_on__gte=first
    ).values_list("starts_on", "ends_on"):
        day = max(starts, first)
        while day <= min(ends, today):
            if day.weekday() < 5:
                days[week_of(day)] = days.get(week_of(day), 0.0) + 1
            day += timedelta(days=1)
    sign.series = [(w, days.get(w, 0.0)) for w in period.week_starts]
    sign.value = _recent(sign.series)


def team_capacity(today: date) -> int:
    from rightthere.accounts.models import User

    people = (
        User.objects.filter(is_active=True, role__in=WORKERS)
        .exclude(staff_record__ended_on__lt=today)
        .aggregate(
            n=Count("id"), recorded=Count("staff_record"), capacity=Sum("staff_record__capacity")
        )
    )
    return int((people["capacity"] or 0) + (people["n"] - people["recorded"]) * DEFAULT_CAPACITY)


def _overwhelm(sign: Sign, period: Period, memo: Memo | None = None) -> None:
    capacity = team_capacity(period.now.date())
    counts = workload(period, "all", memo, durations=False).backlog
    sign.series = [
        (w, round(100 * n / capacity, 1) if capacity else 0.0)
        for w, n in zip(period.week_starts, counts, strict=True)
    ]
    sign.value = sign.series[-1][1] if capacity else None


def _complaints(sign: Sign, period: Period, memo: Memo | None = None) -> None:
    weekly = complaint_weeks(period, "all", memo)
    sign.series = [(week_of(w), float(n)) for w, _, n in weekly]  # type: ignore[arg-type]
    recent = _recent(sign.series)
    before = _recent(sign.series[:-RECENT_WEEKS])
    sign.value = round(100 * (recent - before) / max(before, 1.0), 1)


def _customers_lost(sign: Sign, period: Period, memo: Memo | None = None) -> None:
    rows = (
        RelationshipChange.objects.filter(
            Q(relationship__customer__isnull=False),
            after=RelationshipStatus.LOST,
            at__gte=period.start,
            at__lte=period.end,
        )
        .annotate(week=TruncWeek("at"))
        .values("week")
        .order_by("week")
        .annotate(n=Count("relationship", distinct=True))
    )
    found = {week_of(r["week"]): float(r["n"]) for r in rows}
    sign.series = [(w, found.get(w, 0.0)) for w in period.week_starts]
    sign.value = _recent(sign.series)


COMPUTE = {
    "excuses": _replies("excuse"),
    "blame": _replies("blame"),
    "turnover": _turnover,
    "sick_leave": _sick_leave,
    "overwhelm": _overwhelm,
    "complaints": _complaints,
    "customers_lost": _customers_lost,
}

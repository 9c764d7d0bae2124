"""What the timer widget shows, on the case page and on a visit.

Loaded after the page (htmx), so it may cost a few queries: the case's (or
visit's) totals in one aggregate, the latest entries, the person's running
timer, and for owners and agents the people they may record time for.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.customers.models import Customer
from rightthere.field.models import Visit
from rightthere.timetracking.access import entries_on, sees_everyones_time
from rightthere.timetracking.actions import running_timer
from rightthere.timetracking.models import MAX_MANUAL_MINUTES, MAX_NOTE_CHARS, TimeEntry
from rightthere.timetracking.totals import TimeSplit, sum_of

TEMPLATE = "timetracking/_timer.html"
LATEST = 10
# A timer longer than this was probably forgotten; the widget says so after stopping it.
LONG_TIMER_MINUTES = 12 * 60


@dataclass
class Widget:
    case: Case
    visit: Visit | None
    running: TimeEntry | None
    split: TimeSplit
    entries: list[TimeEntry]
    more: bool
    everyone: bool
    people: list[User]
    billable_default: bool
    default_start: str
    error: str = ""
    notice: str = ""
    max_minutes: int = MAX_MANUAL_MINUTES
    max_note: int = MAX_NOTE_CHARS
    person_id: int = 0

    @property
    def dom_id(self) -> str:
        return f"time-visit-{self.visit.pk}" if self.visit else f"time-case-{self.case.pk}"

    @property
    def running_here(self) -> bool:
        if self.running is None or self.running.case_id != self.case.pk:
            return False
        return self.visit is None or self.running.visit_id == self.visit.pk

    @property
    def running_seconds(self) -> int:
        if self.running is None:
            return 0
        return max(0, int((timezone.now() - self.running.started_at).total_seconds()))

    @property
    def running_elapsed(self) -> str:
        seconds = self.running_seconds
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _start_of_work(now: datetime) -> str:
    """The `datetime-local` default of the manual form: now, to the minute, desk time."""
    return timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")


def widget(
    user: User, case: Case, visit: Visit | None = None, *, error: str = "", notice: str = ""
) -> Widget:
    entries = entries_on(user, case, visit)
    latest = list(entries.select_related("person").order_by("-started_at", "-id")[: LATEST + 1])
    everyone = sees_everyones_time(user)
    internal = Customer.objects.filter(pk=case.customer_id).values_list("internal", flat=True)
    return Widget(
        case=case,
        visit=visit,
        running=running_timer(user),
        split=sum_of(entries),
        entries=latest[:LATEST],
        more=len(latest) > LATEST,
        everyone=everyone,
        people=list(User.objects.filter(is_active=True).order_by("first_name", "username"))
        if everyone
        else [],
        billable_default=not internal.first(),
        default_start=_start_of_work(timezone.now()),
        error=error,
        notice=notice,
        person_id=user.pk,
    )

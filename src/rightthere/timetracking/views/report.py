"""The time report (/time/), its CSV, and the "timer running" hint for the top bar.

Owners and agents see everyone's time; technicians and subcontractors their own.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from rightthere.accounts.models import User
from rightthere.core.errors import InvalidInput
from rightthere.timetracking.access import sees_everyones_time, visible_entries
from rightthere.timetracking.actions import running_timer
from rightthere.timetracking.export import totals_csv
from rightthere.timetracking.periods import (
    PERIOD_CHOICES,
    Period,
    custom_period,
    named_period,
    parse_day,
)
from rightthere.timetracking.totals import GROUPINGS, Totals, grouping, period_totals

ROWS_PER_PAGE = 50

# The grouping as the report shows it (the CSV keeps GROUPINGS, its column names).
GROUPING_LABELS = {
    "person": gettext_lazy("Person"),
    "customer": gettext_lazy("Customer"),
    "case": gettext_lazy("Case"),
}


@dataclass(frozen=True)
class Choice:
    """What the period picker asked for, echoed back into the form and the links."""

    period: str
    by: str
    first: str
    last: str
    person: str = ""  # a person's id, or "" for everyone the user may see

    def query(self, **extra: str | int) -> str:
        values: dict[str, str | int] = {"period": self.period, "by": self.by}
        if self.period == "custom":
            values.update({"from": self.first, "to": self.last})
        if self.person:
            values["person"] = self.person
        return urlencode({**values, **extra})


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _choice(request: HttpRequest) -> Choice:
    params = request.GET
    return Choice(
        period=params.get("period", "this_week")[:20],
        by=params.get("by", "person")[:20],
        first=params.get("from", "")[:20],
        last=params.get("to", "")[:20],
        person=params.get("person", "")[:20],
    )


def _period(choice: Choice) -> Period:
    if choice.period == "custom":
        return custom_period(parse_day(choice.first, "'from'"), parse_day(choice.last, "'to'"))
    return named_period(choice.period, timezone.localdate())


def _totals(user: User, choice: Choice) -> Totals:
    entries = visible_entries(user)
    if choice.person:
        if not choice.person.isdecimal():
            raise InvalidInput(gettext("Choose a person from the list."))
        entries = entries.filter(person_id=int(choice.person))  # within what the user sees
    return period_totals(entries, grouping(choice.by), _period(choice))


def _people(user: User) -> list[User]:
    """Whom the report can be narrowed to: everyone active, for those who see all time."""
    if not sees_everyones_time(user):
        return []
    return sorted(User.objects.filter(is_active=True), key=lambda person: person.display_name)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Totals for a period, grouped by person, customer or case, split billable / not."""
    user = _user(request)
    choice = _choice(request)
    error = ""
    try:
        totals = _totals(user, choice)
    except InvalidInput as exc:
        error = exc.message
        choice = Choice(period="this_week", by=choice.by if choice.by in GROUPINGS else "person",
                        first=choice.first, last=choice.last)  # fmt: skip
        totals = _totals(user, choice)
    page: Page = Paginator(totals.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "timetracking/report.html",
        {
            "totals": totals,
            "page": page,
            "choice": choice,
            "error": error,
            "periods": PERIOD_CHOICES,
            "groupings": GROUPING_LABELS.items(),
            "column": GROUPING_LABELS[totals.by],
            "everyone": sees_everyones_time(user),
            "people": _people(user),
            "csv_query": choice.query(),
            "prev_query": choice.query(page=page.previous_page_number())
            if page.has_previous()
            else "",
            "next_query": choice.query(page=page.next_page_number()) if page.has_next() else "",
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    """The whole table of the report page (every page of it) as CSV."""
    try:
        totals = _totals(_user(request), _choice(request))
    except InvalidInput as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    return totals_csv(totals)


@login_required
@require_GET
def running_hint(request: HttpRequest) -> HttpResponse:
    """A link to the case the person's timer runs on, or nothing (for the top bar)."""
    return render(
        request, "timetracking/_running_hint.html", {"running": running_timer(_user(request))}
    )

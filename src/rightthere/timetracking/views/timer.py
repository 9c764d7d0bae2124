"""The timer widget: shown on the case page and on a visit, and its forms.

Every form posts, then gets the refreshed widget (htmx) or is redirected back
to the case or visit page (no JavaScript). A hidden `visit` field says the
widget is the visit's: the time is then for that visit, and a technician may
log it even when the case is assigned to someone else.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.cases.models import Case
from rightthere.core.errors import CaseError
from rightthere.field.access import access_visit
from rightthere.field.models import Visit
from rightthere.timetracking import actions, form_input
from rightthere.timetracking.access import access_entry, access_visit_on_case, person_to_record_for
from rightthere.timetracking.models import TimeEntry
from rightthere.timetracking.widget import LONG_TIMER_MINUTES, TEMPLATE, widget


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _scope(request: HttpRequest, case_pk: int) -> tuple[Case, Visit | None]:
    """The widget's case, or the visit named in the form (which must be on that case)."""
    user = _user(request)
    visit_id = form_input.number(request.POST.get("visit", ""))
    if visit_id is None:
        return access_case(user, case_pk), None
    visit = access_visit_on_case(user, case_pk, visit_id)
    return visit.case, visit


def _show(request: HttpRequest, case: Case, visit: Visit | None) -> HttpResponse:
    """The widget alone for htmx; as a page of its own otherwise (no JavaScript)."""
    context = {"time": widget(_user(request), case, visit)}
    if request.headers.get("HX-Request"):
        return render(request, TEMPLATE, context)
    return render(request, "timetracking/widget_page.html", context)


def _answer(
    request: HttpRequest, case: Case, visit: Visit | None, change: Callable[[], str]
) -> HttpResponse:
    error, notice = "", ""
    try:
        notice = change()
    except CaseError as exc:
        if exc.http_status == 403:
            raise PermissionDenied(exc.message) from exc
        error = exc.message
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, notice)
        if visit is not None:
            return redirect(reverse("field_visit", args=[visit.pk]) + f"#time-visit-{visit.pk}")
        return redirect(reverse("case_detail", args=[case.pk]) + f"#time-case-{case.pk}")
    # htmx swaps only 2xx answers, so an error is shown inside the refreshed widget.
    response = render(
        request, TEMPLATE, {"time": widget(_user(request), case, visit, error=error,
                                           notice=notice)}
    )  # fmt: skip
    response["HX-Trigger"] = "time-changed"
    return response


def _entry_on(request: HttpRequest, case: Case, entry_pk: int) -> TimeEntry:
    entry = access_entry(_user(request), entry_pk)
    if entry.case_id != case.pk:
        raise Http404(gettext("No such time entry on this case"))
    return entry


@login_required
@require_GET
def case_widget(request: HttpRequest, pk: int) -> HttpResponse:
    return _show(request, access_case(_user(request), pk), None)


@login_required
@require_GET
def visit_widget(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access_visit(_user(request), pk)
    return _show(request, visit.case, visit)


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case, visit = _scope(request, pk)

    def change() -> str:
        started = actions.start_timer(user, case, visit=visit)
        if started.already_running:
            return gettext("Your timer is already running here.")
        if started.stopped is not None:
            return gettext(
                "Stopped your timer on %(reference)s (%(minutes)s min) and started it here."
            ) % {"reference": started.stopped.case.reference, "minutes": started.stopped.minutes}
        return gettext("Timer started.")

    return _answer(request, case, visit, change)


@login_required
@require_POST
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case, visit = _scope(request, pk)

    def change() -> str:
        entry = actions.stop_timer(user)
        if (entry.minutes or 0) > LONG_TIMER_MINUTES:
            return gettext(
                "Timer stopped after %(minutes)s minutes. That is over 12 hours: "
                "if it was left running, correct it below."
            ) % {"minutes": entry.minutes}
        return gettext("Timer stopped: %(minutes)s min recorded.") % {"minutes": entry.minutes}

    return _answer(request, case, visit, change)


@login_required
@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    case, visit = _scope(request, pk)
    form = request.POST

    def change() -> str:
        person = person_to_record_for(user, form_input.number(form.get("person", "")))
        entry = actions.add_entry(
            user,
            case,
            started_at=form_input.local_datetime(form.get("started", "")),
            minutes=form_input.minutes(form.get("minutes", "")),
            person=person,
            visit=visit,
            note=form_input.note(form),
            billable=form_input.checked(form, "billable"),
        )
        return gettext("Added %(minutes)s min.") % {"minutes": entry.minutes}

    return _answer(request, case, visit, change)


@login_required
@require_POST
def edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user = _user(request)
    case, visit = _scope(request, pk)
    entry = _entry_on(request, case, entry_pk)
    form = request.POST

    def change() -> str:
        actions.change_entry(
            user,
            entry,
            started_at=form_input.local_datetime(form.get("started", "")),
            minutes=None if entry.running else form_input.minutes(form.get("minutes", "")),
            note=form_input.note(form),
            billable=form_input.checked(form, "billable"),
        )
        return gettext("Time entry saved.")

    return _answer(request, case, visit, change)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    user = _user(request)
    case, visit = _scope(request, pk)
    entry = _entry_on(request, case, entry_pk)

    def change() -> str:
        actions.delete_entry(user, entry)
        return gettext("Time entry deleted.")

    return _answer(request, case, visit, change)

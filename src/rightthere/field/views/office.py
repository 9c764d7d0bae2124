"""The office's field pages: the schedule board and the quality figures."""

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rightthere.accounts.models import PartnerCompany, Role, User
from rightthere.core.errors import CaseError
from rightthere.field import visits
from rightthere.field.access import access_visit, chosen_doer
from rightthere.field.board import schedule_board
from rightthere.field.models import ReturnReason, RootCause
from rightthere.field.parts import low_stock
from rightthere.field.quality import counts_by_label, quality_report


def _manager(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.sees_all_cases:
        raise PermissionDenied("Only owners and agents see the schedule.")
    return user


def _date(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """Day or week per technician: visits, booked load and slack; overloaded days stand out."""
    _manager(request)
    start = _date(request.GET.get("start"))
    week = request.GET.get("view") == "week"
    board = schedule_board(start, 7 if week else 1)
    return render(request, "field/schedule.html", {
        "board": board, "week": week, "start": start,
        "previous": start - timedelta(days=7 if week else 1),
        "next": start + timedelta(days=7 if week else 1),
        "technicians": User.objects.filter(role=Role.TECHNICIAN, is_active=True,
                                           field_profile__active=True),
        "partners": PartnerCompany.objects.filter(field_profile__active=True),
        "low_stock": low_stock()[:20],
    })  # fmt: skip


@login_required
@require_POST
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    visit = access_visit(user, pk)
    kind, _, doer = request.POST.get("doer", "").partition(":")
    try:
        technician, partner = chosen_doer(kind, doer)
        visits.reassign_visit(visit, actor=user, technician=technician, partner=partner)
        messages.success(request, f"Visit given to {visit.doer_name}.")
    except ValueError:
        messages.error(request, "Choose a technician or a partner.")
    except CaseError as error:
        messages.error(request, error.message)
    return redirect(request.POST.get("next") or "field_schedule")


@login_required
def quality(request: HttpRequest) -> HttpResponse:
    """Right first time, returns by reason and root cause, rework cost and vendor quality."""
    _manager(request)
    end_day = _date(request.GET.get("end"))
    start_day = (
        _date(request.GET.get("start"))
        if request.GET.get("start")
        else end_day - timedelta(days=30)
    )
    if start_day >= end_day:
        start_day = end_day - timedelta(days=30)
        messages.error(request, "The start must be before the end; showing the last 30 days.")
    tz = timezone.get_current_timezone()
    start = datetime.combine(start_day, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(end_day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    report = quality_report(start, end)
    return render(request, "field/quality.html", {
        "report": report, "start": start_day, "end": end_day,
        "rate": None if report.right_first_time_rate is None
        else round(100 * report.right_first_time_rate),
        "reasons": counts_by_label(report.returns_by_reason, ReturnReason),
        "causes": counts_by_label(report.returns_by_root_cause, RootCause),
        "not_first": counts_by_label(report.not_first_time_by_root_cause, RootCause),
    })  # fmt: skip

"""The office's field pages: the schedule board and the quality figures."""

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.field.board import schedule_board
from rightthere.field.models import ReturnReason
from rightthere.field.parts import low_stock
from rightthere.field.quality import counts_by_label, quality_report
from rightthere.recovery.models import active_root_causes


def _manager(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.sees_all_cases:
        raise PermissionDenied(gettext("Only owners and agents see the schedule."))
    return user


def _date(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """The schedule as a day or week calendar: a row per technician and partner company,
    the visits by time, each one's booked hours, load and slack; overloaded days stand out."""
    _manager(request)
    day = _date(request.GET.get("date") or request.GET.get("start"))
    week = request.GET.get("view") == "week"
    start = day - timedelta(days=day.weekday()) if week else day
    board = schedule_board(start, 7 if week else 1)
    step = timedelta(days=7 if week else 1)
    return render(request, "field/schedule.html", {
        "board": board, "week": week, "day": day, "start": start, "end": board.days[-1],
        "today": timezone.localdate(), "step_back": start - step, "step_on": start + step,
        "week_back": day - timedelta(days=7), "week_on": day + timedelta(days=7),
        "low_stock": low_stock()[:20],
    })  # fmt: skip


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
        messages.error(
            request, gettext("The start must be before the end; showing the last 30 days.")
        )
    tz = timezone.get_current_timezone()
    start = datetime.combine(start_day, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(end_day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    report = quality_report(start, end, active_root_causes().values_list("pk", "name"))
    return render(request, "field/quality.html", {
        "report": report, "start": start_day, "end": end_day,
        "rate": None if report.right_first_time_rate is None
        else round(100 * report.right_first_time_rate),
        "reasons": counts_by_label(report.returns_by_reason, ReturnReason),
        "causes": [(c.name or gettext("not given"), c.count) for c in report.returns_by_root_cause],
        "not_first": [(c.name or gettext("not given"), c.count)
                      for c in report.not_first_time_by_root_cause],
    })  # fmt: skip

"""/settings/hours/: business hours, holidays and per-priority targets, with a preview of
a due time computed by the desk's own due-time code (cases.business_hours). Owners."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.cases import opening_hours
from rightthere.cases.business_hours import compute_due_times, target_minutes
from rightthere.cases.models import BusinessHours, Holiday, Priority
from rightthere.core.errors import InvalidInput
from rightthere.setup_screens.forms import (
    HolidayForm,
    HoursForm,
    PreviewForm,
    TargetForm,
    add_action_error,
)
from rightthere.setup_screens.views import owner_of


def _week_initial() -> dict[str, str]:
    days: dict[int, list[str]] = {}
    for row in BusinessHours.objects.all():
        days.setdefault(row.weekday, []).append(f"{row.opens:%H:%M}-{row.closes:%H:%M}")
    return {f"day{day}": ", ".join(spans) for day, spans in days.items()}


def _target_forms(data: Any = None) -> list[TargetForm]:
    forms = []
    for priority in reversed(Priority.values):
        first, resolution = target_minutes(priority)
        initial = {"priority": priority, "first_response_hours": Decimal(first) / 60,
                   "resolution_hours": Decimal(resolution) / 60}  # fmt: skip
        form = TargetForm(data, prefix=priority, initial=initial)
        form.label = Priority(priority).label  # type: ignore[attr-defined]
        forms.append(form)
    return forms


def next_friday_afternoon() -> datetime:
    """The example the preview starts with: the coming Friday at 16:30, local time."""
    now = timezone.localtime()
    friday = now + timedelta(days=(4 - now.weekday()) % 7 or 7)
    return friday.replace(hour=16, minute=30, second=0, microsecond=0)


def preview(priority: str, at: datetime) -> dict[str, Any]:
    """When a case of `priority` opened at `at` is due, by the desk's due-time code."""
    due = compute_due_times(at, priority)
    return {"priority": Priority(priority).label.lower(), "at": at,
            "first_response": timezone.localtime(due.first_response),
            "resolution": timezone.localtime(due.resolution)}  # fmt: skip


@login_required
def hours_page(request: HttpRequest) -> HttpResponse:
    owner = owner_of(request)
    hours_form = HoursForm(initial=_week_initial())
    holiday_form = HolidayForm()
    target_forms = _target_forms()
    action = request.POST.get("action")
    if request.method == "POST" and action == "hours":
        hours_form = HoursForm(request.POST)
        if hours_form.is_valid():
            try:
                opening_hours.set_business_hours(owner, hours_form.periods())
            except InvalidInput as error:
                add_action_error(hours_form, error)
            else:
                messages.success(request, _("Business hours saved."))
                return redirect("settings_hours")
    elif request.method == "POST" and action == "holiday":
        holiday_form = HolidayForm(request.POST)
        if holiday_form.is_valid():
            try:
                opening_hours.add_holiday(owner, day=holiday_form.cleaned_data["date"],
                                          name=holiday_form.cleaned_data["name"])  # fmt: skip
            except InvalidInput as error:
                holiday_form.add_error("date", error.message)
            else:
                messages.success(request, _("Holiday added."))
                return redirect("settings_hours")
    elif request.method == "POST" and action == "targets":
        target_forms = _target_forms(request.POST)
        if all(form.is_valid() for form in target_forms) and _save_targets(owner, target_forms):
            messages.success(request, _("Targets saved."))
            return redirect("settings_hours")
    preview_form = PreviewForm(request.GET or None, initial={
        "priority": Priority.HIGH, "at": next_friday_afternoon().strftime("%Y-%m-%dT%H:%M")})  # fmt: skip
    if preview_form.is_valid():
        shown = preview(preview_form.cleaned_data["priority"], preview_form.cleaned_data["at"])
    else:
        shown = preview(Priority.HIGH, next_friday_afternoon())
    return render(request, "settings/hours.html", {
        "hours_form": hours_form, "holiday_form": holiday_form, "target_forms": target_forms,
        "holidays": Holiday.objects.filter(date__gte=timezone.localdate()),
        "preview_form": preview_form, "preview": shown, "changes": recent_changes("hours"),
    })  # fmt: skip


def _save_targets(owner: Any, forms: list[TargetForm]) -> bool:
    for form in forms:
        data = form.cleaned_data
        first = int(data["first_response_hours"] * 60)
        resolution = int(data["resolution_hours"] * 60)
        if (first, resolution) == target_minutes(data["priority"]):
            continue
        try:
            opening_hours.set_priority_target(owner, data["priority"],
                                              first_response_minutes=first,
                                              resolution_minutes=resolution)  # fmt: skip
        except InvalidInput as error:
            # Solving before the first answer is the resolution's fault (read from the
            # numbers, not the message, which may be in another language).
            in_range = all(1 <= m <= opening_hours.MAX_TARGET_MINUTES
                           for m in (first, resolution))  # fmt: skip
            form.add_error("resolution_hours" if in_range and resolution < first
                           else "first_response_hours", error.message)  # fmt: skip
            return False
    return True


@login_required
@require_POST
def holiday_remove(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    opening_hours.remove_holiday(owner, get_object_or_404(Holiday, pk=pk))
    messages.success(request, _("Holiday removed."))
    return redirect("settings_hours")

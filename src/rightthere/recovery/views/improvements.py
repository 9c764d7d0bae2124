"""Improvements: did the change to the process reduce complaints with its root cause?"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.recovery.actions import create_improvement
from rightthere.recovery.models import Improvement, RootCause, active_root_causes
from rightthere.recovery.trend import weekly_complaints


def _staff(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.sees_all_cases:
        raise PermissionDenied(gettext("Only owners and agents see improvements."))
    return user


@login_required
def improvement_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if request.method == "POST":
        cause = RootCause.objects.filter(pk=request.POST.get("root_cause") or 0).first()
        changed = request.POST.get("changed_on") or None
        try:
            if cause is None:
                raise CaseError(gettext("Choose the root cause this improvement addresses."))
            improvement = create_improvement(
                actor=user,
                title=request.POST.get("title", ""),
                root_cause=cause,
                changed_on=date.fromisoformat(changed) if changed else None,
                description=request.POST.get("description", ""),
            )
        except (CaseError, ValueError) as exc:
            messages.error(
                request, getattr(exc, "message", gettext("Give the date as YYYY-MM-DD."))
            )
        else:
            messages.success(request, gettext("Improvement recorded."))
            return redirect("improvement_detail", pk=improvement.pk)
    return render(
        request,
        "recovery/improvement_list.html",
        {
            "improvements": Improvement.objects.select_related("root_cause", "owner"),
            "root_causes": active_root_causes(),
        },
    )


@login_required
def improvement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    improvement = Improvement.objects.select_related("root_cause", "owner").filter(pk=pk).first()
    if improvement is None:
        raise Http404("No such improvement")
    weeks = []
    if improvement.changed_on:
        start = improvement.changed_on - timedelta(weeks=8)
        weeks = weekly_complaints(
            improvement.root_cause, start, weeks=16, pivot=improvement.changed_on
        )
    peak = max([w.count for w in weeks] or [0]) or 1
    bars = [
        {
            "week": w,
            "x": i * 40,
            "height": round(130 * w.count / peak),
            "y": 140 - round(130 * w.count / peak),
        }
        for i, w in enumerate(weeks)
    ]
    return render(
        request,
        "recovery/improvement_detail.html",
        {
            "improvement": improvement,
            "weeks": weeks,
            "bars": bars,
            "before": sum(w.count for w in weeks if w.before),
            "after": sum(w.count for w in weeks if not w.before),
            "complaints": improvement.complaints.select_related("case")[:50],
        },
    )

"""Merging on the web: the duplicates card (loaded after the case page), the preview
with its confirmation, and undo."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import can_manage_cases, visible_cases
from rightthere.cases.models import Case
from rightthere.core.errors import CaseError, NotAllowed
from rightthere.merging.actions import UNDO_WINDOW, can_undo, merge_cases, undo_deadline, undo_merge
from rightthere.merging.duplicates import likely_duplicates, window_days
from rightthere.merging.models import CaseMerge
from rightthere.merging.preview import merge_preview


def _manager(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not can_manage_cases(user):
        raise PermissionDenied(gettext("Only owners and agents can merge cases."))
    return user


def _case(user: User, pk: int) -> Case:
    """A case the user can see, with what the merging pages show of it."""
    case = visible_cases(user).select_related("customer", "contact").filter(pk=pk).first()
    if case is None:
        raise Http404(gettext("No such case"))
    return case


@login_required
@require_GET
def merging_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The duplicates card of a case (or the undo line of a merged case), fetched by htmx."""
    user: User = request.user  # type: ignore[assignment]
    case = _case(user, pk)
    _manager(request)
    if case.merged_into_id is not None:
        merge = (
            CaseMerge.objects.select_related("actor")
            .filter(merged=case, undone_at__isnull=True)
            .first()
        )
        return render(
            request,
            "merging/_merged_undo.html",
            {"merge": merge, "can_undo": merge is not None and can_undo(merge)},
        )
    recent = (
        CaseMerge.objects.select_related("merged", "actor")
        .filter(survivor=case, undone_at__isnull=True, created_at__gte=timezone.now() - UNDO_WINDOW)
        .order_by("-created_at")
    )
    return render(
        request,
        "merging/_duplicates.html",
        {
            "case": case,
            "recent": [(merge, undo_deadline(merge)) for merge in recent],
            "suggestions": likely_duplicates(case, visible_cases(user)),
            "window_days": window_days(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge_preview_page(request: HttpRequest, pk: int, into: int) -> HttpResponse:
    """GET: what would move, and a confirmation for two customers. POST: merge."""
    user: User = request.user  # type: ignore[assignment]
    merged, survivor = _case(user, pk), _case(user, into)
    _manager(request)
    error, status = "", 200
    if request.method == "POST":
        try:
            merge_cases(
                merged,
                into=survivor,
                actor=user,
                confirm_different_customers=request.POST.get("confirm_different_customers")
                == "yes",
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except CaseError as exc:
            error, status = exc.message, exc.http_status
        else:
            hours = int(UNDO_WINDOW / timedelta(hours=1))
            messages.success(
                request,
                gettext(
                    "%(reference)s was merged into this case. "
                    "You can undo this for %(hours)s hours under “Duplicates”."
                )
                % {"reference": merged.reference, "hours": hours},
            )
            return redirect("case_detail", pk=survivor.pk)
    return render(
        request,
        "merging/preview.html",
        {
            "merged": merged,
            "survivor": survivor,
            "preview": merge_preview(merged, survivor),
            "different_customers": merged.customer_id != survivor.customer_id,
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    visible = visible_cases(user)
    merge = (
        CaseMerge.objects.select_related("merged", "survivor")
        .filter(Q(survivor__in=visible) | Q(merged__in=visible), pk=pk)
        .first()
    )
    if merge is None:
        raise Http404(gettext("No such merge"))
    _manager(request)
    try:
        undo_merge(merge, actor=user)
    except CaseError as exc:
        messages.error(request, exc.message)
        return redirect("case_detail", pk=merge.survivor_id)
    messages.success(
        request,
        gettext(
            "Merge undone: %(merged)s is a case of its own again, and %(survivor)s is as it was."
        )
        % {"merged": merge.merged.reference, "survivor": merge.survivor.reference},
    )
    return redirect("case_detail", pk=merge.merged_id)

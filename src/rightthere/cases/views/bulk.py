"""The inbox's bulk bar: change the selected cases at once (`desk.bulk`), confirm a
merge first, and offer "Undo" for an assignment, a team, a status or a priority."""

import secrets
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.accounts.roles import is_manager
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Priority, Status
from rightthere.cases.models.case import parse_reference
from rightthere.cases.waiting import CUSTOMER_REASONS, OUR_BLOCKERS
from rightthere.core.choices import translated_choices
from rightthere.core.errors import CaseError, InvalidInput
from rightthere.desk.bulk import (
    BulkAction,
    BulkChange,
    BulkResult,
    Restore,
    bulk_update,
    plan_merge,
    undo_bulk,
)

RESULT_KEY = "inbox_bulk_result"
UNDO_KEY = "inbox_bulk_undo"
# The bar offers every status the case page's select offers; a waiting status takes
# its reason from the bar's "Waiting for" select (refused with a clear message without).


def _bar_choices() -> dict[str, list[tuple[str, str]]]:
    """The bar's statuses, waiting reasons and priorities, translated once a language."""
    return {
        "bulk_statuses": translated_choices("case statuses", lambda: Status.choices),
        "bulk_customer_reasons": translated_choices(
            "case customer reasons", lambda: [(r.value, r.label) for r in CUSTOMER_REASONS]
        ),
        "bulk_our_blockers": translated_choices(
            "case our blockers", lambda: [(r.value, r.label) for r in OUR_BLOCKERS]
        ),
        "bulk_priorities": translated_choices("case priorities", lambda: Priority.choices),
    }


def bulk_context(request: HttpRequest) -> dict[str, Any]:
    """What the inbox shows of the bulk bar: whether the person gets it, its choices
    (besides the people and teams the inbox's filters list), and the result of the
    last bulk change (once) with its undo."""
    user: User = request.user  # type: ignore[assignment]
    if not is_manager(user):
        return {"can_bulk": False}
    result = request.session.pop(RESULT_KEY, None)
    undo = request.session.get(UNDO_KEY)
    return {
        "can_bulk": True,
        **_bar_choices(),
        "bulk_result": result,
        "bulk_undo_token": undo["token"] if result and undo and result.get("undoable") else "",
    }


def _back(request: HttpRequest) -> str:
    """The inbox as it was (its filters, view and page), from the form's `back` field."""
    query = QueryDict(request.POST.get("back", "")[:1000]).urlencode()
    return reverse("inbox") + (f"?{query}" if query else "")


def _selected(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("case") if v.isdecimal() and len(v) < 10]


def _change(request: HttpRequest) -> BulkChange:
    post = request.POST
    action = post.get("action", "")
    confirm = post.get("confirm_different_customers") == "1"
    if action == "assign":
        # One list of people and teams: "user:3", "team:2", "user:" for nobody.
        if not post.get("assign"):
            raise InvalidInput(gettext("Choose whom to assign the cases to."))
        kind, _, value = post.get("assign", "").partition(":")
        return BulkChange(BulkAction.TEAM if kind == "team" else BulkAction.ASSIGN, value)
    fields = {"status": "status", "priority": "priority", "tag": "tag", "merge": "merge_into"}
    reason = post.get("waiting_reason", "").strip() if action == "status" else ""
    return BulkChange(action, post.get(fields.get(action, ""), "").strip(), reason, confirm)


def _remember(request: HttpRequest, result: BulkResult | None, error: str = "") -> None:
    undoable = bool(result and result.undo)
    request.session[RESULT_KEY] = {
        "message": error or (result.message if result else ""),
        "error": bool(error),
        "undoable": undoable,
    }
    if undoable and result:
        request.session[UNDO_KEY] = {
            "token": secrets.token_urlsafe(16),
            "action": result.action,
            "restores": [[r.case_id, r.value, r.waiting_reason, r.version] for r in result.undo],
        }
    else:
        request.session.pop(UNDO_KEY, None)


def _merge_confirmation(request: HttpRequest, user: User, change: BulkChange) -> HttpResponse:
    """Ask before merging, saying which selected cases would be skipped and why."""
    context: dict[str, Any] = {"value": change.value, "back": request.POST.get("back", "")}
    try:
        plan = plan_merge(user, _selected(request), change)
    except InvalidInput:
        if visible_cases(user).filter(pk=parse_reference(change.value) or 0).exists():
            raise  # not about the target (too many cases): shown above the inbox
        return render(request, "cases/bulk_merge_confirm.html", {**context, "target": None})
    context |= {
        "target": plan.survivor,
        "cases": plan.cases,
        "skipped": plan.skipped,
        "different_customers": plan.different_customers,
    }
    return render(request, "cases/bulk_merge_confirm.html", context)


@login_required
@require_POST
def bulk_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not is_manager(user):
        raise PermissionDenied
    try:
        change = _change(request)
        confirming = change.action == BulkAction.MERGE and request.POST.get("confirmed") != "1"
        if confirming and _selected(request) and parse_reference(change.value):
            return _merge_confirmation(request, user, change)
        result = bulk_update(user, _selected(request), change)
    except CaseError as error:
        _remember(request, None, error.message)
    else:
        _remember(request, result)
    return redirect(_back(request))


@login_required
@require_POST
def bulk_undo(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not is_manager(user):
        raise PermissionDenied
    undo = request.session.get(UNDO_KEY)
    if not undo or not secrets.compare_digest(undo["token"], request.POST.get("token", "")):
        _remember(request, None, gettext("That change can no longer be undone from here."))
        return redirect(_back(request))
    request.session.pop(UNDO_KEY, None)
    restores = [Restore(*row) for row in undo["restores"]]
    try:
        result = undo_bulk(user, undo["action"], restores)
    except CaseError as error:
        _remember(request, None, error.message)
    else:
        _remember(request, result)
    return redirect(_back(request))

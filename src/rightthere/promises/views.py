"""Promise buttons on the case page: make, keep, move to a new date (telling the customer)."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import access_case, visible_cases
from rightthere.core.errors import CaseError, InvalidInput
from rightthere.desk import promises as desk_promises
from rightthere.promises import actions
from rightthere.promises.models import Promise


def parse_due(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(gettext("Give the date and time, e.g. 2026-11-27 14:00.")) from exc
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def access_promise(user: User, promise_id: int) -> Promise:
    promise = (
        Promise.objects.select_related("case", "case__contact", "owner")
        .filter(pk=promise_id, case__in=visible_cases(user))
        .first()
    )
    if promise is None:
        raise Http404("No such promise")
    return promise


def _done(request: HttpRequest, case_id: int, error: CaseError | None, ok: str) -> HttpResponse:
    if error is not None:
        if error.http_status == 403:
            raise PermissionDenied(error.message)
        messages.error(request, error.message)
    else:
        messages.success(request, ok)
    return redirect("case_detail", pk=case_id)


@login_required
@require_POST
def make(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    try:
        actions.make_promise(
            case,
            actor=user,
            what=request.POST.get("what", ""),
            due_at=parse_due(request.POST.get("due", "")),
        )
    except CaseError as exc:
        return _done(request, pk, exc, "")
    return _done(request, pk, None, gettext("Promise recorded."))


@login_required
@require_POST
def keep(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    promise = access_promise(user, pk)
    try:
        actions.keep_promise(promise, actor=user)
    except CaseError as exc:
        return _done(request, promise.case_id, exc, "")
    return _done(request, promise.case_id, None, gettext("Promise kept."))


@login_required
def renegotiate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the drafted message for a new date; POST: send it and move the promise."""
    user: User = request.user  # type: ignore[assignment]
    promise = access_promise(user, pk)
    due_text = request.POST.get("due") or request.GET.get("due", "")
    error = ""
    draft = ""
    if due_text:
        try:
            new_due = parse_due(due_text)
            if request.method == "POST" and request.POST.get("send"):
                desk_promises.renegotiate_promise(
                    promise,
                    actor=user,
                    new_due=new_due,
                    message_text=request.POST.get("message", ""),
                )
                messages.success(
                    request, gettext("The customer has the new date; the promise is moved.")
                )
                return redirect("case_detail", pk=promise.case_id)
            draft = actions.draft_renegotiation(promise, new_due)
        except CaseError as exc:
            if exc.http_status == 403:
                raise PermissionDenied(exc.message) from exc
            error = exc.message
    return render(
        request,
        "promises/renegotiate.html",
        {"promise": promise, "due": due_text, "draft": draft, "error": error},
    )

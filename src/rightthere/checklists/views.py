"""The checklist panel's forms. Each posts, then gets the refreshed panel (htmx)
or is redirected back to the case page (plain form, no JavaScript)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.cases.models import Case
from rightthere.checklists import actions
from rightthere.checklists.access import access_item_on_case, template_to_apply
from rightthere.checklists.models import ChecklistTemplate
from rightthere.checklists.panels import TEMPLATE, panel_context
from rightthere.core.errors import CaseError, InvalidInput

CHECKED = {"1", "on", "true"}


def _answer(request: HttpRequest, case: Case, change: Callable[[], object]) -> HttpResponse:
    error = ""
    try:
        change()
    except CaseError as exc:
        if exc.http_status == 403:
            raise PermissionDenied(exc.message) from exc
        error = exc.message
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect(reverse("case_detail", args=[case.pk]) + "#checklist")
    # htmx swaps only 2xx answers, so an error is shown inside the refreshed panel.
    response = render(request, TEMPLATE, {"panel": panel_context(case, error)})
    response["HX-Trigger"] = "case-changed"
    return response


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "").replace("\x00", "")


def _chosen_template(value: str) -> ChecklistTemplate:
    try:
        return template_to_apply(value)
    except ChecklistTemplate.DoesNotExist:
        raise InvalidInput(
            gettext("That checklist template no longer exists; reload the page.")
        ) from None


@login_required
@require_POST
def add_item(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    text = _text(request, "text")
    return _answer(request, case, lambda: actions.add_item(case, actor=user, text=text))


@login_required
@require_POST
def apply_template(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    value = _text(request, "template")[:20]
    return _answer(
        request,
        case,
        lambda: actions.apply_template(case, _chosen_template(value), actor=user),
    )


@login_required
@require_POST
def set_done(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The checkbox: posts the state it should have (unchecked sends nothing), so a
    double submit cannot flip it back."""
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    item = access_item_on_case(case, item_pk)
    action = actions.complete_item if request.POST.get("done") in CHECKED else actions.reopen_item
    return _answer(request, case, lambda: action(item, actor=user))


@login_required
@require_POST
def start_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    item = access_item_on_case(case, item_pk)
    return _answer(request, case, lambda: actions.start_item(item, actor=user))


@login_required
@require_POST
def remove_item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = access_case(user, pk)
    item = access_item_on_case(case, item_pk)
    return _answer(request, case, lambda: actions.remove_item(item, actor=user))

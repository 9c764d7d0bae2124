"""Canned-reply pages (list, editor, delete) and the composer's picker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from rightthere.accounts.models import User
from rightthere.canned.access import (
    access_canned_reply,
    can_change,
    can_manage_shared,
    visible_teams,
)
from rightthere.canned.actions import ReplyCheckFindings, delete_canned_reply, save_canned_reply
from rightthere.canned.forms import CannedReplyForm
from rightthere.canned.models import CannedReply
from rightthere.canned.picker import choices_for, search_replies
from rightthere.canned.placeholders import PLACEHOLDERS
from rightthere.cases.access import visible_cases
from rightthere.core.errors import CaseError

LIST_LIMIT = 200


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()[:200]


@login_required
@require_GET
def canned_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    query = _query(request)
    replies = list(search_replies(user, query)[:LIST_LIMIT])
    return render(
        request,
        "canned/list.html",
        {
            "query": query,
            "rows": [(reply, can_change(user, reply)) for reply in replies],
            "may_share": can_manage_shared(user),
        },
    )


def _editor(request: HttpRequest, user: User, reply: CannedReply | None) -> HttpResponse:
    may_share = can_manage_shared(user)
    findings = []
    if request.method == "POST":
        form = CannedReplyForm(request.POST, may_share=may_share, teams=visible_teams(user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = save_canned_reply(
                    user,
                    reply=reply,
                    title=data["title"],
                    body=data["body"],
                    scope=data["scope"],
                    team=data.get("team"),
                    save_anyway=data["save_anyway"],
                )
            except ReplyCheckFindings as exc:
                findings = exc.findings
            except CaseError as exc:
                if exc.http_status == 403:
                    raise PermissionDenied(exc.message) from exc
                field = getattr(exc, "field", "body" if "placeholder" in exc.code else None)
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, gettext("Canned reply “%(title)s” saved.") % {"title": saved.title}
                )
                return redirect("canned_list")
    else:
        initial = CannedReplyForm.initial_for(reply) if reply is not None else None
        form = CannedReplyForm(initial=initial, may_share=may_share, teams=visible_teams(user))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "canned/edit.html",
        {
            "form": form,
            "reply": reply,
            "findings": findings,
            "may_share": may_share,
            "placeholders": PLACEHOLDERS.values(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def canned_new(request: HttpRequest) -> HttpResponse:
    return _editor(request, request.user, None)  # type: ignore[arg-type]


@login_required
@require_http_methods(["GET", "POST"])
def canned_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    reply = access_canned_reply(user, pk)
    if not can_change(user, reply):
        raise PermissionDenied(gettext("Only owners and agents change team and desk-wide replies."))
    return _editor(request, user, reply)


@login_required
@require_http_methods(["GET", "POST"])
def canned_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    reply = access_canned_reply(user, pk)
    if not can_change(user, reply):
        raise PermissionDenied(gettext("Only owners and agents delete team and desk-wide replies."))
    if request.method == "POST":
        title = reply.title
        delete_canned_reply(user, reply)
        messages.success(request, gettext("Canned reply “%(title)s” deleted.") % {"title": title})
        return redirect("canned_list")
    return render(request, "canned/delete.html", {"reply": reply})


@login_required
@require_GET
def canned_picker(request: HttpRequest, pk: int) -> HttpResponse:
    """The picker's results for one case: matching replies, filled from that case."""
    user: User = request.user  # type: ignore[assignment]
    case = visible_cases(user).select_related("customer", "contact").filter(pk=pk).first()
    if case is None:
        raise Http404(gettext("No such case"))
    query = _query(request)
    return render(
        request,
        "canned/_picker_results.html",
        {"choices": choices_for(user, case, query), "query": query},
    )

"""/settings/canned/: the desk's shared canned replies (for a team or everyone), in the
settings hub. Owners; saved through `canned.actions.save_canned_reply` (the API's
/api/canned-replies and the agents' own /canned/ page use it too), which puts each change
to a shared reply in the settings change log. Personal replies stay their author's."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.accounts.models import User
from rightthere.canned.actions import ReplyCheckFindings, delete_canned_reply, save_canned_reply
from rightthere.canned.forms import CannedReplyForm
from rightthere.canned.models import CannedReply, Scope
from rightthere.canned.placeholders import PLACEHOLDERS
from rightthere.coach.check import Finding
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.setup_screens.views import owner_of


class SharedReplyForm(CannedReplyForm):
    """The editor with the shared scopes only: a team's, or the whole desk's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, may_share=True, **kwargs)
        self.fields["scope"].choices = [(Scope.EVERYONE.value, Scope.EVERYONE.label),  # type: ignore[attr-defined]
                                        (Scope.TEAM.value, Scope.TEAM.label)]  # fmt: skip
        self.fields["scope"].initial = Scope.EVERYONE


def _shared_replies() -> list[CannedReply]:
    return list(CannedReply.objects.filter(owner__isnull=True).select_related("team"))


def _reply(pk: int) -> CannedReply:
    found = CannedReply.objects.filter(pk=pk, owner__isnull=True).select_related("team").first()
    if found is None:
        raise Http404(_("No such shared canned reply"))
    return found


def _save(
    owner: User, form: SharedReplyForm, reply: CannedReply | None
) -> tuple[CannedReply | None, list[Finding]]:
    """Save through the one function; a refusal goes next to its field."""
    data = form.cleaned_data
    try:
        saved = save_canned_reply(owner, reply=reply, title=data["title"], body=data["body"],
                                  scope=data["scope"], team=data.get("team"),
                                  save_anyway=data["save_anyway"])  # fmt: skip
    except ReplyCheckFindings as found:
        form.add_error("body", found.message)
        return None, found.findings
    except InvalidField as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
    except InvalidInput as refused:  # an unknown placeholder
        form.add_error("body", refused.message)
    else:
        return saved, []
    return None, []


def _editor(request: HttpRequest, reply: CannedReply | None, template: str) -> HttpResponse:
    owner = owner_of(request)
    findings: list[Finding] = []
    if request.method == "POST":
        form = SharedReplyForm(request.POST)
        if form.is_valid():
            saved, findings = _save(owner, form, reply)
            if saved is not None:
                messages.success(
                    request, _("Canned reply “%(title)s” saved.") % {"title": saved.title}
                )
                return redirect("settings_canned")
    else:
        form = SharedReplyForm(initial=CannedReplyForm.initial_for(reply) if reply else None)
    return render(request, template, {
        "form": form, "reply": reply, "findings": findings, "replies": _shared_replies(),
        "placeholders": PLACEHOLDERS.values(), "changes": recent_changes("canned"),
    }, status=422 if form.errors else 200)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def canned_page(request: HttpRequest) -> HttpResponse:
    """The shared replies, and the form to add one."""
    return _editor(request, None, "settings/canned.html")


@login_required
@require_http_methods(["GET", "POST"])
def canned_reply_page(request: HttpRequest, pk: int) -> HttpResponse:
    owner_of(request)
    return _editor(request, _reply(pk), "settings/canned_reply.html")


@login_required
@require_POST
def canned_reply_remove(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    reply = _reply(pk)
    delete_canned_reply(owner, reply)
    messages.success(request, _("Canned reply “%(title)s” removed.") % {"title": reply.title})
    return redirect("settings_canned")

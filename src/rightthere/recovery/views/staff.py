"""Staff buttons for the recovery playbook on the case page. One POST per step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.cases.access import access_case
from rightthere.core.errors import CaseError
from rightthere.desk import recovery as desk_recovery
from rightthere.outbox.delivery import sending_enabled
from rightthere.promises.views import parse_due
from rightthere.recovery import actions
from rightthere.recovery.models import Improvement, Recovery, RootCause


def _recovery(user: User, case_id: int) -> Recovery:
    case = access_case(user, case_id)
    recovery = Recovery.objects.filter(case=case).select_related("case", "chosen_option").first()
    if recovery is None:
        raise Http404("This case is not on the recovery playbook.")
    return recovery


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


@login_required
@require_POST
def step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    post = request.POST
    try:
        if action == "start":
            actions.start_recovery(access_case(user, pk), actor=user)
            done = gettext("The case is on the complaint-recovery playbook.")
        else:
            recovery = _recovery(user, pk)
            done = _run(user, recovery, action, post)
    except CaseError as exc:
        if exc.http_status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("case_detail", pk=pk)


def _run(user: User, recovery: Recovery, action: str, post: QueryDict) -> str:
    if action == "options":
        desk_recovery.offer_options(recovery, actor=user, labels=post.getlist("option"))
        if not sending_enabled():
            return gettext(
                "Options saved; the mail to the customer goes out once outgoing mail is set "
                "up (Set-up › Mailboxes and outgoing mail)."
            )
        return gettext("Options sent to the customer.")
    if action == "choose":
        actions.choose_option(
            recovery, option_id=_int(post.get("option", "")), actor=user, by_customer=False
        )
        return gettext("Choice recorded.")
    if action == "follow-through":
        actions.follow_through(recovery, actor=user, due_at=parse_due(post.get("due", "")))
        return gettext("Promise made: keep it when it is done.")
    if action == "satisfaction":
        actions.answer_satisfaction(
            recovery,
            satisfied=post.get("satisfied") == "yes",
            comment=post.get("comment", ""),
            actor=user,
        )
        return gettext("Answer recorded.")
    if action == "feedback":
        actions.record_feedback(recovery, text=post.get("feedback", ""), actor=user)
        return gettext("Feedback recorded.")
    if action == "root-cause":
        cause = RootCause.objects.filter(pk=_int(post.get("root_cause", ""))).first()
        if cause is None:
            raise CaseError(gettext("Choose a root cause."))
        improvement = Improvement.objects.filter(pk=_int(post.get("improvement", ""))).first()
        actions.set_root_cause(recovery, actor=user, root_cause=cause, improvement=improvement)
        return gettext("Root cause recorded.")
    if action == "waive":
        actions.waive_step(
            recovery, actor=user, step=_int(post.get("step", "")), reason=post.get("reason", "")
        )
        return gettext("Step waived.")
    raise Http404("No such step")

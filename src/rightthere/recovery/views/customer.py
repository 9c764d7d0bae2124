"""What the customer does in a recovery, on their status page: choose, say if satisfied, give feedback."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.core.errors import CaseError
from rightthere.customers.language import speaking_to_case
from rightthere.portal.links import link_for_token
from rightthere.recovery import actions
from rightthere.recovery.models import Recovery


def customer_context(case_id: int) -> dict[str, object]:
    """What the status page shows of a recovery: the choice, the check, the feedback box."""
    recovery = Recovery.objects.filter(case_id=case_id).prefetch_related("options").first()
    if recovery is None:
        return {}
    options = [o for o in recovery.options.all() if o.round == recovery.round]
    return {
        "recovery": recovery,
        "recovery_options": options if recovery.chosen_option_id is None else [],
        "ask_satisfaction": recovery.check_sent_at is not None and recovery.satisfied is None,
        "ask_feedback": recovery.satisfied is True and recovery.feedback_at is None,
    }


@require_POST
def answer(request: HttpRequest, token: str, action: str) -> HttpResponse:
    link = link_for_token(token)
    if link is None:
        raise Http404("This link is not valid any more.")
    recovery = Recovery.objects.filter(case_id=link.case_id).first()
    if recovery is None:
        raise Http404("Nothing to answer here.")
    with speaking_to_case(link.case, request.headers.get("Accept-Language", "")):
        _answer(request, recovery, action)
    return redirect("status_page", token=token)


def _answer(request: HttpRequest, recovery: Recovery, action: str) -> None:
    post = request.POST
    try:
        if action == "choose":
            option = post.get("option", "")
            actions.choose_option(
                recovery,
                option_id=int(option) if option.isdigit() else 0,
                actor=None,
                by_customer=True,
            )
            messages.success(
                request, gettext("Thank you: we will put it in hand and tell you the date.")
            )
        elif action == "satisfaction":
            actions.answer_satisfaction(
                recovery, satisfied=post.get("satisfied") == "yes", comment=post.get("comment", "")
            )
            messages.success(request, gettext("Thank you for telling us."))
        elif action == "feedback":
            actions.record_feedback(recovery, text=post.get("feedback", ""))
            messages.success(request, gettext("Thank you: we read every answer."))
        else:
            raise Http404("No such answer")
    except CaseError as exc:
        messages.error(request, exc.message)

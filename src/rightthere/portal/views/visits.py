"""The customer picks their visit's time on their status page, or moves it: the desk's
`choose_visit_slot`, the same booking as staff's. A time taken meanwhile is refused with
the times free now."""

from datetime import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.core import spoken
from rightthere.core.errors import CaseError
from rightthere.customers.language import speaking_business_language, speaking_to_case
from rightthere.desk.visit_choice import choose_visit_slot
from rightthere.field.booking import ChosenSlot
from rightthere.field.choosing import SlotTaken
from rightthere.merging.aliases import surviving_case
from rightthere.portal.forms import StatusReplyForm
from rightthere.portal.models import StatusLink
from rightthere.portal.status import fresh_choice
from rightthere.portal.views import _link_or_404, _status_page


def _chosen(request: HttpRequest) -> ChosenSlot | None:
    kind, _, doer = request.POST.get("doer", "").partition(":")
    try:
        starts_at = datetime.fromisoformat(request.POST.get("starts_at", "").strip())
    except ValueError:
        return None
    if not (doer.isdecimal() and len(doer) < 19) or timezone.is_naive(starts_at):
        return None
    return ChosenSlot(kind, int(doer), starts_at)


@require_POST
def choose_visit(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    with speaking_to_case(link.case, request.headers.get("Accept-Language", "")):
        return _choose_visit(request, link, token)


def _choose_visit(request: HttpRequest, link: StatusLink, token: str) -> HttpResponse:
    case = surviving_case(link.case) or link.case
    back = reverse("status_page", args=[token]) + "#visit-title"
    slot = _chosen(request)
    if slot is None:
        messages.error(request, gettext("Please choose one of the times shown."))
        return redirect(back)
    contact = case.contact
    with speaking_business_language():  # how the staff's timeline names them
        who = (
            gettext("%(name)s (status page)") % {"name": contact.name or contact.email}
            if contact
            else gettext("the customer (status page)")
        )
    moving = request.POST.get("moving") == "1"
    try:
        visit = choose_visit_slot(case, slot=slot, who=who)
    except SlotTaken as taken:
        choice = fresh_choice(case, taken.fresh, taken.message, moving)
        return _status_page(request, link, token, StatusReplyForm(), status=409, choice=choice)
    except CaseError as refused:
        messages.error(request, refused.message)
        return redirect(back)
    when = {"day": spoken.day(visit.starts_at), "time": spoken.clock(visit.starts_at)}
    done = (
        gettext("Thank you: your visit is moved to %(day)s at %(time)s.")
        if moving
        else gettext("Thank you: your visit is booked for %(day)s at %(time)s.")
    )
    messages.success(
        request,
        done % when + " " + gettext("We have sent you the confirmation with a calendar invite."),
    )
    return redirect(back)

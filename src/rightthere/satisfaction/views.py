"""The customer's one click: from the e-mail (GET) or the status page (POST). No login.

Mail scanners fetch links before the customer does. A GET still records the
answer (that is what one click means), but only a GET: a HEAD probe records
nothing, the answer can be changed for CSAT_CHANGE_DAYS, and the confirmation
page offers the other answer next to the comment box.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from rightthere.core.errors import CaseError
from rightthere.customers.language import speaking_to_case
from rightthere.desk.satisfaction import answer_case
from rightthere.portal.models import StatusLink
from rightthere.satisfaction.links import link_or_404
from rightthere.satisfaction.models import AnswerChannel, Rating
from rightthere.satisfaction.status import status_block

STAFF_REFUSAL = gettext_lazy(
    "You are signed in as staff: this link is the customer's, so nothing was recorded. "
    "Record what a customer told you on the case page instead."
)


@never_cache
@require_safe
def rate_from_email(request: HttpRequest, token: str, rating: str) -> HttpResponse:
    link = link_or_404(token)
    if rating not in Rating.values:
        raise Http404("No such answer.")
    if request.method == "HEAD":  # a link checker probing; only a GET is a click
        return HttpResponse()
    with speaking_to_case(link.case, request.headers.get("Accept-Language", "")):
        return _rate_from_email(request, link, token, rating)


def _rate_from_email(
    request: HttpRequest, link: StatusLink, token: str, rating: str
) -> HttpResponse:
    error, status = "", 200
    if request.user.is_authenticated:
        error, status = str(STAFF_REFUSAL), 403
    else:
        try:
            answer_case(link.case, actor=None, via=AnswerChannel.EMAIL, rating=rating)
        except CaseError as exc:
            error, status = exc.message, exc.http_status
    response = render(
        request,
        "satisfaction/answered.html",
        {
            "case": link.case,
            "token": token,
            "error": error,
            "satisfaction": status_block(link.case, token),
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The buttons and comment box on the status page and the confirmation page."""
    link = link_or_404(token)
    if request.user.is_authenticated:
        messages.error(request, str(STAFF_REFUSAL))
        return redirect(reverse("status_page", args=[token]) + "#satisfaction")
    with speaking_to_case(link.case, request.headers.get("Accept-Language", "")):
        try:
            answer = answer_case(
                link.case,
                actor=None,
                via=AnswerChannel.STATUS_PAGE,
                rating=request.POST.get("rating") or None,
                comment=request.POST.get("comment"),
            )
        except CaseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _thanks(answer.rating))
    return redirect(reverse("status_page", args=[token]) + "#satisfaction")


def _thanks(rating: str) -> str:
    if rating == Rating.BAD:
        return gettext(
            "Thank you for telling us, and we are sorry it was not right. Your request is "
            "open again and our team has been told."
        )
    return gettext("Thank you, we have your answer.")

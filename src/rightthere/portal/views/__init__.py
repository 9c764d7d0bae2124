"""Public pages: the contact form and the per-case status page. No login, ever."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found

from rightthere.accounts.client_ip import client_ip
from rightthere.cases.uploads import attachments_from
from rightthere.core.errors import CaseError
from rightthere.customers.language import (
    speaking_business_language,
    speaking_to_case,
    speaking_visitor_language,
)
from rightthere.merging.aliases import surviving_case
from rightthere.outbox.delivery import sending_enabled
from rightthere.portal import intake
from rightthere.portal.forms import ContactForm, StatusReplyForm
from rightthere.portal.links import link_for_token, status_path
from rightthere.portal.models import StatusLink
from rightthere.portal.status import (
    CUSTOMER_DIRECTIONS,
    VisitChoice,
    booked_visit,
    customer_files,
    customer_status,
    visit_choice,
)
from rightthere.recovery.views.customer import customer_context
from rightthere.satisfaction.status import status_block


def _client_ip(request: HttpRequest) -> str:
    return client_ip(request)


def _accept_language(request: HttpRequest) -> str:
    return request.headers.get("Accept-Language", "")


def contact(request: HttpRequest) -> HttpResponse:
    """The contact form (GET, and POST to send it) in the language the customer's
    browser asks for when the desk offers it, else the business's (the customer is not
    known yet); a customer with no language yet keeps the one they wrote in."""
    response = _contact(request)
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _contact(request: HttpRequest) -> HttpResponse:
    with speaking_visitor_language(_accept_language(request)) as language:
        form = ContactForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if data["website"]:
                # A bot filled the hidden field: look successful, store nothing.
                return render(request, "portal/thanks.html", {"status_path": None})
            try:
                submitted = intake.submit_web_form(
                    name=data["name"],
                    email=data["email"],
                    subject=data["subject"],
                    message=data["message"],
                    ip_address=_client_ip(request),
                    attachments=attachments_from(request),
                    address=data["address"],
                    phone=data["phone"],
                    language=language,
                )
            except CaseError as exc:
                form.add_error(getattr(exc, "field", None), exc.message)
                return render(
                    request, "portal/contact.html", {"form": form}, status=exc.http_status
                )
            case = submitted.case
            return render(
                request,
                "portal/thanks.html",
                {"case": case, "status_path": submitted.status_path,
                 "status": customer_status(case),
                 # The acknowledgement with the link is held while no mail server is set.
                 "link_mailed": sending_enabled()},
            )  # fmt: skip
        return render(request, "portal/contact.html", {"form": form})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page: on a customer's link (/s/...), the portal's own page, which says
    what to do instead of pointing a customer to the staff inbox."""
    if request.path.startswith("/s/"):
        with speaking_business_language():
            return render(request, "portal/link_gone.html", status=404)
    return page_not_found(request, exception)


def _link_or_404(token: str) -> StatusLink:
    link = link_for_token(token)
    if link is None:
        raise Http404("This link is not valid any more.")
    return link


def status_page(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    if link.case.merged_into_id is not None:
        # A merged case's link stays valid and leads to the case that lives on.
        return redirect(status_path(surviving_case(link.case) or link.case))
    return _status_page(request, link, token, StatusReplyForm())


def _status_page(
    request: HttpRequest,
    link: StatusLink,
    token: str,
    form: StatusReplyForm,
    status: int = 200,
    choice: VisitChoice | None = None,
) -> HttpResponse:
    """The page in the customer's language: its words, the visit's and the dates."""
    case = link.case
    StatusLink.objects.filter(pk=link.pk).update(last_seen_at=timezone.now())
    with speaking_to_case(case, _accept_language(request)):
        visit = booked_visit(case)
        if choice is None:
            choice = visit_choice(case, visit, moving=request.GET.get("move") == "1")
        conversation = (
            case.messages.filter(direction__in=CUSTOMER_DIRECTIONS)
            .select_related("author", "author_contact")
            .prefetch_related("attachments")
        )
        response = render(
            request,
            "portal/status.html",
            {
                "case": case,
                "status": customer_status(case, visit),
                "visit": visit,
                "choice": choice,
                "files": customer_files(case),
                "conversation": conversation,
                "form": form,
                "token": token,
                **customer_context(case.pk),
                "satisfaction": status_block(case, token),
            },
            status=status,
        )
        patch_vary_headers(response, ["Accept-Language"])  # a customer with no language: theirs
        return response


@require_POST
def status_reply(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    with speaking_to_case(link.case, _accept_language(request)):
        return _status_reply(request, link, token)


def _status_reply(request: HttpRequest, link: StatusLink, token: str) -> HttpResponse:
    form = StatusReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, gettext("Please write a message before sending."))
        return redirect("status_page", token=token)
    try:
        # A reply sent from a merged case's page (open since before the merge) goes to the survivor.
        intake.customer_reply(
            surviving_case(link.case) or link.case,
            text=form.cleaned_data["text"],
            attachments=attachments_from(request),
            ip_address=_client_ip(request),
        )
    except CaseError as exc:  # refused: say why, with what they wrote still in the box
        form.add_error(None, exc.message)
        return _status_page(request, link, token, form, status=exc.http_status)
    messages.success(request, gettext("Thank you, we have your message."))
    return redirect("status_page", token=token)

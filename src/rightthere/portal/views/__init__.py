"""Public pages: the contact form and the per-case status page. No login, ever."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Direction
from rightthere.core.errors import CaseError
from rightthere.merging.aliases import surviving_case
from rightthere.portal import intake
from rightthere.portal.forms import ContactForm, StatusReplyForm
from rightthere.portal.links import link_for_token, status_path
from rightthere.portal.models import StatusLink
from rightthere.portal.status import customer_status
from rightthere.recovery.views.customer import customer_context
from rightthere.satisfaction.status import status_block


def _uploads(request: HttpRequest) -> list[NewAttachment]:
    return [
        NewAttachment(
            filename=f.name or "attachment",
            content=f.read(),
            content_type=f.content_type or "application/octet-stream",
        )
        for f in request.FILES.getlist("attachments")
    ]


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a value, not a bind


def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            # A bot filled the hidden field: look successful, store nothing.
            return render(request, "portal/thanks.html", {"status_path": None})
        try:
            case = intake.submit_web_form(
                name=data["name"],
                email=data["email"],
                subject=data["subject"],
                message=data["message"],
                ip_address=_client_ip(request),
                attachments=_uploads(request),
            )
        except CaseError as exc:
            form.add_error(None, exc.message)
            return render(request, "portal/contact.html", {"form": form}, status=exc.http_status)
        return render(
            request,
            "portal/thanks.html",
            {"case": case, "status_path": status_path(case), "status": customer_status(case)},
        )
    return render(request, "portal/contact.html", {"form": form})


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
    case = link.case
    StatusLink.objects.filter(pk=link.pk).update(last_seen_at=timezone.now())
    conversation = (
        case.messages.filter(direction__in=[Direction.INBOUND, Direction.OUTBOUND])
        .select_related("author", "author_contact")
        .prefetch_related("attachments")
    )
    return render(
        request,
        "portal/status.html",
        {
            "case": case,
            "status": customer_status(case),
            "conversation": conversation,
            "form": StatusReplyForm(),
            "token": token,
            **customer_context(case.pk),
            "satisfaction": status_block(case, token),
        },
    )


@require_POST
def status_reply(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    form = StatusReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Please write a message before sending.")
        return redirect("status_page", token=token)
    try:
        # A reply sent from a merged case's page (open since before the merge) goes to the survivor.
        intake.customer_reply(
            surviving_case(link.case) or link.case,
            text=form.cleaned_data["text"],
            attachments=_uploads(request),
        )
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Thank you, we have your message.")
    return redirect("status_page", token=token)

"""The owner's and agents' buttons for a case's status link: copy, send again,
new link (rotate) and revoke. Each is a POST, for owners and agents only."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rightthere.accounts.roles import is_manager
from rightthere.cases.access import access_case
from rightthere.cases.models import Case
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import revoke_links, rotate_link, status_url
from rightthere.portal.models import StatusLink


def _case(request: HttpRequest, case_id: int) -> Case:
    if not is_manager(request.user):
        raise PermissionDenied("Only owners and agents can manage the customer's link.")
    return access_case(request.user, case_id)  # type: ignore[arg-type]


def _back(case_id: int) -> HttpResponse:
    return redirect("case_detail", pk=case_id)


def link_widget(request: HttpRequest, case_id: int) -> HttpResponse:
    """The panel's content, loaded after the case page is shown."""
    case = _case(request, case_id)
    has_link = StatusLink.objects.filter(case=case, revoked_at__isnull=True).exists()
    link = status_url(case, settings.RIGHTTHERE["BASE_URL"]) if has_link else ""
    panel = {"case_id": case.pk, "has_link": has_link, "link": link}
    return render(request, "portal/_link_widget.html", {"panel": panel})


@require_POST
def resend_link(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    link = status_url(case, settings.RIGHTTHERE["BASE_URL"])
    send_automatic_message(
        case,
        body_text=f"You can follow your request and reply to us here:\n{link}\n",
    )
    messages.success(request, "The status page link was mailed to the customer again.")
    return _back(case.pk)


@require_POST
def new_link(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    rotate_link(case)
    messages.success(request, "A new link was made; the old one no longer works.")
    return _back(case.pk)


@require_POST
def revoke_link(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    revoke_links(case)
    messages.success(
        request, "The link was revoked; the customer can no longer open the status page."
    )
    return _back(case.pk)

"""The owner's and agents' buttons for a case's status link: copy, send again,
new link (rotate) and revoke. Each is a POST, for owners and agents only, and calls
one use case in `rightthere.desk.status_links` (which also writes the timeline)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rightthere.accounts.models import User
from rightthere.accounts.roles import is_manager
from rightthere.cases.access import access_case
from rightthere.cases.models import Case
from rightthere.core.errors import CaseError
from rightthere.core.public_links import base_url
from rightthere.desk import status_links
from rightthere.outbox.delivery import sending_enabled
from rightthere.portal.links import has_live_link, status_url


def _case(request: HttpRequest, case_id: int) -> Case:
    if not is_manager(request.user):
        raise PermissionDenied(gettext("Only owners and agents can manage the customer's link."))
    return access_case(request.user, case_id)  # type: ignore[arg-type]


def _act(request: HttpRequest, case_id: int, action: Callable[[Case, User], str]) -> HttpResponse:
    """Run one action and say how it went on the case page."""
    case = _case(request, case_id)
    try:
        done = action(case, request.user)  # type: ignore[arg-type]
    except CaseError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("case_detail", pk=case.pk)


def link_widget(request: HttpRequest, case_id: int) -> HttpResponse:
    """The panel's content, loaded after the case page is shown."""
    case = _case(request, case_id)
    has_link = has_live_link(case)
    link = status_url(case, base_url()) if has_link else ""
    has_email = case.contact is not None and bool(case.contact.email)
    panel = {"case_id": case.pk, "has_link": has_link, "link": link, "has_email": has_email}
    return render(request, "portal/_link_widget.html", {"panel": panel})


def _send(case: Case, actor: User) -> str:
    sent = status_links.send_status_link(case, actor=actor)
    if not sending_enabled():
        return gettext(
            "The link is in a mail to %(email)s that goes out once outgoing mail is set up "
            "(Set-up › Mailboxes and outgoing mail); meanwhile copy the link and give it to them."
        ) % {"email": sent.email}
    if sent.new_link:
        return gettext("A new link was made and mailed to %(email)s.") % {"email": sent.email}
    return gettext("The status page link was mailed to the customer again (%(email)s).") % {
        "email": sent.email
    }


def _rotate(case: Case, actor: User) -> str:
    status_links.rotate_status_link(case, actor=actor)
    return gettext("A new link was made; the old one no longer works.")


def _revoke(case: Case, actor: User) -> str:
    status_links.revoke_status_link(case, actor=actor)
    return gettext("The link was revoked; the customer can no longer open the status page.")


@require_POST
def resend_link(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(request, case_id, _send)


@require_POST
def new_link(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(request, case_id, _rotate)


@require_POST
def revoke_link(request: HttpRequest, case_id: int) -> HttpResponse:
    return _act(request, case_id, _revoke)

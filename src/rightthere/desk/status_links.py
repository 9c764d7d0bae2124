"""The customer's status-page link, as owners and agents handle it: send it again,
make a new one (rotate) and revoke it. Web, API and the `status_link` command call
these, so each action is checked and written to the case's timeline the same way."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from rightthere.accounts.models import User
from rightthere.accounts.roles import check_manager
from rightthere.cases.events import record_event
from rightthere.cases.models import Case, EventKind, Message
from rightthere.core.errors import InvalidInput
from rightthere.core.public_links import base_url
from rightthere.customers.language import speaking_to_case
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import has_live_link, revoke_links, rotate_link, status_url

DOING = gettext_lazy("manage the customer's status link")


@dataclass(frozen=True)
class SentLink:
    url: str
    email: str
    new_link: bool  # there was no live link (never made, or revoked), so one was made
    message: Message


def _base_url() -> str:
    return base_url()


@transaction.atomic
def send_status_link(case: Case, *, actor: User | None) -> SentLink:
    """Mail the customer the link to their status page.

    In order: only owners and agents; the customer needs an e-mail address (else
    nothing changes); the live link is used, or, when there is none (it was
    revoked), a new one is made; the mail goes out as an automatic message;
    the timeline says so."""
    check_manager(actor, DOING)
    email = case.contact.email if case.contact is not None else ""
    if not email:
        raise InvalidInput(
            gettext(
                "This customer has no e-mail address. Copy the link and give it to them "
                "another way."
            )
        )
    new_link = not has_live_link(case)
    url = status_url(case, _base_url())
    with speaking_to_case(case):
        body = gettext("You can follow your request and reply to us here:\n%(url)s") % {"url": url}
        message = send_automatic_message(case, body_text=body + "\n")
    said = (
        gettext("New link sent to %(email)s") if new_link else gettext("Sent again to %(email)s")
    ) % {"email": email}
    record_event(case, actor, EventKind.STATUS_LINK, after=said)
    return SentLink(url=url, email=email, new_link=new_link, message=message)


@transaction.atomic
def rotate_status_link(case: Case, *, actor: User | None) -> str:
    """Stop the case's link and make a new one (a link was forwarded by mistake).
    Returns the new link's URL; the customer is not mailed (`send_status_link` does)."""
    check_manager(actor, DOING)
    had_link = has_live_link(case)
    rotate_link(case)
    said = gettext("Rotated (old link stopped)") if had_link else gettext("New link made")
    record_event(case, actor, EventKind.STATUS_LINK, after=said)
    return status_url(case, _base_url())


@transaction.atomic
def revoke_status_link(case: Case, *, actor: User | None) -> None:
    """Stop the case's link: the status page, its rating and invite links all 404."""
    check_manager(actor, DOING)
    if revoke_links(case) == 0:
        raise InvalidInput(gettext("There is no link to revoke: it was revoked already."))
    record_event(case, actor, EventKind.STATUS_LINK, after=gettext("Revoked"))

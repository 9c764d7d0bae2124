"""/api/cases/{id}/status-link[/resend|/rotate|/revoke]: the customer's status page link
(owners and agents). The actions are the same use cases as the case page's buttons.
/api/customer-pages: the Customer sign-in screen's twin (owners), through portal.setup."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_manager, check_owner
from rightthere.cases.access import access_case
from rightthere.cases.models import Case
from rightthere.core.api.schemas import Input, error_responses
from rightthere.core.public_links import base_url
from rightthere.desk import status_links
from rightthere.portal import setup
from rightthere.portal.links import status_url
from rightthere.portal.models import StatusLink
from rightthere.portal.schemas import SentLinkOut, StatusLinkOut

router = Router(tags=["status link"])


def _case(user: User, case_id: int) -> Case:
    case = access_case(user, case_id)
    check_manager(user, status_links.DOING)
    return case


def _link_out(case: Case) -> dict[str, Any]:
    link = StatusLink.objects.filter(case=case, revoked_at__isnull=True).first()
    return {
        "case_id": case.pk,
        "url": status_url(case, base_url()) if link else None,
        "created_at": link.created_at if link else None,
        "last_seen_at": link.last_seen_at if link else None,
    }


@router.get(
    "/cases/{case_id}/status-link", response={200: StatusLinkOut, **error_responses(403, 404)}
)
def get_link(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """The case's live status link, if any (owners and agents)."""
    return _link_out(_case(current_user(request), case_id))


@router.post(
    "/cases/{case_id}/status-link/resend",
    response={200: SentLinkOut, **error_responses(400, 403, 404)},
)
def resend(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Mail the customer their link; after a revoke, a new link is made and mailed.
    400 when the customer has no e-mail address."""
    user = current_user(request)
    case = _case(user, case_id)
    sent = status_links.send_status_link(case, actor=user)
    return {**_link_out(case), "email": sent.email, "new_link": sent.new_link}


@router.post(
    "/cases/{case_id}/status-link/rotate",
    response={200: StatusLinkOut, **error_responses(403, 404)},
)
def rotate(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Stop the current link and make a new one (not mailed: use resend)."""
    user = current_user(request)
    case = _case(user, case_id)
    status_links.rotate_status_link(case, actor=user)
    return _link_out(case)


@router.post(
    "/cases/{case_id}/status-link/revoke",
    response={200: StatusLinkOut, **error_responses(400, 403, 404)},
)
def revoke(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Stop the link: the status page and every link mailed with it give 404.
    400 when there is no live link."""
    user = current_user(request)
    case = _case(user, case_id)
    status_links.revoke_status_link(case, actor=user)
    return _link_out(case)


class CustomerPagesIn(Input):
    organisation_sharing: bool


class CustomerPagesOut(Schema):
    organisation_sharing: bool


def _owner(request: HttpRequest) -> User:
    user = current_user(request)
    check_owner(user, gettext("decide what customers see when they sign in"))
    return user


@router.get("/customer-pages", response={200: CustomerPagesOut, **error_responses(403)},
            tags=["set-up"])  # fmt: skip
def get_customer_pages(request: HttpRequest) -> dict[str, Any]:
    """What signed-in customers see: whether an organisation's contacts see all its
    requests (owners)."""
    _owner(request)
    return {"organisation_sharing": setup.portal_settings().organisation_sharing}


@router.put("/customer-pages", response={200: CustomerPagesOut, **error_responses(403, 422)},
            tags=["set-up"])  # fmt: skip
def put_customer_pages(request: HttpRequest, body: CustomerPagesIn) -> dict[str, Any]:
    """Turn organisation sharing on or off (owners); the change is in the settings log."""
    current = setup.set_organisation_sharing(_owner(request), body.organisation_sharing)
    return {"organisation_sharing": current.organisation_sharing}

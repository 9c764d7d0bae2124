"""POST /inbound-mail: raw MIME posted by a mail service (a forwarding rule, a
webhook relay). Signed with an incoming-mail integration's secret
(`Rightthere-Signature`, see accounts.integrations), or authenticated with an
owner's or agent's API token: `Authorization: Bearer <key>`; the body is the mail
itself, sent as `message/rfc822` or `application/octet-stream`.

GET /inbound-mail lists stored mail (`?status=failed`: the "Could not process" page),
GET /inbound-mail/{id} shows one and POST /inbound-mail/{id}/retry processes it again,
as the page's Retry does; owners and agents, with a token or the session.

`router` is mounted on the project API; `make_router()` builds a fresh one
(a django-ninja router can be mounted on one API only).
"""

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from rightthere.accounts.api_auth import ApiTokenAuth, SignedWebhook, WebSessionAuth, current_user
from rightthere.accounts.login_limits import user_for_token
from rightthere.accounts.models import IntegrationKind, User
from rightthere.core.api.schemas import error_responses
from rightthere.core.errors import NotAllowed
from rightthere.mail import ingest
from rightthere.mail.access import access_inbound_mail, can_handle_inbound_mail, failed_mail
from rightthere.mail.models import InboundMail, InboundStatus, Source

ACCEPTED_TYPES = {"message/rfc822", "application/octet-stream"}


class MailServiceToken(HttpBearer):
    """An API token of an owner or agent (technicians and partners cannot post mail)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(request, token) if token else None
        if user is not None and not user.sees_all_cases:
            raise HttpError(
                403, gettext("Only an owner's or agent's token can post incoming mail.")
            )
        return user


class InboundMailOut(Schema):
    id: int
    status: str
    case_reference: str | None
    duplicate: bool
    error: str


def post_inbound_mail(request: HttpRequest) -> tuple[int, InboundMailOut]:
    """Store the posted mail, then turn it into a case or a reply.

    201 when the mail is new, 200 when it had been received before. A mail
    that cannot be processed is still stored (status "failed", with the
    reason); it is listed on the "Could not process" page.
    """
    content_type = (request.content_type or "").lower()
    if content_type not in ACCEPTED_TYPES:
        raise HttpError(
            415, gettext("Send the raw mail as message/rfc822 or application/octet-stream.")
        )
    raw = request.body
    if not raw.strip():
        raise HttpError(400, gettext("The request body is empty: send the raw mail."))
    inbound = ingest.ingest(raw, Source.HTTP, detail="POST /inbound-mail")
    return (200 if inbound.duplicate else 201), _out(inbound)


def _out(inbound: InboundMail) -> InboundMailOut:
    return InboundMailOut(
        id=inbound.pk,
        status=inbound.status,
        case_reference=inbound.case.reference if inbound.case_id and inbound.case else None,
        duplicate=inbound.duplicate,
        error=inbound.error,
    )


class StoredMailOut(Schema):
    id: int
    status: InboundStatus = Field(description="received, processed, ignored or failed.")
    error: str = Field(description="Why it could not be processed, or was ignored.")
    source: str
    sender: str
    subject: str
    is_automated: bool
    case_id: int | None
    case_reference: str | None
    created_at: datetime
    processed_at: datetime | None

    @staticmethod
    def resolve_case_reference(mail: InboundMail) -> str | None:
        return mail.case.reference if mail.case_id and mail.case else None


class StoredMailFilters(Schema):
    status: InboundStatus | None = Field(
        None, description='"failed": the "Could not process" list.', examples=["failed"]
    )
    limit: int = Field(50, ge=1, le=200)


def _mail_handler(request: HttpRequest) -> User:
    user = current_user(request)
    if not can_handle_inbound_mail(user):
        raise NotAllowed(gettext("Only owners and agents handle incoming mail."))
    return user


def list_inbound_mail(request: HttpRequest, filters: Query[StoredMailFilters]) -> list[InboundMail]:
    """Stored incoming mail, newest first (owners and agents)."""
    user = _mail_handler(request)
    if filters.status == InboundStatus.FAILED:
        mails = failed_mail(user)
    else:
        mails = InboundMail.objects.defer("raw").order_by("-created_at", "-id")
        if filters.status:
            mails = mails.filter(status=filters.status)
    return list(mails.select_related("case")[: filters.limit])


def get_inbound_mail(request: HttpRequest, mail_id: int) -> InboundMail:
    """One stored mail and what became of it (owners and agents)."""
    return access_inbound_mail(_mail_handler(request), mail_id)


def retry_inbound_mail(request: HttpRequest, mail_id: int) -> InboundMail:
    """Process a stored mail again, e.g. after a settings change (owners and agents), as
    the "Could not process" page's Retry does. Still failing: status "failed" and why."""
    return ingest.retry(access_inbound_mail(_mail_handler(request), mail_id, with_raw=True))


def make_router() -> Router:
    new_router = Router(
        tags=["incoming mail"],
        auth=[SignedWebhook(IntegrationKind.INBOUND_MAIL), MailServiceToken()],
    )
    new_router.add_api_operation(
        "/inbound-mail",
        ["POST"],
        post_inbound_mail,
        response={200: InboundMailOut, 201: InboundMailOut},
        summary="Post a raw incoming e-mail",
    )
    staff = [ApiTokenAuth(), WebSessionAuth()]
    new_router.add_api_operation(
        "/inbound-mail", ["GET"], list_inbound_mail, auth=staff,
        response={200: list[StoredMailOut], **error_responses(403, 422)},
        summary="List stored incoming mail",
    )  # fmt: skip
    new_router.add_api_operation(
        "/inbound-mail/{mail_id}", ["GET"], get_inbound_mail, auth=staff,
        response={200: StoredMailOut, **error_responses(403, 404)}, summary="One stored mail",
    )  # fmt: skip
    new_router.add_api_operation(
        "/inbound-mail/{mail_id}/retry", ["POST"], retry_inbound_mail, auth=staff,
        response={200: StoredMailOut, **error_responses(403, 404)},
        summary="Process a stored mail again",
    )  # fmt: skip
    return new_router


router = make_router()

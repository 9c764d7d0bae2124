"""POST /inbound-mail: raw MIME posted by a mail service (a forwarding rule, a
webhook relay). Authenticated with an owner's or agent's API token:
`Authorization: Bearer <key>`; the body is the mail itself, sent as
`message/rfc822` or `application/octet-stream`.

`router` is mounted on the project API; `make_router()` builds a fresh one
(a django-ninja router can be mounted on one API only).
"""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from rightthere.accounts.models import User
from rightthere.accounts.tokens import user_for_api_key
from rightthere.mail import ingest
from rightthere.mail.models import InboundMail, Source

ACCEPTED_TYPES = {"message/rfc822", "application/octet-stream"}


class MailServiceToken(HttpBearer):
    """An API token of an owner or agent (technicians and partners cannot post mail)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_api_key(token) if token else None
        if user is not None and not user.sees_all_cases:
            raise HttpError(403, "Only an owner's or agent's token can post incoming mail.")
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
        raise HttpError(415, "Send the raw mail as message/rfc822 or application/octet-stream.")
    raw = request.body
    if not raw.strip():
        raise HttpError(400, "The request body is empty: send the raw mail.")
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


def make_router() -> Router:
    new_router = Router(tags=["incoming mail"], auth=MailServiceToken())
    new_router.add_api_operation(
        "/inbound-mail",
        ["POST"],
        post_inbound_mail,
        response={200: InboundMailOut, 201: InboundMailOut},
        summary="Post a raw incoming e-mail",
    )
    return new_router


router = make_router()

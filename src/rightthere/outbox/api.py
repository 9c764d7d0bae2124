"""/api/outbox: every mail sent (or held) to customers and its delivery state, as the
Outbox page shows them (owners and agents)."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import can_manage_cases
from rightthere.core.api.schemas import error_responses
from rightthere.core.errors import NotAllowed
from rightthere.outbox.models import DeliveryStatus, MailKind, OutboundMail

router = Router(tags=["outbox"])


class OutboundMailOut(Schema):
    id: int
    case_id: int
    message_id: int = Field(description="The case message this mail carries.")
    kind: MailKind
    to_address: str
    subject: str
    status: DeliveryStatus = Field(description="queued, sent, retrying, failed or held.")
    attempts: int
    last_error: str = Field(description="Why the last attempt failed, if it did.")
    created_at: datetime
    sent_at: datetime | None


class OutboundMailDetail(OutboundMailOut):
    body_text: str
    body_html: str


class OutboxFilters(Schema):
    status: DeliveryStatus | None = Field(None, examples=["failed"])
    case_id: int | None = Field(None, ge=1, examples=[42])
    limit: int = Field(30, ge=1, le=200)


def _outbox(request: HttpRequest) -> QuerySet[OutboundMail]:
    if not can_manage_cases(current_user(request)):
        raise NotAllowed(gettext("Only owners and agents see all outgoing mail."))
    return OutboundMail.objects.order_by("-created_at", "-id")


@router.get("/outbox", response={200: list[OutboundMailOut], **error_responses(403, 422)})
def list_outbox(request: HttpRequest, filters: Query[OutboxFilters]) -> list[OutboundMail]:
    """Outgoing mail, newest first, with its delivery state (owners and agents)."""
    mails = _outbox(request).defer("body_text", "body_html")
    if filters.status:
        mails = mails.filter(status=filters.status)
    if filters.case_id:
        mails = mails.filter(case_id=filters.case_id)
    return list(mails[: filters.limit])


@router.get("/outbox/{mail_id}", response={200: OutboundMailDetail, **error_responses(403, 404)})
def get_outbound_mail(request: HttpRequest, mail_id: int) -> OutboundMail:
    """One outgoing mail as the customer receives it, and its delivery state."""
    mail = _outbox(request).filter(pk=mail_id).first()
    if mail is None:
        raise Http404("No such mail")
    return mail

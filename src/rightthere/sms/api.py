"""/api/sms: how texts are set up and the From number (owners, as the SMS screen), and
the texts sent to customers with their delivery state (owners and agents)."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.roles import check_owner
from rightthere.cases.access import can_manage_cases
from rightthere.core.api.schemas import Input, error_responses
from rightthere.core.errors import NotAllowed
from rightthere.sms import setup
from rightthere.sms.models import SmsKind, SmsMessage, SmsStatus

router = Router(tags=["sms"])


class SmsSetupOut(Schema):
    on: bool = Field(description="Whether SMS_BACKEND is set.")
    ready: bool = Field(description="On, with nothing missing: texts go out.")
    backend: str
    from_number: str
    from_number_source: str = Field(description="screen, environment or empty.")
    account_sid: str
    token_set: bool
    status_callback_url: str
    inbound_url: str = Field(description="Where the provider sends customers' STOP / START.")
    opted_out: int
    failed: int
    missing: list[str]


class FromNumberIn(Input):
    from_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)] = Field(
        examples=["+447700900001"], description="E.164 or as dialled here; empty: SMS_FROM_NUMBER."
    )


class SmsOut(Schema):
    id: int
    case_id: int
    message_id: int = Field(description="The case message this text goes with.")
    kind: SmsKind
    to_number: str
    from_number: str
    body: str
    status: SmsStatus
    provider_id: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    status_at: datetime | None


class SmsFilters(Schema):
    case_id: int | None = Field(None, ge=1, examples=[42])
    status: SmsStatus | None = None
    limit: int = Field(30, ge=1, le=200)


def _setup_out() -> dict[str, Any]:
    state = setup.sms_setup()
    data = {name: getattr(state, name) for name in SmsSetupOut.model_fields if name != "ready"}
    return {**data, "ready": state.ready}


@router.get("/sms/setup", response={200: SmsSetupOut, **error_responses(403)})
def sms_setup(request: HttpRequest) -> dict[str, Any]:
    """How texts are set up and what is missing (owners)."""
    check_owner(current_user(request), gettext("see the SMS set-up"))
    return _setup_out()


@router.put("/sms/from-number", response={200: SmsSetupOut, **error_responses(400, 403, 422)})
def set_from_number(request: HttpRequest, payload: FromNumberIn) -> dict[str, Any]:
    """The number texts come from (owners), as the SMS screen's form."""
    setup.set_from_number(current_user(request), payload.from_number)
    return _setup_out()


@router.get("/sms", response={200: list[SmsOut], **error_responses(403, 422)})
def list_sms(request: HttpRequest, filters: Query[SmsFilters]) -> list[SmsMessage]:
    """Texts sent to customers, newest first, with their delivery state (owners, agents)."""
    if not can_manage_cases(current_user(request)):
        raise NotAllowed(gettext("Only owners and agents see all texts."))
    found = SmsMessage.objects.order_by("-created_at", "-id")
    if filters.case_id:
        found = found.filter(case_id=filters.case_id)
    if filters.status:
        found = found.filter(status=filters.status)
    return list(found[: filters.limit])

"""POST /outgoing-mail/test: send a test mail through the configured mail server now
(owners), as the Outgoing mail screen's button; GET /outgoing-mail: how it is set up."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.roles import check_owner
from rightthere.core.api.schemas import Email, Input, error_responses
from rightthere.outbox import setup

router = Router(tags=["mail set-up"])


class TestMailIn(Input):
    to: Email = Field(examples=["owner@example.com"])


class TestMailOut(Schema):
    ok: bool
    detail: str


class OutgoingMailOut(Schema):
    sending: bool
    host: str
    port: int
    security: str
    username: str
    password_set: bool
    from_address: str
    held: int
    provider: str = Field(description='The mail provider sending and receiving through its '
                          'API (RIGHTTHERE_MAIL_PROVIDER), "" for SMTP and IMAP.')  # fmt: skip
    provider_label: str
    inbound_url: str = Field(description="The URL to paste in the provider's console for "
                             "incoming mail (the password shown as ****).")  # fmt: skip
    tracking_url: str = Field(description="The URL for its delivery and bounce reports.")
    provider_problems: list[str]


@router.get("/outgoing-mail", response={200: OutgoingMailOut, **error_responses(403)})
def outgoing_mail(request: HttpRequest) -> dict[str, Any]:
    """The outgoing mail server as set in the environment (owners)."""
    check_owner(current_user(request), gettext("see the outgoing mail set-up"))
    now = setup.outgoing_mail()
    return {name: getattr(now, name) for name in OutgoingMailOut.model_fields}


@router.post("/outgoing-mail/test", response={200: TestMailOut, **error_responses(403, 422)})
def send_test_mail(request: HttpRequest, payload: TestMailIn) -> dict[str, Any]:
    """Send a test mail now and say what the mail server answered (owners)."""
    report = setup.send_test_mail(current_user(request), to=payload.to)
    return {"ok": report.ok, "detail": report.detail}

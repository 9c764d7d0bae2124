"""Mailboxes through the API (owners): list, add, change, remove, and test the
connection, through the same `mail.setup` functions as the Mailboxes settings screen.
Passwords are never sent or stored: each mailbox names its environment variable."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.roles import check_owner
from rightthere.core.api.schemas import Input, error_responses
from rightthere.mail import setup
from rightthere.mail.access import access_mailbox
from rightthere.mail.models import Mailbox, Security

router = Router(tags=["mail set-up"])


class MailboxIn(Input):
    name: str = Field(max_length=100, examples=["Support"])
    host: str = Field(max_length=255, examples=["imap.example.com"])
    port: int = Field(993, ge=1, le=65535)
    security: Security = Security.SSL
    username: str = Field(max_length=255, examples=["support@example.com"])
    password_env: str = Field("", max_length=100, examples=["SUPPORT_MAIL_PASSWORD"])
    folder: str = Field("INBOX", max_length=255)
    processed_folder: str = Field("", max_length=255)
    active: bool = True


class MailboxUpdate(Input):
    name: str | None = Field(None, max_length=100)
    host: str | None = Field(None, max_length=255)
    port: int | None = Field(None, ge=1, le=65535)
    security: Security | None = None
    username: str | None = Field(None, max_length=255)
    password_env: str | None = Field(None, max_length=100)
    folder: str | None = Field(None, max_length=255)
    processed_folder: str | None = Field(None, max_length=255)
    active: bool | None = None


class MailboxOut(Schema):
    id: int
    name: str
    host: str
    port: int
    security: str
    username: str
    password_variable: str
    password_set: bool
    folder: str
    processed_folder: str
    active: bool
    last_error: str


class ConnectionOut(Schema):
    ok: bool
    error: str
    folders: list[str]
    messages: int
    unseen: int


def _out(box: Mailbox) -> dict[str, Any]:
    return {**{name: getattr(box, name) for name in setup.MAILBOX_FIELDS}, "id": box.pk,
            "password_variable": box.password_variable, "password_set": box.password() is not None,
            "last_error": box.last_error}  # fmt: skip


@router.get("/mailboxes", response={200: list[MailboxOut], **error_responses(403)})
def list_mailboxes(request: HttpRequest) -> list[dict[str, Any]]:
    """Every mailbox, with its password variable and whether it is set (owners)."""
    check_owner(current_user(request), gettext("see the mailboxes"))
    return [_out(box) for box in Mailbox.objects.all()]


@router.post("/mailboxes", response={201: MailboxOut, **error_responses(400, 403, 422)})
def add_mailbox(request: HttpRequest, payload: MailboxIn) -> tuple[int, dict[str, Any]]:
    """Add a mailbox to fetch customer mail from (owners)."""
    return 201, _out(setup.add_mailbox(current_user(request), **payload.model_dump()))


@router.patch("/mailboxes/{mailbox_id}",
              response={200: MailboxOut, **error_responses(400, 403, 404, 422)})  # fmt: skip
def change_mailbox(request: HttpRequest, mailbox_id: int, payload: MailboxUpdate) -> dict[str, Any]:
    """Change a mailbox (owners)."""
    actor = current_user(request)
    changes = payload.model_dump(exclude_unset=True, exclude_none=True)
    return _out(setup.change_mailbox(actor, access_mailbox(actor, mailbox_id), **changes))


@router.delete("/mailboxes/{mailbox_id}", response={204: None, **error_responses(403, 404)})
def delete_mailbox(request: HttpRequest, mailbox_id: int) -> tuple[int, None]:
    """Remove a mailbox; mail already taken in stays (owners)."""
    actor = current_user(request)
    setup.delete_mailbox(actor, access_mailbox(actor, mailbox_id))
    return 204, None


@router.post("/mailboxes/{mailbox_id}/test",
             response={200: ConnectionOut, **error_responses(403, 404)})  # fmt: skip
def test_connection(request: HttpRequest, mailbox_id: int) -> dict[str, Any]:
    """Log in to the mailbox over IMAP and report the folders and mail found, or what
    failed (owners), as the screen's Test connection button."""
    actor = current_user(request)
    report = setup.check_connection(actor, access_mailbox(actor, mailbox_id))
    return {"ok": report.ok, "error": report.error, "folders": report.folders,
            "messages": report.messages, "unseen": report.unseen}  # fmt: skip

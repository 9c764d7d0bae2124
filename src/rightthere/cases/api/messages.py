"""/api/cases/{id}/messages: the conversation on a case, and adding to it."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_case
from rightthere.cases.api.message_schemas import (
    MessageCreate,
    MessageOut,
    MessagePage,
    ReplyCrossedOut,
)
from rightthere.cases.models import Message
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import PageParams, error_responses
from rightthere.core.errors import ReplyCrossed
from rightthere.desk import messages as desk_messages
from rightthere.mail.access import with_sender_checks

router = Router(tags=["cases"])

MESSAGE_ORDER = (Key("created_at", kind=datetime), Key("id"))


@router.get("/{case_id}/messages", response={200: MessagePage, **error_responses(400, 404, 422)})
def list_messages(request: HttpRequest, case_id: int, page: Query[PageParams]) -> dict[str, Any]:
    """Messages and internal notes, oldest first."""
    case = access_case(current_user(request), case_id)
    messages = case.messages.select_related("author", "author_contact").prefetch_related(
        "attachments"
    )
    items, next_cursor = paginate(messages, MESSAGE_ORDER, cursor=page.cursor, limit=page.limit)
    with_sender_checks(items)
    return {"items": items, "next": next_cursor}


@router.post(
    "/{case_id}/messages",
    response={201: MessageOut, **error_responses(400, 403, 404, 422), 409: ReplyCrossedOut},
)
def add_message(
    request: HttpRequest, case_id: int, payload: MessageCreate
) -> tuple[int, Message | dict[str, Any]]:
    """Record a customer message, reply to the customer or add an internal note.

    A reply still holding a known canned-reply placeholder such as `{promise.due}`
    is refused (422, code `unfilled_placeholder`): fill it in first. A reply goes
    through the same steps as on the case page: mail, the reply check's findings,
    the recovery playbook, and its promises: the one given with it and, unless
    `read_promises` is false, each dated commitment read from its words ("we will
    send the engineer by Friday"), recorded once (source `read_from_reply`).

    A reply given with `seen_last_message_id` that crossed a reply by someone else or
    a customer message added since is not sent: 409 (code `reply_crossed`) lists them
    in `newer_messages`; send again with `confirmed: true`, or edit and send with the
    newest id. Without `seen_last_message_id` nothing is checked.
    """
    user = current_user(request)
    case = access_case(user, case_id)
    try:
        message = desk_messages.add_message(
            case,
            actor=user,
            direction=payload.direction,
            body_text=payload.body_text,
            body_html=payload.body_html,
            promise_what=payload.promise_what,
            promise_due=payload.promise_due,
            seen_last_message_id=payload.seen_last_message_id,
            confirmed=payload.confirmed,
            read_promises=payload.read_promises,
        )
    except ReplyCrossed as crossed:
        return 409, {
            "detail": crossed.message,
            "code": crossed.code,
            "newer_messages": crossed.newer,
        }
    return 201, message

"""Promises that need the customer told: moving one to a new date."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.desk.messages import send_reply
from rightthere.promises.actions import (
    check_renegotiation,
    draft_renegotiation,
    record_renegotiation,
)
from rightthere.promises.models import Promise


@transaction.atomic
def renegotiate_promise(
    promise: Promise,
    *,
    actor: User | None,
    new_due: datetime,
    message_text: str = "",
    now: datetime | None = None,
) -> Promise:
    """Move a promise to a new date by telling the customer; returns the new promise.

    In order: the promise's checks (the actor, its state, a future date; the
    promise is locked); the customer is always sent the message (the text
    given, or the drafted apology with the new date) as a reply, without the
    reply check since the desk wrote it; then the old promise is marked
    renegotiated (only when the message went out before its due time, else it
    was already broken) and the new promise is made against the message.
    """
    now = now or timezone.now()
    promise = check_renegotiation(promise, actor=actor, new_due=new_due, now=now)
    text = message_text.strip() or draft_renegotiation(promise, new_due)
    message = send_reply(promise.case, actor=actor, body_text=text, at=now, check_wording=False)
    return record_renegotiation(promise, actor=actor, new_due=new_due, message=message, now=now)

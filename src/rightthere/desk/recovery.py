"""The complaint-recovery steps that write to the customer: offering the options."""

from collections.abc import Sequence

from django.db import transaction

from rightthere.accounts.models import User
from rightthere.cases.models import Message
from rightthere.desk.messages import send_reply
from rightthere.recovery.actions import record_options_offered, store_options
from rightthere.recovery.models import Recovery


@transaction.atomic
def offer_options(recovery: Recovery, *, actor: User | None, labels: Sequence[str]) -> Message:
    """Offer the customer 1-4 ways to put it right, by message and on their status page.

    In order: the playbook checks and stores the options (replacing this
    round's); the message listing them, with the status-page link to choose,
    is sent as a reply, without the reply check since the desk wrote it; then
    step 2's event is recorded. Returns the message."""
    offered = store_options(recovery, actor=actor, labels=labels)
    message = send_reply(
        recovery.case, actor=actor, body_text=offered.text, at=offered.at, check_wording=False
    )
    record_options_offered(recovery, offered, actor=actor)
    return message

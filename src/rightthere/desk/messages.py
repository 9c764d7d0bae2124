"""Messages on a case: a reply to the customer, an internal note, a customer's message.

The case page, the API, the status page, mail intake and the domain jobs that
write to a customer all come here, so a reply records the same findings,
promises and mail whichever door sent it.
"""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.accounts.roles import check_manager, is_manager
from rightthere.canned.actions import refuse_unfilled
from rightthere.cases import actions as case_actions
from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Case, Direction, Message
from rightthere.cases.writing import lock_case
from rightthere.coach.actions import read_promises as commitments_in
from rightthere.coach.actions import record_sent_findings
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.customers.models import Contact
from rightthere.desk import triggers
from rightthere.desk.assigning import assign_case
from rightthere.desk.reactions import react_to_customer_message
from rightthere.notifications import actions as notifications
from rightthere.outbox.delivery import queue_mail
from rightthere.outbox.delivery import send_automatic_message as send_automatic_message
from rightthere.presence.collisions import refuse_crossed_reply
from rightthere.promises.actions import already_promised, keep_first_response, make_promise
from rightthere.promises.models import PromiseSource
from rightthere.recovery.actions import note_reply
from rightthere.webhooks import events as webhooks


@transaction.atomic
def send_reply(
    case: Case,
    *,
    actor: User | None,
    body_text: str,
    body_html: str = "",
    attachments: Sequence[NewAttachment] = (),
    promise_what: str = "",
    promise_due: datetime | None = None,
    at: datetime | None = None,
    check_wording: bool = True,
    seen_last_message_id: int | None = None,
    confirmed: bool = False,
    read_promises: bool = True,
) -> Message:
    """Reply to the customer, by mail (after commit) and on their status page.

    In order: a canned reply's unfilled `{placeholder}` is refused; the message
    is written (the first reply stops the first-response clock and keeps that
    promise); it is mailed; on a complaint, an apology without excuse completes
    the playbook's first step; the reply check's open findings are kept on the
    message (sending with findings is allowed); and the reply's promises are
    recorded against it: the one typed with it ("what" and "by when"), and the
    dated commitments read from its words ("we will send the engineer by Friday",
    read as the composer's promise chip reads them), one promise each. An owner or
    agent replying to a case nobody has takes it (`assign_case`, on its history).

    `read_promises=False`: the writer said the words are not a promise (the chip's
    "Not a promise"); only a typed promise is recorded. A typed promise stands for
    the first dated commitment (the one the chip shows, confirmed or edited), so it
    is not recorded twice. Nothing is recorded twice either when the same reply is
    sent again.

    `check_wording=False` for texts the desk wrote itself from a checked
    template (a renegotiation, the options of a complaint): neither checked nor
    read for promises, nor is a reply without a person (`actor=None`).

    `seen_last_message_id`: the last message the writer saw. When someone else
    replied or the customer wrote since, `ReplyCrossed` lists those messages and
    nothing is sent, unless `confirmed` (they read them and send anyway). Without
    it (older clients, the desk's own texts) nothing is checked."""
    refuse_unfilled(f"{body_text}\n{body_html}")
    if promise_what.strip() and promise_due is None:
        raise InvalidInput(
            gettext("Say by when: a promise needs a date.")
        )  # before anything is sent
    checked = False
    status_before = case.status
    if seen_last_message_id is not None and not confirmed:
        # Under the case's row lock: a reply sent at the same moment is written first
        # and then found here, instead of both going out.
        case = lock_case(case)
        refuse_crossed_reply(case, actor=actor, seen_last_message_id=seen_last_message_id)
        checked = True
    message = case_actions.record_message(
        case,
        actor=actor,
        direction=Direction.OUTBOUND,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments,
        at=at,
        locked=checked,
    )
    case = message.case
    if case.assignee_id is None and actor is not None and is_manager(actor):
        # Whoever answers an unassigned case has it (the status page already says
        # "Handled by" them); technicians and partners' people do not assign cases.
        case = message.case = assign_case(case, actor=actor, assignee=actor)
    if case.first_responded_at == message.created_at:  # this reply was the first
        keep_first_response(case, actor=actor, at=message.created_at)
    queue_mail(message)
    note_reply(case, message)
    if check_wording:
        record_sent_findings(message)
    _promise_with(message, actor=actor, what=promise_what, due=promise_due)
    if read_promises and check_wording and actor is not None:
        _promises_read_from(message, actor=actor, typed=bool(promise_what.strip()))
    webhooks.status_changed(case, status_before, actor=actor)
    triggers.status_changed(case, status_before)
    return message


@transaction.atomic
def add_note(
    case: Case,
    *,
    actor: User | None,
    body_text: str,
    body_html: str = "",
    attachments: Sequence[NewAttachment] = (),
    at: datetime | None = None,
) -> Message:
    """An internal note: staff see it on the case; the customer never does. The people
    it names (`@username` or `@First Last`) are notified."""
    message = case_actions.record_message(
        case,
        actor=actor,
        direction=Direction.NOTE,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments,
        at=at,
    )
    notifications.mentioned_in_note(message.case, message, actor=actor)
    return message


@transaction.atomic
def add_customer_message(
    case: Case,
    *,
    actor: User | None,
    body_text: str,
    body_html: str = "",
    author_contact: Contact | None = None,
    attachments: Sequence[NewAttachment] = (),
    at: datetime | None = None,
    reopen: bool = True,
    locked: bool = False,
) -> Message:
    """What the customer wrote (by mail, on the status page, or typed in by staff
    from a call): it reopens a waiting or solved case, and an upset one raises it.

    `actor` is the member of staff who typed it in, or None when the customer
    wrote it themselves; `locked` as for `cases.actions.record_message`. Only owners
    and agents take calls: a technician's words on his case are a note or a reply."""
    check_manager(actor, gettext("record a message as coming from the customer"))
    status_before = case.status
    message = case_actions.record_message(
        case,
        actor=actor,
        direction=Direction.INBOUND,
        body_text=body_text,
        body_html=body_html,
        author_contact=author_contact,
        attachments=attachments,
        at=at,
        reopen=reopen,
        locked=locked,
    )
    react_to_customer_message(message.case, message, actor=actor)
    notifications.customer_replied(message.case, message, actor=actor)
    webhooks.customer_replied(message.case, message, actor=actor)
    webhooks.status_changed(message.case, status_before, actor=actor)  # reopened
    triggers.customer_wrote(message.case, message)
    triggers.status_changed(message.case, status_before)
    return message


@transaction.atomic
def add_message(
    case: Case,
    *,
    actor: User | None,
    direction: str,
    body_text: str = "",
    body_html: str = "",
    attachments: Sequence[NewAttachment] = (),
    author_contact: Contact | None = None,
    promise_what: str = "",
    promise_due: datetime | None = None,
    at: datetime | None = None,
    seen_last_message_id: int | None = None,
    confirmed: bool = False,
    read_promises: bool = True,
) -> Message:
    """One of the three above, by direction (for doors that take it as a field);
    `seen_last_message_id`, `confirmed` and `read_promises` as for `send_reply` (a reply
    only)."""
    if direction == Direction.OUTBOUND:
        return send_reply(
            case,
            actor=actor,
            body_text=body_text,
            body_html=body_html,
            attachments=attachments,
            promise_what=promise_what,
            promise_due=promise_due,
            at=at,
            seen_last_message_id=seen_last_message_id,
            confirmed=confirmed,
            read_promises=read_promises,
        )
    if direction == Direction.NOTE:
        message = add_note(
            case,
            actor=actor,
            body_text=body_text,
            body_html=body_html,
            attachments=attachments,
            at=at,
        )
    elif direction == Direction.INBOUND:
        message = add_customer_message(
            case,
            actor=actor,
            body_text=body_text,
            body_html=body_html,
            author_contact=author_contact,
            attachments=attachments,
            at=at,
        )
    else:
        raise InvalidInput(gettext("Unknown message direction '%(value)s'.") % {"value": direction})
    _promise_with(message, actor=actor, what=promise_what, due=promise_due)
    return message


def _promise_with(message: Message, *, actor: User | None, what: str, due: datetime | None) -> None:
    """A promise typed with a message ("what" and "by when") is recorded against it."""
    if not what.strip():
        return
    if due is None:
        raise InvalidField("due_at", gettext("Say by when: a promise needs a date."))
    if already_promised(message.case, what=what, due_at=due):
        return  # the same message sent again
    make_promise(
        message.case,
        actor=actor,
        what=what.strip(),
        due_at=due,
        source=PromiseSource.REPLY,
        message=message,
    )


def _promises_read_from(message: Message, *, actor: User, typed: bool) -> None:
    """The reply's dated commitments become promises, as the composer's chip showed them
    (`coach.actions.read_promises`: the desk's time zone, opening hours and holidays, read
    at the moment it was sent). `typed`: a promise was typed with the reply; it stands
    for the first one."""
    sent_at = message.created_at
    dated = [c for c in commitments_in(message.body_text, now=sent_at) if c.due is not None]
    for commitment in dated[1:] if typed else dated:
        due = commitment.due
        if due is None or due <= sent_at or not commitment.what:
            continue
        if already_promised(
            message.case, what=commitment.what, due_at=due, reply_text=message.body_text
        ):
            continue
        make_promise(
            message.case,
            actor=actor,
            what=commitment.what,
            due_at=due,
            source=PromiseSource.READ_FROM_REPLY,
            message=message,
            now=sent_at,
        )

"""How a case reacts to what a customer writes: the coach reads it, the desk acts.

Shared by opening a case and adding a customer message, so both react the same.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Case, CaseEvent, Direction, Kind, Message
from rightthere.coach.actions import InboundNote, note_inbound_message
from rightthere.coach.upset import History
from rightthere.desk.priority import change_priority
from rightthere.notifications import actions as notifications
from rightthere.promises.models import Promise, PromiseState
from rightthere.recovery.actions import start_recovery
from rightthere.recovery.models import StartedBy


@dataclass(frozen=True)
class ReadMessage:
    noted: InboundNote
    events: list[CaseEvent]  # the raise's, not saved yet


def react_to_customer_message(case: Case, message: Message, actor: User | None = None) -> None:
    """Assess the message with the case's history; a flagged one is told to the assignee
    (or the owners); the first flagged one raises the case's priority a step and, when the
    owner chose so (off by default), makes it a complaint on the recovery playbook. A weak
    signal only shows on the case page as a suggestion. `actor`: who typed it in, if staff did.

    Runs in the caller's transaction with the case current and locked: it is
    changed in place."""
    noted = note_inbound_message(case, message, _history(case, message))
    if noted.raise_priority_to is not None:
        change_priority(case, actor=None, priority=noted.raise_priority_to, locked=True)
    act_on_note(case, noted, actor=actor)


def read_first_message(case: Case, message: Message, *, at: datetime) -> ReadMessage:
    """The message that opens a case, read as `react_to_customer_message` reads any other,
    while the case is being opened (`cases.actions.create_case`'s `more_events`): a raise
    is written before the first-answer promise is made, so that promise is made once for
    the raised due time, and the raise's events go into the opening's one INSERT. What
    else the note asks for is done once the case is open (`act_on_note`)."""
    noted = note_inbound_message(case, message, _history(case, message), opening=True)
    if noted.raise_priority_to is None:
        return ReadMessage(noted, [])
    return ReadMessage(
        noted, case_actions.raise_new_case(case, priority=noted.raise_priority_to, at=at)
    )


def act_on_note(case: Case, noted: InboundNote, actor: User | None = None) -> None:
    """The rest of the reaction, once the priority is raised: the people told of an upset
    customer, and the owner's choice of making a first flag a complaint."""
    if noted.sentiment.upset:
        notifications.customer_upset(case, actor=actor)
    if noted.mark_complaint:
        start_recovery(case, actor=None, started_by=StartedBy.SENTIMENT)
        case_actions.change_kind(case, actor=None, kind=Kind.COMPLAINT, locked=True)


def _history(case: Case, message: Message) -> History:
    """What the case says about the customer's patience: their messages since our
    last reply (this one included), promises to them broken, a late first answer."""
    unanswered = 0
    opening = case.created_at == message.created_at  # the message that opened it
    if not opening:  # (the queryset is not even built for a new case: ~0.1 ms a case)
        # One query: the latest directions, newest first; the leading customer ones count.
        latest = case.messages.order_by("-created_at", "-id").values_list("direction", flat=True)
        for direction in latest[:10]:
            if direction == Direction.OUTBOUND:
                break
            unanswered += direction == Direction.INBOUND
    due = case.first_response_due
    return History(
        unanswered=max(1, unanswered),  # this one at least
        broken_promises=Promise.objects.filter(case=case, state=PromiseState.BROKEN).count()
        if unanswered > 1  # a new case has no promise broken yet
        else 0,
        reply_overdue=case.first_responded_at is None
        and due is not None
        and due < (message.created_at or timezone.now()),
    )

"""How a case reacts to what a customer writes: the coach reads it, the desk acts.

Shared by opening a case and adding a customer message, so both react the same.
"""

from rightthere.cases import actions as case_actions
from rightthere.cases.models import Case, Kind, Message
from rightthere.coach.actions import note_inbound_message
from rightthere.recovery.actions import start_recovery
from rightthere.recovery.models import StartedBy


def react_to_customer_message(case: Case, message: Message) -> None:
    """Score the message; the first upset one raises the case's priority a step and,
    when the owner chose so, makes it a complaint on the recovery playbook.

    Runs in the caller's transaction with the case current and locked: it is
    changed in place."""
    noted = note_inbound_message(case, message)
    if noted.raise_priority_to is not None:
        case_actions.change_priority(
            case, actor=None, priority=noted.raise_priority_to, locked=True
        )
    if noted.mark_complaint:
        start_recovery(case, actor=None, started_by=StartedBy.SENTIMENT)
        case_actions.change_kind(case, actor=None, kind=Kind.COMPLAINT, locked=True)

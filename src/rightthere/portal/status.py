"""What the customer sees about their case: plain words, a person and a date."""

from dataclasses import dataclass
from datetime import datetime

from rightthere.cases.models import Case, Direction, Status
from rightthere.promises.models import Promise, PromiseState

CUSTOMER_STATUS = {
    Status.NEW: "Received",
    Status.OPEN: "We are working on it",
    Status.WAITING_US: "We are working on it",
    Status.WAITING_CUSTOMER: "Waiting for your answer",
    Status.SOLVED: "Solved",
    Status.CLOSED: "Closed",
}


@dataclass(frozen=True)
class CustomerStatus:
    label: str
    handler: str
    next_step: str
    next_date: datetime | None


def handler_name(case: Case) -> str:
    """Who has the case: its assignee, else the person who last replied to the
    customer, else the team."""
    person = case.assignee
    if person is None and case.first_responded_at is not None:  # no reply yet, no query
        last_reply = (
            case.messages.filter(
                direction=Direction.OUTBOUND, automatic=False, author__isnull=False
            )
            .select_related("author")
            .order_by("-created_at", "-id")
            .first()
        )
        person = last_reply.author if last_reply is not None else None
    if person is not None:
        return person.first_name or person.display_name
    return "our customer service team"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def next_promise(case: Case) -> Promise | None:
    """The next thing we promised this customer, soonest first. A promise typed
    with an internal note is the team's own reminder: its words are the note's
    and stay inside (issue #16)."""
    return (
        case.promises.filter(state=PromiseState.OPEN)
        .exclude(message__direction=Direction.NOTE)
        .order_by("due_at")
        .first()
    )


def customer_status(case: Case) -> CustomerStatus:
    who = handler_name(case)
    if case.status in (Status.SOLVED, Status.CLOSED):
        step = "Nothing more to do. If something is still not right, reply below and we reopen it."
        when = None
    elif case.status == Status.WAITING_CUSTOMER:
        step, when = "We need your answer to the last message to carry on.", None
    elif (promise := next_promise(case)) is not None:
        step, when = (
            f"{who[:1].upper()}{who[1:]} will {_lower_first(promise.what)} by",
            promise.due_at,
        )
    elif case.first_responded_at is None:
        step, when = f"{who[:1].upper()}{who[1:]} will answer you by", case.first_response_due
    else:
        step, when = "We aim to have this resolved by", case.resolution_due
    return CustomerStatus(
        label=CUSTOMER_STATUS[Status(case.status)], handler=who, next_step=step, next_date=when
    )

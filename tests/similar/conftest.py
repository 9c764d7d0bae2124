"""A small hand-made desk of solved cases (boilers, gutters, invoices, ...) to look up from.

Each solved case is opened with the customer's words, answered with a reply
that says how it was fixed, and marked solved by the agent, all through the
case actions, so the search index holds exactly what a real desk would.
"""

from dataclasses import dataclass, field

import pytest
from django.test import Client

from rightthere.accounts.models import User
from rightthere.accounts.tokens import create_api_token
from rightthere.cases.models import Case, Direction, Status
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from tests.factories import make_case
from tests.world import people_of

# name: (subject, the customer's first message, our reply)
SOLVED = {
    "boiler-pressure": (
        "Boiler losing pressure",
        "The pressure gauge on our boiler drops below one bar every night and the heating "
        "goes off.",
        "We replaced the expansion vessel and repressurised the boiler to 1.5 bar.",
    ),
    "boiler-pressure-2": (
        "Boiler pressure keeps dropping",
        "Boiler pressure falls overnight, I have to top it up with the filling loop.",
        "The pressure relief valve was dripping; we fitted a new one.",
    ),
    "boiler-f28": (
        "Boiler shows error F28",
        "No hot water, the boiler display says F28 ignition failure.",
        "The gas valve was half closed; we opened it and reset the boiler.",
    ),
    "gutter-overflow": (
        "Gutter overflowing at the back",
        "When it rains the gutter overflows onto the patio.",
        "Cleared leaves and moss from the gutter and the downpipe.",
    ),
    "gutter-blocked": (
        "Blocked gutter and downpipe",
        "Rain pours over the gutter, I think the downpipe is blocked.",
        "Downpipe unblocked, gutter flushed and tested with a hose.",
    ),
    "invoice-twice": (
        "Invoice paid twice",
        "My card was charged twice for invoice 1043, please refund one payment.",
        "Sorry about that: the duplicate payment has been refunded to your card.",
    ),
    "invoice-vat": (
        "VAT on invoice",
        "Could you send an invoice showing the VAT separately for our accounts?",
        "Attached is the invoice with VAT shown on its own line.",
    ),
    "washer-drain": (
        "Washing machine not draining",
        "The washing machine stops with water left in the drum.",
        "A sock was stuck in the drain pump filter; cleared and tested.",
    ),
    "door-lock": (
        "Front door lock stiff",
        "The key is hard to turn in the front door lock.",
        "Lubricated the lock and adjusted the keeper on the frame.",
    ),
}


def solved_case(
    subject: str,
    body: str,
    reply: str = "",
    *,
    solver: User | None = None,
    assignee: User | None = None,
    note: str = "",
    status: str = Status.SOLVED,
) -> Case:
    """A case opened with the customer's words, answered, and solved (by `solver`)."""
    # A subcontractor assignee hands the case to their company as it opens.
    case = make_case(subject=subject, body=body, assignee=assignee)
    if reply:
        desk_messages.add_message(case, actor=solver, direction=Direction.OUTBOUND, body_text=reply)
    if note:
        desk_messages.add_message(case, actor=solver, direction=Direction.NOTE, body_text=note)
    return casework.change_status(case, actor=solver, status=status)


@dataclass
class Desk:
    solved: dict[str, Case]
    still_open: Case
    extra: dict[str, Case] = field(default_factory=dict)

    def name_of(self, case_id: int) -> str:
        names = {case.pk: name for name, case in {**self.solved, **self.extra}.items()}
        return names.get(case_id, f"other case {case_id}")


@pytest.fixture
def desk(agent):
    """The hand-made solved cases, all solved by the agent, and one that is still open."""
    solved = {
        name: solved_case(subject, body, reply, solver=agent)
        for name, (subject, body, reply) in SOLVED.items()
    }
    still_open = make_case(
        subject="Boiler losing pressure again",
        body="The boiler pressure drops below one bar again every night.",
    )
    return Desk(solved=solved, still_open=still_open)


@pytest.fixture
def role_desk(owner, agent, technician, subcontractor):
    """Per role: a case they look from, solved boiler cases they may and may not see.

    - the technician's own solved boiler case, and one of the subcontractor's;
    - the open case each looks from is their own (assigned, or handed to their company).
    """
    mine = solved_case(
        "Boiler losing pressure",
        "Pressure on the boiler drops every night.",
        "Replaced the expansion vessel.",
        solver=agent,
        assignee=technician,
    )
    theirs = solved_case(
        "Boiler pressure dropping",
        "The boiler loses pressure overnight.",
        "Fitted a new pressure relief valve.",
        solver=agent,
        assignee=subcontractor,
    )
    office = solved_case(
        "Boiler pressure low",
        "Boiler pressure is low in the mornings.",
        "Topped up the pressure and checked for leaks.",
        solver=agent,
    )
    look_from = {
        role: make_case(
            subject="Boiler keeps losing pressure",
            body="Every night the boiler pressure drops below one bar.",
            assignee=person,
        )
        for role, person in (
            ("owner", None),
            ("agent", None),
            ("technician", technician),
            ("subcontractor", subcontractor),
        )
    }
    people = people_of(owner, agent, technician, subcontractor)
    return {"people": people, "look_from": look_from, "technician_case": mine,
            "subcontractor_case": theirs, "office_case": office}  # fmt: skip


@pytest.fixture
def api_client():
    """A client carrying the user's API token: `api_client(agent).get(...)`."""

    def for_user(user: User) -> Client:
        _, key = create_api_token(user, "tests")
        return Client(headers={"authorization": f"Bearer {key}"})

    return for_user

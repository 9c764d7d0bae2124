"""What a demo conversation is made of: a topic, its variants, and several
wordings for each step of the story.

A case's story is played step by step (see `story.py`). Each step picks one
of the wordings for that step and fills in the blanks ({first}, {agent},
{tech}, {day}, {window}, {part}...). A variant (one particular problem within
the topic) can bring its own facts and its own wordings for any step. A
story with no `question` wordings never waits on the customer; one with no
`wait_note` wordings never waits on us.
"""

from dataclasses import dataclass, field

from rightthere.cases.models import Kind, Priority
from rightthere.cases.models.case import WaitingReason

Wordings = tuple[str, ...]
STEPS = (
    "first_reply",  # outbound: acknowledgement with a dated next step
    "question",  # outbound: we need something from the customer
    "answer",  # inbound: the customer answers
    "wait_note",  # note: what we are waiting for (a part, a supplier)
    "promise",  # outbound: a dated commitment while we wait
    "work_note",  # note: what was done, by whoever did it
    "resolution",  # outbound: the work is done
    "thanks",  # inbound: thanks or feedback before the case is solved
)


@dataclass(frozen=True)
class Variant:
    subject: str
    opening: str  # inbound: the customer's first message
    facts: dict[str, Wordings] = field(default_factory=dict)
    # Wordings for this variant only, by step name; the topic's are used otherwise.
    own: dict[str, Wordings] = field(default_factory=dict)


@dataclass(frozen=True)
class Topic:
    key: str
    kind: str
    variants: tuple[Variant, ...]
    first_reply: Wordings
    resolution: Wordings
    question: Wordings = ()
    answer: Wordings = ()
    wait_note: Wordings = ()
    promise: Wordings = ()
    work_note: Wordings = ()
    thanks: Wordings = ()
    # Who works on it: "technician", "agent" or "owner".
    handler: str = "technician"
    priorities: dict[str, int] = field(
        default_factory=lambda: {Priority.LOW: 1, Priority.NORMAL: 6, Priority.HIGH: 2}
    )
    tags: tuple[str, ...] = ()
    facts: dict[str, Wordings] = field(default_factory=dict)
    weight: int = 10  # how often the topic comes up
    department: str = ""  # asked by this internal customer (a department of the business)
    # Only these customers ask about it (landlords, say); anyone may when empty.
    customers: tuple[str, ...] = ()
    # A subcontractor may take the work as overflow (plumbing, heating).
    overflow: bool = False
    # Needs a visit, so it cannot be finished within hours of the first call.
    visit: bool = True
    # How often we need to ask the customer something (1.0: a quote to accept,
    # or a complaint where the customer chooses how we put it right).
    asks: float = 0.4
    # What the case waits for when it waits on the customer, or on us; and what
    # we then promise the customer, by the day we give them.
    waiting_on_customer: str = WaitingReason.INFORMATION
    waiting_on_us: str = WaitingReason.PART
    promise_what: str = "Fit the new {part}"
    # A complaint: its story follows the recovery playbook, offering these options.
    recovery_options: Wordings = ()

    @property
    def internal(self) -> bool:
        return bool(self.department)

    def wordings(self, variant: Variant, step: str) -> Wordings:
        assert step in STEPS, step
        if step in variant.own:
            return variant.own[step]
        wordings: Wordings = getattr(self, step)
        return wordings


REPAIR = Kind.REPAIR
REQUEST = Kind.REQUEST
QUESTION = Kind.QUESTION
COMPLAINT = Kind.COMPLAINT

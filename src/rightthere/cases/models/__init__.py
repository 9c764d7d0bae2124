from rightthere.cases.models.case import (
    CUSTOMER_REASONS,
    OPEN_STATUSES,
    OUR_BLOCKERS,
    Case,
    Channel,
    Kind,
    Priority,
    Status,
    Tag,
    WaitingReason,
)
from rightthere.cases.models.event import CaseEvent, EventKind
from rightthere.cases.models.message import Attachment, Direction, Message
from rightthere.cases.models.targets import BusinessHours, Holiday, PriorityTarget

__all__ = [
    "CUSTOMER_REASONS",
    "OPEN_STATUSES",
    "OUR_BLOCKERS",
    "WaitingReason",
    "Attachment",
    "BusinessHours",
    "Case",
    "CaseEvent",
    "Channel",
    "Direction",
    "EventKind",
    "Holiday",
    "Kind",
    "Message",
    "Priority",
    "PriorityTarget",
    "Status",
    "Tag",
]

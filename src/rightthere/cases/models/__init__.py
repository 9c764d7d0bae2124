from rightthere.cases.models.case import (
    OPEN_STATUSES,
    Case,
    Channel,
    Kind,
    Priority,
    Status,
    Tag,
)
from rightthere.cases.models.event import CaseEvent, EventKind
from rightthere.cases.models.message import Attachment, Direction, Message
from rightthere.cases.models.targets import BusinessHours, Holiday, PriorityTarget

__all__ = [
    "OPEN_STATUSES",
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

from rightthere.field.models.choosing import DayMessageKind, VisitDayMessage, VisitOffer
from rightthere.field.models.feeds import CalendarFeed
from rightthere.field.models.parts import Part, PartOrder, PartOrderStatus, PartUse, Vendor
from rightthere.field.models.people import (
    FeeKind,
    FieldSettings,
    PartnerProfile,
    Skill,
    SlipPolicy,
    TechnicianProfile,
    TimeOff,
    WorkingHours,
)
from rightthere.field.models.visits import (
    ACTIVE_STATUSES,
    LEGACY_ROOT_CAUSES,
    Outcome,
    ReturnReason,
    RootCause,
    Visit,
    VisitStatus,
)

__all__ = [
    "ACTIVE_STATUSES",
    "CalendarFeed",
    "DayMessageKind",
    "LEGACY_ROOT_CAUSES",
    "FeeKind",
    "FieldSettings",
    "Outcome",
    "Part",
    "PartOrder",
    "PartOrderStatus",
    "PartUse",
    "PartnerProfile",
    "ReturnReason",
    "RootCause",
    "Skill",
    "SlipPolicy",
    "TechnicianProfile",
    "TimeOff",
    "Visit",
    "VisitDayMessage",
    "VisitOffer",
    "VisitStatus",
    "Vendor",
    "WorkingHours",
]

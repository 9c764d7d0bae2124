"""Request and response shapes for visits, parts, slot proposals, the board and quality."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

from rightthere.core.api.schemas import Address, Id, Input, NamedRef, UserRef
from rightthere.field.models import Outcome, PartOrderStatus, ReturnReason, RootCause, VisitStatus

Note = Annotated[str, StringConstraints(max_length=5000)]
Minutes = Annotated[int, Field(ge=15, le=720, description="15 minutes to 12 hours.")]
Quantity = Annotated[int, Field(ge=1, le=1000)]


class SkillOut(Schema):
    id: int
    name: str


class VisitOut(Schema):
    id: int
    case_id: int
    technician: UserRef | None
    partner: NamedRef | None
    partner_fee: Decimal | None
    skill: SkillOut | None
    starts_at: datetime
    ends_at: datetime
    address: str
    status: VisitStatus
    outcome: Outcome | Literal[""]
    return_reason: ReturnReason | Literal[""]
    root_cause: NamedRef | None = Field(
        description="From the owner's list of root causes (Settings → Root causes, "
        "/api/root-causes), set with return needed."
    )
    outcome_note: str
    return_of_id: int | None
    waits_for_id: int | None
    promise_id: int | None
    needs_rebooking: bool
    sequence: int
    expected_at: datetime | None = Field(
        None, description="On the way: when the technician expects to be there."
    )


class VisitCreate(Input):
    starts_at: datetime
    duration_minutes: Minutes = 60
    technician_id: Id | None = None
    partner_id: Id | None = None
    skill_id: Id | None = None
    address: Address = ""


class VisitStatusChange(Input):
    status: Literal["confirmed", "on_the_way", "missed", "cancelled"]


class PartUsed(Input):
    part_id: Id
    quantity: Quantity = 1


class PartUseIn(PartUsed):
    note: Annotated[str, StringConstraints(max_length=500)] = Field(
        default="", examples=["Old valve left with the customer"]
    )


class PartRef(Schema):
    id: int
    sku: str
    name: str


class PartUseOut(Schema):
    id: int
    visit_id: int
    part: PartRef
    quantity: int
    note: str
    used_at: datetime


class OutcomeRecord(Input):
    outcome: Outcome
    return_reason: ReturnReason | Literal[""] = ""
    root_cause_id: Id | None = Field(
        default=None,
        description="With return needed: a root cause offered in the owner's list "
        "(GET /api/root-causes).",
    )
    root_cause: Annotated[str, StringConstraints(max_length=100)] = Field(
        default="",
        description="Instead of root_cause_id: the root cause's name, or (kept for older "
        "clients for a while) one of the old fixed values office, vendor, diagnosis, "
        "technician, customer, mapped onto the owner's list (Office or order error, Vendor, "
        "Diagnosis, Technician, Customer).",
    )
    note: Note = ""
    parts_used: Annotated[list[PartUsed], Field(max_length=50)] = []
    early: bool = Field(
        default=False,
        description="The visit was done before its booked day: needed to record an outcome "
        "before that day.",
    )


class SlotChoice(Input):
    kind: Literal["technician", "partner"]
    id: Id
    starts_at: datetime


class ReturnProposalRequest(Input):
    part_id: Id
    expected_arrival: datetime | None = Field(
        None, description="When the part is due; leave out for the vendor's lead time."
    )
    skill_id: Id | None = None
    duration_minutes: Minutes | None = None
    count: Annotated[int, Field(ge=1, le=20)] = 3


class ReturnBookingRequest(Input):
    part_id: Id
    quantity: Quantity = 1
    expected_arrival: datetime | None = None
    skill_id: Id | None = None
    duration_minutes: Minutes | None = None
    slot: SlotChoice | None = Field(None, description="Leave out to book the earliest slot.")


class SlotProposalRequest(Input):
    case_id: Id
    skill_id: Id | None = None
    duration_minutes: Minutes = 60
    earliest: datetime | None = None
    deadline: datetime | None = None
    count: Annotated[int, Field(ge=1, le=20)] = 3


class SlotOut(Schema):
    kind: Literal["technician", "partner"]
    id: int
    name: str
    starts_at: datetime
    ends_at: datetime
    load_after_percent: int


class ProposalOut(Schema):
    slots: list[SlotOut]
    overflow: bool
    message: str


class ReassignRequest(Input):
    technician_id: Id | None = None
    partner_id: Id | None = None


Reason = Annotated[str, StringConstraints(max_length=1000)]


class RescheduleRequest(Input):
    slot: SlotChoice
    reason: Reason = Field("", description="Told to the customer with the new date.")


class CancelRequest(Input):
    reason: Reason = Field(description="Why the visit is cancelled; the customer reads it.")


class PartOut(Schema):
    id: int
    sku: str
    name: str
    vendor: NamedRef
    cost: Decimal
    stock_on_hand: int
    reorder_level: int
    lead_time_days: int
    is_low: bool


class PartOrderOut(Schema):
    id: int
    case_id: int
    part: PartOut
    quantity: int
    vendor: NamedRef
    unit_cost: Decimal
    ordered_at: datetime
    expected_arrival: datetime
    received_at: datetime | None
    status: PartOrderStatus
    wrong_part: bool
    defective: bool
    root_cause: str
    for_failed_visit_id: int | None


class PartOrderCreate(Input):
    part_id: Id
    quantity: Quantity = 1
    expected_arrival: datetime | None = None
    vendor_id: Id | None = Field(
        default=None,
        description="Order from this vendor (GET /api/vendors) instead of the part's own, as "
        "the order form's Vendor; an unknown id is refused.",
    )


class PartOrderUpdate(Input):
    expected_arrival: datetime | None = None
    wrong_part: bool | None = None
    defective: bool | None = None
    root_cause: RootCause | None = None


class ReturnBookingOut(Schema):
    failed_visit: VisitOut
    order: PartOrderOut
    visit: VisitOut
    promise_id: int
    message_id: int


class BoardVisitOut(Schema):
    id: int
    case_id: int
    case_reference: str
    customer: str
    starts_at: datetime
    ends_at: datetime
    status: VisitStatus


class DayLoadOut(Schema):
    day: date
    working_minutes: int
    booked_minutes: int
    load_percent: int | None
    slack_minutes: int
    bookable_minutes: int
    overloaded: bool
    visit_ids: list[int]
    visits: list[BoardVisitOut]


class TechnicianRowOut(Schema):
    kind: Literal["technician", "partner"]
    id: int
    name: str
    days: list[DayLoadOut]


class BoardOut(Schema):
    start: date
    days: list[date]
    max_load_percent: int
    rows: list[TechnicianRowOut]
    partner_visit_ids: list[int]
    needs_rebooking_ids: list[int]
    unplaced_visit_ids: list[int]


class CountOut(Schema):
    key: str
    count: int


class RootCauseCountOut(Schema):
    id: int | None = Field(description="The root cause in the owner's list; null: none given.")
    key: str = Field(description="Its name.")
    count: int


class VendorQualityOut(Schema):
    vendor_id: int
    vendor: str
    orders: int
    wrong: int
    defective: int
    bad_rate: float


class QualityOut(Schema):
    start: datetime
    end: datetime
    cases: int
    first_time: int
    right_first_time_rate: float | None
    not_first_time_by_root_cause: list[RootCauseCountOut]
    returns_by_reason: list[CountOut]
    returns_by_root_cause: list[RootCauseCountOut]
    extra_visits: int
    extra_visit_hours: Decimal
    extra_visit_cost: Decimal
    reordered_parts_cost: Decimal
    rework_cost: Decimal
    vendors: list[VendorQualityOut]


class CalendarFeedOut(Schema):
    """The address a phone's calendar subscribes to; the secret in it is the only key."""

    url: str
    webcal_url: str
    created_at: datetime
    last_fetched_at: datetime | None


class VisitOfferRequest(Input):
    skill_id: Id | None = None
    duration_minutes: Minutes = 60
    address: Address = ""


class VisitOfferOut(Schema):
    id: int
    case_id: int
    skill: SkillOut | None
    duration_minutes: int
    created_at: datetime
    closed_at: datetime | None
    visit_id: int | None
    slots: list[SlotOut] = Field(description="The times the customer is offered now.")


class OnMyWayRequest(Input):
    eta_minutes: Annotated[int, Field(ge=1, le=240, description="Minutes until you are there.")]


class RunningLateRequest(Input):
    minutes: Annotated[int, Field(ge=1, le=240, description="How much later the window starts.")]

"""Request and response shapes for cases and their timeline events."""

from datetime import datetime
from typing import Annotated, Literal

from django.utils.translation import gettext
from ninja import Schema
from pydantic import Field, field_validator

from rightthere.cases.models import (
    Case,
    Channel,
    Direction,
    EventKind,
    Kind,
    Priority,
    Status,
    WaitingReason,
)
from rightthere.core.api.schemas import (
    Id,
    Input,
    MessageHtml,
    MessageText,
    NamedRef,
    NotNull,
    SearchText,
    Subject,
    Tags,
    UserRef,
)
from rightthere.customers.api.schemas import CustomerCreate
from rightthere.inbox import VIEWS_BY_SLUG, InboxFilters


class CaseCreate(Input):
    subject: Subject
    customer_id: Id | None = Field(
        None,
        description="The customer; may be left out when contact_id or new_customer is given.",
    )
    contact_id: Id | None = None
    new_customer: CustomerCreate | None = Field(
        None,
        description=(
            "A customer to create for this case (as POST /api/customers takes it), instead "
            "of customer_id. Refused with 409 (code customer_exists) when its contact's "
            "e-mail or phone number is an existing customer's; see allow_duplicate_customer."
        ),
    )
    allow_duplicate_customer: bool = Field(
        False,
        description=(
            "Create new_customer even when an existing customer has its e-mail or phone "
            "number. Without it that answer is 409 naming the customer: send its id as "
            "customer_id to use them instead."
        ),
    )
    channel: Channel = Channel.API
    kind: Kind = Kind.QUESTION
    priority: Priority = Priority.NORMAL
    assignee_id: Id | None = None
    team_id: Id | None = None
    tags: Tags = Field(default_factory=list)
    direction: Direction = Field(Direction.INBOUND, description="Who wrote the first message.")
    body_text: MessageText = Field("", description="The first message, as plain text.")
    body_html: MessageHtml = Field("", description="The first message as HTML (sanitised).")
    address: str | None = Field(
        None,
        max_length=1000,
        description=(
            "Where a visit for this case goes: saved as the customer's address (a visit "
            "booked without one of its own takes it). Left out: the customer's stays."
        ),
    )


class ExistingCustomerOut(Schema):
    id: int
    name: str
    open_cases: int = Field(description="Their cases not solved or closed.")
    matched_by: Literal["email", "phone"] = Field(
        description="Which of new_customer's details an existing contact has."
    )


class CustomerExistsOut(Schema):
    """409: new_customer's e-mail or phone number is an existing customer's."""

    detail: str
    code: str = Field(description="customer_exists")
    customer: ExistingCustomerOut = Field(
        description="Send its id as customer_id to open the case for them, or send "
        "allow_duplicate_customer: true to create the new customer anyway."
    )


class CaseUpdate(Input):
    """Only the fields present are changed; each change is recorded on the timeline."""

    status: Annotated[Status | None, NotNull] = None
    priority: Annotated[Priority | None, NotNull] = None
    kind: Annotated[Kind | None, NotNull] = None
    subject: Annotated[Subject | None, NotNull] = None
    tags: Annotated[Tags | None, NotNull] = None
    assignee_id: Id | None = Field(None, description="null to unassign.")
    team_id: Id | None = Field(None, description="null to take the case off its team.")
    partner_id: Id | None = Field(
        None,
        description=(
            "Hand the case to a partner company (its users then see it); the assignee stays. "
            "null to take it back."
        ),
    )
    waiting_reason: WaitingReason | None = Field(
        None,
        description=(
            "Required with status waiting_customer (information, approval, access, payment) "
            "and waiting_us (part, vendor, other_team, internal_department)."
        ),
    )
    promise_due: datetime | None = Field(
        None, description="With waiting_us: the date promised to the customer."
    )
    cancel_visits: bool = Field(
        False,
        description=(
            "With status solved or closed: cancel the case's booked visits whose day has not "
            "come yet (the customer is told). Without it such a visit refuses the change "
            "with 409 (code visit_booked), naming its date."
        ),
    )
    version: int | None = Field(
        None, ge=1, description="The version you last saw; an older one is refused with 409."
    )


class CaseFilters(Schema):
    view: str = Field(
        "all",
        description="An inbox view.",
        json_schema_extra={"enum": list(VIEWS_BY_SLUG)},
    )
    status: Status | None = None
    priority: Priority | None = None
    kind: Kind | None = None
    team: Id | None = None
    assignee: Id | None = None
    audience: Literal["internal", "external"] | None = None
    q: SearchText = Field(
        "",
        description="Search: words in subjects and messages, a case reference, or the"
        " customer's or a contact's name, e-mail or phone number (or part of it).",
    )

    @field_validator("view")
    @classmethod
    def _known_view(cls, value: str) -> str:
        if value not in VIEWS_BY_SLUG:
            raise ValueError(
                gettext("must be one of: %(views)s") % {"views": ", ".join(VIEWS_BY_SLUG)}
            )
        return value

    def inbox_filters(self) -> InboxFilters:
        return InboxFilters(
            status=self.status or "",
            priority=self.priority or "",
            kind=self.kind or "",
            team=self.team,
            assignee=self.assignee,
            audience=self.audience or "",
        )


class CaseOut(Schema):
    id: int
    reference: str
    subject: str
    status: Status
    priority: Priority
    kind: Kind
    channel: Channel
    internal: bool
    customer: NamedRef
    contact: NamedRef | None
    assignee: UserRef | None
    team: NamedRef | None
    partner: NamedRef | None
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    first_response_due: datetime | None
    resolution_due: datetime | None
    first_responded_at: datetime | None
    solved_at: datetime | None
    closed_at: datetime | None
    next_due_at: datetime | None
    waiting_reason: WaitingReason | None
    waiting_since: datetime | None
    version: int

    @staticmethod
    def resolve_waiting_reason(case: Case) -> str | None:
        return case.waiting_reason or None

    @staticmethod
    def resolve_tags(case: Case) -> list[str]:
        # Read prefetched tags straight from the cache: `case.tags` builds a related
        # manager on every access, which costs more than the list it answers.
        prefetched = getattr(case, "_prefetched_objects_cache", {}).get("tags")
        return [tag.name for tag in (case.tags.all() if prefetched is None else prefetched)]


class CustomerWithEmail(NamedRef):
    email: str = Field(
        description="The e-mail of the case's contact, else the first one among the "
        "customer's contacts; empty when none has one."
    )


class CaseListItem(CaseOut):
    customer: CustomerWithEmail
    unread: bool = Field(
        description="The customer wrote since you last opened the case (or you never did), "
        "and you have not written on it since."
    )

    @staticmethod
    def resolve_customer(case: Case) -> dict[str, object]:
        customer = case.customer
        email = case.customer_email  # type: ignore[attr-defined]
        return {"id": customer.pk, "name": customer.name, "email": email}


class CasePage(Schema):
    items: list[CaseListItem]
    next: str | None = Field(description="Cursor of the next page; null on the last page.")


class EventOut(Schema):
    id: int
    kind: EventKind
    field: str
    before: str
    after: str
    actor: UserRef | None
    actor_name: str
    created_at: datetime


class EventPage(Schema):
    items: list[EventOut]
    next: str | None

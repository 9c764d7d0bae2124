"""Request and response shapes of the insights API."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils.translation import gettext
from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from rightthere.cases.models import Channel, Kind
from rightthere.core.api.schemas import Id, Input, NotNull
from rightthere.insights.kpis.period import WEEK_CHOICES
from rightthere.insights.models import AbsenceKind, PickBy, RelationshipStatus


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(gettext("must not contain NUL characters"))
    return value


Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    AfterValidator(_no_nul),
]
Notes = Annotated[str, StringConstraints(max_length=5000), AfterValidator(_no_nul)]
Status = Literal["good", "lost", "none", "bad"]


def _week_choice(value: int) -> int:
    if value not in WEEK_CHOICES:
        raise ValueError(gettext("must be 4, 12, 26 or 52"))
    return value


class PeriodParams(Schema):
    weeks: Annotated[int, AfterValidator(_week_choice)] = Field(
        12, description="Whole weeks (4, 12, 26 or 52), ending with this one."
    )
    audience: Literal["all", "external", "internal"] = "all"


class FigureOut(Schema):
    key: str
    label: str
    unit: str
    value: float | None
    count: int
    target: float | None
    better: Literal["lower", "higher"]
    waiting_on: str = Field(description="The app whose data this figure still waits for, if any.")
    columns: list[str]
    rows: list[list[Any]]
    extra: dict[str, Any]


class DashboardOut(Schema):
    weeks: int
    audience: str
    start: datetime
    end: datetime
    figures: list[FigureOut]


class SignOut(Schema):
    key: str
    label: str
    unit: str
    explanation: str
    value: float | None
    amber: float
    red: float
    level: Literal["ok", "amber", "red", "waiting"]
    waiting_on: str
    link: str
    series: list[tuple[date, float]]


class ChangeOut(Schema):
    before: str
    after: str
    source: str
    reason: str
    actor: str | None
    at: datetime


class RelationshipOut(Schema):
    customer_id: int | None
    partner_id: int | None
    name: str
    status: Status
    suggested_action: str
    computed_status: Status
    computed_reason: str
    override_status: Status | None
    override_reason: str
    abusive: bool
    unpaid: bool
    gone: bool
    internal: bool
    last_work_at: datetime | None
    last_personal_contact_at: datetime | None
    history: list[ChangeOut]


class RelationshipRow(Schema):
    customer_id: int
    name: str
    status: Status
    internal: bool
    last_personal_contact_at: datetime | None


class RelationshipPage(Schema):
    counts: dict[str, int] = Field(description="Customers per status (of the audience).")
    items: list[RelationshipRow]
    next: str | None


class RelationshipFilters(Schema):
    status: RelationshipStatus | None = None
    audience: Literal["all", "external", "internal"] = "all"


class OverrideIn(Input):
    status: Status | None = Field(description="null gives the status back to the rules.")
    reason: Reason


class FlagsIn(Input):
    abusive: Annotated[bool | None, NotNull] = None
    unpaid: Annotated[bool | None, NotNull] = None
    gone: Annotated[bool | None, NotNull] = None
    reason: Reason


class CallIn(Input):
    notes: Notes = ""
    called_at: Annotated[datetime | None, NotNull] = Field(None, description="Default: now.")


class CallOut(Schema):
    id: int
    customer_id: int
    caller: str | None
    called_at: datetime
    notes: str


class CallDue(Schema):
    customer_id: int
    name: str
    status: Status
    days_since_contact: int | None
    cadence_days: int
    overdue: bool


class OwnerTimeRow(Schema):
    kind: str
    cases: int
    replies: int
    visits: int | None
    delegable: bool
    routed_to: str | None


class OwnerTimeOut(Schema):
    weeks: int
    rows: list[OwnerTimeRow]


class RoutingRuleIn(Input):
    """Conditions left out match every case; without a team the case goes to all agents."""

    channel: Channel | None = None
    kind: Kind | None = None
    customer_id: Id | None = None
    team_id: Id | None = None
    pick_by: PickBy = PickBy.ROUND_ROBIN

    model_config = {
        "json_schema_extra": {
            "examples": [{"kind": "repair", "team_id": 3, "pick_by": "least_loaded"}]
        }
    }


class RoutingRuleOut(Schema):
    id: int
    channel: str
    kind: str
    customer_id: int | None
    customer: str | None
    team_id: int | None
    team: str | None
    pick_by: str
    conditions: str


class AbsenceIn(Input):
    kind: AbsenceKind
    starts_on: date
    ends_on: date
    note: Annotated[str, StringConstraints(max_length=200), AfterValidator(_no_nul)] = ""


class AbsenceOut(Schema):
    id: int
    user_id: int
    kind: str
    starts_on: date
    ends_on: date
    note: str


class StaffOut(Schema):
    user_id: int
    name: str
    role: str
    started_on: date | None
    ended_on: date | None
    capacity: int | None
    absences: list[AbsenceOut]

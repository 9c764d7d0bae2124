"""Request and response shapes of the time-tracking API."""

from datetime import date, datetime
from typing import Annotated, Literal

from django.utils.translation import gettext
from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from rightthere.cases.models.case import format_reference
from rightthere.core.api.schemas import Id, Input, NotNull, UserRef
from rightthere.timetracking.models import MAX_MANUAL_MINUTES, MAX_NOTE_CHARS, Source, TimeEntry


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL characters in text; refuse them up front.
    if "\x00" in value:
        raise ValueError(gettext("must not contain NUL characters"))
    return value


Note = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_NOTE_CHARS),
    AfterValidator(_no_nul),
]
Minutes = Annotated[
    int, Field(ge=1, le=MAX_MANUAL_MINUTES, description="Whole minutes, 1 to 1440 (24 hours).")
]
WHEN = "Without a UTC offset the time is read in the desk's time zone."


class TimeEntryOut(Schema):
    id: int
    person: UserRef
    case_id: int
    case_reference: str
    visit_id: int | None
    started_at: datetime
    ended_at: datetime | None = Field(description="Null while the timer runs.")
    minutes: int | None = Field(description="Null while the timer runs.")
    running: bool
    note: str
    billable: bool
    source: Source
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_case_reference(entry: TimeEntry) -> str:
        return format_reference(entry.case_id)


class TimerStart(Input):
    visit_id: Id | None = Field(None, description="A visit of this case the time is for.")
    note: Note = ""
    billable: bool | None = Field(
        None, description="Default: billable, unless the customer is internal."
    )


class TimerStop(Input):
    note: Annotated[Note | None, NotNull] = Field(None, description="Leave out to keep it.")
    billable: Annotated[bool | None, NotNull] = None


class TimerStartedOut(Schema):
    entry: TimeEntryOut
    stopped: TimeEntryOut | None = Field(
        description="The timer that was running on another case or visit, stopped now."
    )


class RunningTimerOut(Schema):
    running: TimeEntryOut | None


class TimeEntryCreate(Input):
    started_at: datetime = Field(description=f"When the work started. {WHEN}")
    minutes: Minutes | None = Field(None, description="How long; or give ended_at instead.")
    ended_at: datetime | None = Field(None, description=f"When the work ended. {WHEN}")
    person_id: Id | None = Field(
        None, description="Whose time (owners and agents only); default: yours."
    )
    visit_id: Id | None = None
    note: Note = ""
    billable: bool | None = Field(
        None, description="Default: billable, unless the customer is internal."
    )


class TimeEntryUpdate(Input):
    started_at: Annotated[datetime | None, NotNull] = None
    minutes: Annotated[Minutes | None, NotNull] = None
    ended_at: Annotated[datetime | None, NotNull] = None
    note: Annotated[Note | None, NotNull] = None
    billable: Annotated[bool | None, NotNull] = None


class TimeEntryPage(Schema):
    items: list[TimeEntryOut]
    next: str | None


class EntryFilters(Schema):
    since: date | None = Field(None, description="Entries started on or after this day.")
    until: date | None = Field(None, description="Entries started on or before this day.")
    person_id: Id | None = Field(None, description="Owners and agents: one person's entries.")


class TotalsQuery(Schema):
    by: Literal["person", "customer", "case"] = "person"
    from_: date | None = Field(
        None, alias="from", description="First day (desk time zone); default: this week."
    )
    to: date | None = Field(None, description="Last day, inclusive; default: this week.")
    format: Literal["json", "csv"] = Field(
        "json", description="csv: the same rows as a CSV file (text/csv)."
    )


class TotalRowOut(Schema):
    id: int
    name: str
    billable_minutes: int
    non_billable_minutes: int
    total_minutes: int


class TotalsOut(Schema):
    by: Literal["person", "customer", "case"]
    from_: date = Field(alias="from")
    to: date
    rows: list[TotalRowOut]
    billable_minutes: int
    non_billable_minutes: int
    total_minutes: int

"""Request and response shapes of the merging API."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from rightthere.cases.models import Status
from rightthere.core.api.schemas import Id, Input, NamedRef, UserRef


class MergeRequest(Input):
    into: Id = Field(description="The case that lives on (the survivor).")
    confirm_different_customers: bool = Field(
        False,
        description="Needed when the two cases belong to different customers; "
        "without it such a merge is refused with 409 (code different_customers).",
    )


class CaseBrief(Schema):
    id: int
    reference: str
    subject: str
    status: Status
    customer: NamedRef
    created_at: datetime
    merged_into_id: int | None = Field(description="The case this one was merged into, if any.")


class DuplicateOut(Schema):
    case: CaseBrief
    score: float = Field(description="0 to 1: how alike subject and first message are.")
    reasons: list[str]


class DuplicatesOut(Schema):
    case_id: int
    window_days: int = Field(description="Cases opened this many days apart or less are compared.")
    items: list[DuplicateOut]


class MovedOut(Schema):
    relation: str = Field(description="app.Model.field of the rows that moved.")
    label: str
    ids: list[int]


class MergeOut(Schema):
    id: int
    survivor: CaseBrief
    merged: CaseBrief
    actor: UserRef | None
    created_at: datetime
    moved: list[MovedOut] = Field(description="What moved to the survivor, by kind of row.")
    tags_added: list[str] = Field(
        description="Tags of the merged case the survivor did not have and got (undo removes them)."
    )
    undo_until: datetime
    can_undo: bool = Field(description="Not undone yet and still within the undo period.")
    undone_at: datetime | None
    undone_by: UserRef | None

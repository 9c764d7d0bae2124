"""POST /api/cases/bulk and /api/cases/bulk/undo: one change to many cases (`desk.bulk`)."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.core.api.schemas import Id, Input, error_responses
from rightthere.desk.bulk import (
    MAX_CASES,
    BulkChange,
    BulkResult,
    Restore,
    bulk_update,
    undo_bulk,
)

router = Router(tags=["cases"])

Value = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class BulkIn(Input):
    case_ids: list[Id] = Field(max_length=MAX_CASES, description="The cases to change.")
    action: Value = Field(description="assign, team, status, priority, tag or merge.")
    value: Value = Field(
        "",
        description="assign: a person's id (empty: nobody); team: a team's id (empty: none); "
        "status; priority; tag: the tag to add; merge: the reference of the case they are "
        "merged into.",
    )
    waiting_reason: Value = Field("", description="With a waiting status: what we wait for.")
    confirm_different_customers: bool = Field(
        False, description="merge: also merge cases of another customer than the target's."
    )


class RestoreIO(Schema):
    case_id: int
    value: str
    waiting_reason: str
    version: int


class BulkUndoIn(Input):
    action: Value
    restores: list[RestoreIO] = Field(max_length=MAX_CASES)


class CaseRefOut(Schema):
    id: int
    reference: str


class BulkSkippedOut(Schema):
    id: int
    reference: str
    reason: str


class BulkOut(Schema):
    message: str = Field(description="What was done, e.g. 'Assigned 3 cases to Anna; ...'.")
    done: list[CaseRefOut]
    skipped: list[BulkSkippedOut]
    undo: list[RestoreIO] = Field(
        description="Send back to /api/cases/bulk/undo (with the action) to put these back."
    )


def _out(result: BulkResult) -> dict[str, Any]:
    return {
        "message": result.message,
        "done": [{"id": case.pk, "reference": case.reference} for case in result.done],
        "skipped": [
            {"id": s.case_id, "reference": s.reference, "reason": s.reason} for s in result.skipped
        ],
        "undo": [vars(restore) for restore in result.undo],
    }


@router.post("/bulk", response={200: BulkOut, **error_responses(400, 403, 422)})
def bulk_change(request: HttpRequest, payload: BulkIn) -> dict[str, Any]:
    """Apply one change to each case (owners and agents). Cases that cannot be changed
    (closed, unknown, refused) are listed in `skipped` with the reason; the rest go ahead."""
    change = BulkChange(
        payload.action,
        payload.value,
        payload.waiting_reason,
        payload.confirm_different_customers,
    )
    return _out(bulk_update(current_user(request), payload.case_ids, change))


@router.post("/bulk/undo", response={200: BulkOut, **error_responses(400, 403, 422)})
def bulk_undo(request: HttpRequest, payload: BulkUndoIn) -> dict[str, Any]:
    """Put back an assignment, team, status or priority changed in bulk (the `undo` of
    its answer), unless someone has changed the case since."""
    restores = [Restore(**r.dict()) for r in payload.restores]
    return _out(undo_bulk(current_user(request), payload.action, restores))

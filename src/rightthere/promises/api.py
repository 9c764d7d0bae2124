"""/api/cases/{id}/promises and /api/promises/{id}: commitments to customers."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_case
from rightthere.core.api.schemas import error_responses
from rightthere.desk import promises as desk_promises
from rightthere.promises import actions
from rightthere.promises.models import Promise
from rightthere.promises.schemas import (
    PromiseCreate,
    PromiseOut,
    PromiseRenegotiate,
    RenegotiationDraft,
)
from rightthere.promises.views import access_promise

router = Router(tags=["promises"])


@router.get("/cases/{case_id}/promises", response={200: list[PromiseOut], **error_responses(404)})
def list_promises(request: HttpRequest, case_id: int) -> QuerySet[Promise]:
    """Every promise made on the case, soonest first."""
    case = access_case(current_user(request), case_id)
    return case.promises.select_related("owner").order_by("due_at", "id")


@router.post(
    "/cases/{case_id}/promises",
    response={201: PromiseOut, **error_responses(400, 403, 404, 422)},
)
def make_promise(request: HttpRequest, case_id: int, body: PromiseCreate) -> tuple[int, Promise]:
    user = current_user(request)
    case = access_case(user, case_id)
    return 201, actions.make_promise(case, actor=user, what=body.what, due_at=body.due_at)


@router.post(
    "/promises/{promise_id}/keep", response={200: PromiseOut, **error_responses(400, 403, 404)}
)
def keep_promise(request: HttpRequest, promise_id: int) -> Promise:
    user = current_user(request)
    return actions.keep_promise(access_promise(user, promise_id), actor=user)


@router.get(
    "/promises/{promise_id}/renegotiation-draft",
    response={200: RenegotiationDraft, **error_responses(404, 422)},
)
def renegotiation_draft(request: HttpRequest, promise_id: int, new_due: datetime) -> dict[str, str]:
    """The apology with the new date that would be sent to the customer."""
    promise = access_promise(current_user(request), promise_id)
    return {"message": actions.draft_renegotiation(promise, new_due)}


@router.post(
    "/promises/{promise_id}/renegotiate",
    response={201: PromiseOut, **error_responses(400, 403, 404, 422)},
)
def renegotiate(
    request: HttpRequest, promise_id: int, body: PromiseRenegotiate
) -> tuple[int, Promise]:
    """Tell the customer the new date and move the promise; returns the new promise."""
    user = current_user(request)
    promise = access_promise(user, promise_id)
    new = desk_promises.renegotiate_promise(
        promise, actor=user, new_due=body.new_due, message_text=body.message
    )
    return 201, new

"""/api/cases/{id}/satisfaction and /api/satisfaction (reporting). Mounted at the API root."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_case, can_manage_cases, visible_cases
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import PageParams, error_responses
from rightthere.core.errors import NotAllowed
from rightthere.desk.satisfaction import answer_case
from rightthere.satisfaction.models import AnswerChannel, SatisfactionAnswer
from rightthere.satisfaction.schemas import (
    AnswerFilters,
    AnswerPage,
    AnswerRecord,
    CaseSatisfactionOut,
)
from rightthere.satisfaction.summary import satisfaction_of

router = Router(tags=["satisfaction"])

# Oldest change first, so a report can carry on from where it stopped.
ANSWER_ORDER = (Key("updated_at", kind=datetime), Key("id"))


def _case_satisfaction(case_id: int, request: HttpRequest) -> dict[str, Any]:
    summary = satisfaction_of(access_case(current_user(request), case_id), timezone.now())
    return {
        "case_id": case_id,
        "state": summary.state,
        "asked_at": summary.request.sent_at if summary.request else None,
        "ask_at": summary.ask_at,
        "answer": summary.answer,
    }


@router.get(
    "/cases/{case_id}/satisfaction",
    response={200: CaseSatisfactionOut, **error_responses(404, 422)},
)
def get_satisfaction(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """Whether the customer was asked, and their answer and comment."""
    return _case_satisfaction(case_id, request)


@router.put(
    "/cases/{case_id}/satisfaction",
    response={200: CaseSatisfactionOut, **error_responses(400, 403, 404, 409, 422)},
)
def record_satisfaction(
    request: HttpRequest, case_id: int, payload: AnswerRecord
) -> dict[str, Any]:
    """Record the answer a customer gave by phone or in person (owners and agents).

    A "Not good" makes the desk act as the customer's own does: the case reopens and
    its assignee (or the owners) is told, once per case (`desk.satisfaction`).

    An answer the customer gave themselves is never overwritten (403); after the
    change period an answer stands (409).
    """
    user = current_user(request)
    case = access_case(user, case_id)
    answer_case(
        case, actor=user, via=AnswerChannel.STAFF, rating=payload.rating, comment=payload.comment
    )
    return _case_satisfaction(case_id, request)


@router.get("/satisfaction", response={200: AnswerPage, **error_responses(400, 403, 422)})
def list_answers(
    request: HttpRequest, filters: Query[AnswerFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Every answer, oldest change first, for reporting (owners and agents)."""
    user = current_user(request)
    if not can_manage_cases(user):
        raise NotAllowed(gettext("Only owners and agents see satisfaction across all cases."))
    answers = SatisfactionAnswer.objects.filter(case__in=visible_cases(user)).select_related(
        "recorded_by"
    )
    if filters.since is not None:
        answers = answers.filter(updated_at__gte=filters.since)
    if filters.rating is not None:
        answers = answers.filter(rating=filters.rating)
    items, next_cursor = paginate(answers, ANSWER_ORDER, cursor=page.cursor, limit=page.limit)
    return {"items": items, "next": next_cursor}

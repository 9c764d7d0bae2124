"""GET /api/cases/{id}/similar: solved cases like this one. Mounted at the API root."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_case
from rightthere.core.api.schemas import error_responses
from rightthere.similar.lookup import SimilarCase, similar_cases
from rightthere.similar.schemas import SimilarCasesOut, SimilarParams

router = Router(tags=["similar"])


def _item(found: SimilarCase) -> dict[str, Any]:
    return {
        "case_id": found.case.pk,
        "reference": found.case.reference,
        "subject": found.case.subject,
        "status": found.case.status,
        "solved_at": found.solved_at,
        "solved_by": found.solved_by,
        "solution": found.solution,
        "solution_kind": found.solution_kind,
        "shared_words": found.shared_words,
        "score": round(found.score, 3),
    }


@router.get(
    "/cases/{case_id}/similar",
    response={200: SimilarCasesOut, **error_responses(400, 404, 422)},
)
def list_similar(
    request: HttpRequest, case_id: int, params: Query[SimilarParams]
) -> dict[str, Any]:
    """The solved cases most like this one that the caller may see, best first,
    each with how it was solved. Empty when the case has no telling words."""
    user = current_user(request)
    case = access_case(user, case_id)
    found = similar_cases(user, case, limit=params.limit)
    return {"case_id": case.pk, "items": [_item(item) for item in found]}

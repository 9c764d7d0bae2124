"""POST /api/coach/check: the reply check for any staff member who can reply."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_case
from rightthere.coach.actions import check_draft
from rightthere.coach.schemas import CheckIn, CheckOut
from rightthere.core.api.schemas import error_responses

router = Router(tags=["reply check"])


@router.post("/coach/check", response={200: CheckOut, **error_responses(400, 404, 422)})
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    """Findings for a draft reply, each with its span, an explanation and replacements.

    Nothing is stored. With `case_id` the case must be one you can see (else 404).
    """
    user = current_user(request)
    case = access_case(user, payload.case_id) if payload.case_id is not None else None
    findings = check_draft(payload.text, case=case, complaint=payload.complaint)
    return {"findings": [vars(f) | {"suggestions": list(f.suggestions)} for f in findings]}

"""POST /api/coach/check: the reply check for any staff member who can reply."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router

from rightthere.accounts.api_auth import current_user
from rightthere.cases.access import access_case
from rightthere.coach import owner_rules
from rightthere.coach.actions import check_draft, not_checked_because
from rightthere.coach.schemas import CheckIn, CheckOut, RuleIn, RuleOut, TrialOut
from rightthere.core.api.schemas import error_responses
from rightthere.core.errors import NotAllowed

router = Router(tags=["reply check"])


@router.post("/coach/check", response={200: CheckOut, **error_responses(400, 404, 422)})
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    """Findings for a draft reply, each with its span, an explanation and replacements.

    Nothing is stored. With `case_id` the case must be one you can see (else 404).
    """
    user = current_user(request)
    case = access_case(user, payload.case_id) if payload.case_id is not None else None
    findings = check_draft(payload.text, case=case, complaint=payload.complaint)
    return {
        "findings": [vars(f) | {"suggestions": list(f.suggestions)} for f in findings],
        "not_checked": not_checked_because(payload.text, case),
    }


@router.post("/coach/rules/try", response={200: TrialOut, **error_responses(400, 403, 422)})
def try_rule(request: HttpRequest, payload: RuleIn) -> dict[str, Any]:
    """Try a pattern on the labelled replies (and on `sentence`) without saving it. Owners."""
    user = current_user(request)
    if not user.is_owner:
        raise NotAllowed(gettext("Only owners change the reply check's rules."))
    trial = owner_rules.try_rule(payload.category, payload.pattern, payload.sentence,
                                 payload.suggestion)  # fmt: skip
    return vars(trial)


@router.post("/coach/rules", response={201: RuleOut, **error_responses(400, 403, 422)})
def add_rule(request: HttpRequest, payload: RuleIn) -> tuple[int, dict[str, Any]]:
    """Add a pattern to a category (validated, as the settings page does). Owners."""
    row = owner_rules.add_rule(
        current_user(request), payload.category, payload.pattern, payload.suggestion
    )
    trial = owner_rules.try_rule(row.category, row.phrase)
    return 201, {"id": row.pk, "category": row.category, "pattern": row.phrase,
                 "active": row.active, "turns_off": row.turns_off, "trial": vars(trial)}  # fmt: skip

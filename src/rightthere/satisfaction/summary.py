"""Where a case stands on satisfaction: asked or not, the answer, and until when it may change.

Shared by the status page, the case page panel and the API.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from rightthere.cases.models import Case
from rightthere.satisfaction.actions import RATEABLE_STATUSES
from rightthere.satisfaction.models import SatisfactionAnswer, SatisfactionRequest
from rightthere.satisfaction.timing import ask_delay, ask_within, can_change, change_until

State = Literal["not_asked", "asked", "answered"]


@dataclass(frozen=True)
class CaseSatisfaction:
    case: Case
    request: SatisfactionRequest | None
    answer: SatisfactionAnswer | None
    can_change: bool
    change_until: datetime | None
    ask_at: datetime | None  # when the worker will ask, if it is going to

    @property
    def state(self) -> State:
        if self.answer is not None:
            return "answered"
        return "asked" if self.request is not None else "not_asked"

    @property
    def rateable(self) -> bool:
        """The customer may rate now: solved (or asked), and not past the change period.
        An answer stays open to change for that period, also on a case its "Not good"
        reopened."""
        if self.answer is not None:
            return self.can_change
        return self.case.status in RATEABLE_STATUSES or self.request is not None


def _ask_at(case: Case, now: datetime) -> datetime | None:
    if case.status not in RATEABLE_STATUSES or case.solved_at is None:
        return None
    if case.contact is None or not case.contact.email:
        return None
    ask_at = case.solved_at + ask_delay()
    return ask_at if now <= ask_at + ask_within() else None


def satisfaction_of(case: Case, now: datetime) -> CaseSatisfaction:
    """Two queries: the request and the answer (with who recorded it)."""
    request = SatisfactionRequest.objects.filter(case_id=case.pk).first()
    answer = (
        SatisfactionAnswer.objects.filter(case_id=case.pk).select_related("recorded_by").first()
    )
    unasked = request is None and answer is None
    return CaseSatisfaction(
        case=case,
        request=request,
        answer=answer,
        can_change=answer is not None and can_change(answer, now),
        change_until=change_until(answer) if answer is not None else None,
        ask_at=_ask_at(case, now) if unasked else None,
    )

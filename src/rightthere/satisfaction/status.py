"""The satisfaction block on the customer's status page (portal.views.status_page)."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.satisfaction.actions import RATEABLE_STATUSES
from rightthere.satisfaction.models import MAX_COMMENT_CHARS, Rating
from rightthere.satisfaction.summary import satisfaction_of


def status_block(case: Case, token: str, now: datetime | None = None) -> dict[str, Any] | None:
    """Buttons for a solved or closed case, and the answer once given; None otherwise."""
    summary = satisfaction_of(case, now or timezone.now())
    if case.status not in RATEABLE_STATUSES and summary.answer is None:
        return None
    return {
        "token": token,
        "answer": summary.answer,
        "can_answer": summary.rateable,
        "change_until": summary.change_until,
        "ratings": Rating.choices,
        "max_comment": MAX_COMMENT_CHARS,
    }

"""/api/reviews: the webhook a review platform (or a sync script) posts to, and the list."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import current_user
from rightthere.core.api.schemas import error_responses
from rightthere.core.errors import NotAllowed
from rightthere.desk.reviews import receive_review
from rightthere.reviews.actions import can_manage_reviews
from rightthere.reviews.models import Review
from rightthere.reviews.parsing import RowInvalid, validate_row
from rightthere.reviews.schemas import ReviewOut, WebhookIn, WebhookOut
from rightthere.reviews.summary import TABS, reviews_in

router = Router(tags=["reviews"])


def _check(request: HttpRequest) -> None:
    if not can_manage_reviews(current_user(request)):
        raise NotAllowed("Only owners and agents work on reviews.")


@router.post("/reviews/webhook", response={200: WebhookOut, **error_responses(403, 422)})
def webhook(request: HttpRequest, payload: WebhookIn) -> dict[str, Any]:
    """Store reviews sent by a platform; call it with an owner's or agent's API token.

    Idempotent: a review with a platform and id already stored is counted as a
    duplicate and left as it is. Bad reviews open complaint cases.
    """
    _check(request)
    created, duplicates, cases, errors = 0, 0, [], []
    for position, item in enumerate(payload.reviews):
        data = item.model_dump()
        data["date"] = data["date"].isoformat() if data["date"] else ""
        try:
            review, new = receive_review(validate_row(data))
        except RowInvalid as error:
            errors.append(f"reviews.{position}: {error}")
            continue
        created, duplicates = created + new, duplicates + (not new)
        if new and review.case_id is not None:
            cases.append(review.case_id)
    return {"created": created, "duplicates": duplicates, "cases_opened": cases, "errors": errors}


class ReviewFilters(Schema):
    tab: str = Field("all", description=f"One of: {', '.join(TABS)}.", pattern="^[a-z]{1,20}$")
    platform: str = Field("", max_length=50)
    limit: int = Field(50, ge=1, le=200)


@router.get("/reviews", response={200: list[ReviewOut], **error_responses(403, 422)})
def list_reviews(request: HttpRequest, filters: Query[ReviewFilters]) -> list[Review]:
    """The newest reviews first (owners and agents)."""
    _check(request)
    return list(reviews_in(filters.tab, filters.platform)[: filters.limit])

"""/api/reviews: the webhook a review platform (or a sync script) posts to, the list,
and the review page's actions: our public answer and who wrote the review."""

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import ApiTokenAuth, SignedWebhook, WebSessionAuth, current_user
from rightthere.accounts.models import Integration, IntegrationKind
from rightthere.core.api.schemas import Id, Input, error_responses
from rightthere.core.errors import InvalidInput
from rightthere.customers.access import find_customer
from rightthere.desk import reviews as desk_reviews
from rightthere.desk.reviews import receive_review
from rightthere.reviews.access import access_review, check_reviewer
from rightthere.reviews.actions import respond_to_review
from rightthere.reviews.models import Review
from rightthere.reviews.parsing import RowInvalid, validate_row
from rightthere.reviews.schemas import ReviewOut, WebhookIn, WebhookOut
from rightthere.reviews.summary import TABS, reviews_in

router = Router(tags=["reviews"])


@router.post(
    "/reviews/webhook",
    response={200: WebhookOut, **error_responses(401, 403, 422)},
    auth=[SignedWebhook(IntegrationKind.REVIEWS), ApiTokenAuth(), WebSessionAuth()],
)
def webhook(request: HttpRequest, payload: WebhookIn) -> dict[str, Any]:
    """Store reviews sent by a platform. Sign each request with a review integration's
    secret (header `Rightthere-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
    "<t>.<body>">`; owners create one on the Integrations page), or, for a person's
    own script, send an owner's or agent's API token.

    Idempotent: a review with a platform and id already stored is counted as a
    duplicate and left as it is. Bad reviews open complaint cases.
    """
    if not isinstance(request.auth, Integration):  # type: ignore[attr-defined]
        check_reviewer(current_user(request))
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
    check_reviewer(current_user(request))
    return list(reviews_in(filters.tab, filters.platform)[: filters.limit])


class ReviewAnswerIn(Input):
    text: Annotated[str, Field(min_length=1, max_length=20_000)] = Field(
        examples=["Thank you, Mrs Patel. Dan will be back on Thursday at 9:00 to finish."]
    )


class ReviewFindingOut(Schema):
    category: str
    text: str
    start: int
    end: int


class ReviewAnsweredOut(ReviewOut):
    response_text: str
    response_findings: list[ReviewFindingOut] = Field(
        description="What the reply check found in the answer; it is saved either way."
    )


class ReviewCustomerIn(Input):
    customer_id: Id | None = Field(
        None, description="Who wrote it; null: a new customer.", examples=[12]
    )


@router.post(
    "/reviews/{review_id}/response",
    response={200: ReviewAnsweredOut, **error_responses(400, 403, 404, 422)},
)
def answer_review(request: HttpRequest, review_id: int, payload: ReviewAnswerIn) -> Review:
    """Save our public answer to a review, after the reply check (owners and agents), as
    the review page's Answer does; then post it on the platform."""
    user = current_user(request)
    return respond_to_review(access_review(user, review_id), actor=user, text=payload.text)


@router.post(
    "/reviews/{review_id}/customer",
    response={200: ReviewOut, **error_responses(400, 403, 404, 422)},
)
def confirm_review_customer(
    request: HttpRequest, review_id: int, payload: ReviewCustomerIn
) -> Review:
    """Say which customer wrote a review (null: a new one); a bad review then opens its
    complaint case (owners and agents)."""
    user = current_user(request)
    review = access_review(user, review_id)
    customer = None
    if payload.customer_id is not None:
        customer = find_customer(user, payload.customer_id)
        if customer is None:
            raise InvalidInput(
                gettext("There is no customer with id %(id)s.") % {"id": payload.customer_id}
            )
    return desk_reviews.confirm_customer(review, actor=user, customer=customer)

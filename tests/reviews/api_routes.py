"""The review page's actions for the project-wide permission matrix
(tests/api/test_permissions.py): owners and agents work on reviews."""

from tests.api.matrix import MANAGERS_CHANGE as MANAGERS
from tests.api.matrix import route

ROUTES = [
    route("post", "/api/reviews/{review_id}/response", MANAGERS, review_id="review",
          body=lambda w: {"text": "Thank you. Dan is back on Thursday at 9:00 to finish."}),
    route("post", "/api/reviews/{review_id}/customer", MANAGERS, review_id="review",
          body=lambda w: {"customer_id": w["shared_customer"]}),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A good review nobody has matched to a customer yet."""
    from django.utils import timezone

    from rightthere.reviews.models import Review

    review = Review.objects.create(
        platform="google", external_id="api-1", author="Ada Byron", rating=5,
        text="Quick and tidy.", posted_at=timezone.now(), sentiment=0.8,
        imported_at=timezone.now(),
    )  # fmt: skip
    return {"review": review.pk}

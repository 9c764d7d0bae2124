"""Who works on reviews: owners and agents, on every review. The review pages and
/api/reviews fetch a review, and the import pages an import of reviews, only through
here (and the customer said to have written it through `customers.access`)."""

from django.http import Http404
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.core.errors import NotAllowed
from rightthere.reviews.actions import can_manage_reviews
from rightthere.reviews.models import Review, ReviewImport


def check_reviewer(user: User) -> None:
    """Refuse anyone but owners and agents (NotAllowed, 403), before any review is looked up."""
    if not can_manage_reviews(user):
        raise NotAllowed(gettext("Only owners and agents work on reviews."))


def access_review(user: User, review_id: int) -> Review:
    """The review, with its customer and case, if the user works on reviews (else
    NotAllowed), else 404 if there is none."""
    check_reviewer(user)
    review = Review.objects.select_related("customer", "case").filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review")
    return review


def access_review_import(user: User, import_id: int) -> ReviewImport:
    """An import of reviews (its preview and progress), on the same terms as a review:
    NotAllowed for anyone but owners and agents, else 404 if there is none."""
    check_reviewer(user)
    found = ReviewImport.objects.filter(pk=import_id).first()
    if found is None:
        raise Http404("No such import")
    return found

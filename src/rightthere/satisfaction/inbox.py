"""The "Upset customers" inbox view's part from satisfaction: cases rated "Not good"."""

from django.db.models import Q

from rightthere.core.compiled import Inline
from rightthere.satisfaction.models import Rating, SatisfactionAnswer


def rated_bad() -> Q:
    """Cases whose customer's answer is "Not good" now (one changed to "Good" is not).
    The rating is written into the SQL, as the inbox's statuses are (`rightthere.inbox`)."""
    return Q(pk__in=SatisfactionAnswer.objects.filter(rating=Inline(Rating.BAD)).values("case_id"))

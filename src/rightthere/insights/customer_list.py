"""The relationship filter and counts of the customer list."""

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from rightthere.customers.models import Customer
from rightthere.insights.models import RelationshipStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def filter_by_relationship(
    customers: QuerySet[Customer], status: str
) -> "tuple[QuerySet[Customer], str, list[tuple[str, StrOrPromise, int]]]":
    """Customers of one status (a customer never assessed counts as None), the status
    chosen, and (status, label, count) for each status over the unfiltered list."""
    found = dict(
        customers.order_by()
        .values_list("relationship__status")
        .annotate(n=Count("id", distinct=True))
    )
    found[RelationshipStatus.NONE] = found.get(RelationshipStatus.NONE, 0) + found.pop(None, 0)
    counts: list[tuple[str, StrOrPromise, int]] = [
        (value, label, found.get(value, 0)) for value, label in RelationshipStatus.choices
    ]
    if status not in RelationshipStatus.values:
        return customers, "", counts
    wanted = Q(relationship__status=status)
    if status == RelationshipStatus.NONE:
        wanted |= Q(relationship__isnull=True)
    return customers.filter(wanted), status, counts

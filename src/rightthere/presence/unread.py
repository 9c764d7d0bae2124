"""Which cases have a customer message their reader has not seen yet.

The inbox marks these "Customer replied" (or "New", when the message that opened the
case is all there is) for each case's assignee; the API's
case list says `unread` for the person asking. One query for a page of cases."""

from collections.abc import Collection
from typing import Any

from django.db.models import Count, OuterRef, Subquery

from rightthere.accounts.models import User
from rightthere.cases.models import Case, Direction, Message
from rightthere.presence.models import CaseSeen


def unread_case_ids(case_ids: Collection[int], *, reader: User | None = None) -> set[int]:
    """Of `case_ids`, the cases where the customer wrote after `reader` (each case's
    assignee when None) last opened the case, or last wrote on it themselves, or
    where they never opened it. A message the reader typed in for the customer
    (a phone call) is their own, not unread. No query for no cases."""
    return set(unread_cases(case_ids, reader=reader))


def unread_cases(case_ids: Collection[int], *, reader: User | None = None) -> dict[int, bool]:
    """The unread cases as `unread_case_ids`, each with whether the customer has
    written more than the message that opened the case (True: "Customer replied") or
    not (False: a new case its reader has not opened yet). The same one query."""
    if not case_ids:
        return {}
    who: Any = OuterRef("assignee_id") if reader is None else reader.pk
    cases = Case.objects.filter(pk__in=case_ids)
    if reader is None:
        cases = cases.filter(assignee__isnull=False)
    # Each fact is selected once and compared here: written as a filter on the
    # annotations, Django compiled (and the database ran) the newest customer
    # message's subquery three times and the others twice, a fifth of the inbox's
    # CPU (#23).
    facts = cases.annotate(
        customer_at=_latest(
            Message.objects.filter(direction=Direction.INBOUND, automatic=False).exclude(
                author_id=who
            )
        ),
        own_at=_latest(Message.objects.filter(author_id=who)),
        seen_at=Subquery(
            CaseSeen.objects.filter(case=OuterRef("pk"), user_id=who).values("seen_at")[:1]
        ),
        customer_messages=Subquery(
            Message.objects.filter(
                case=OuterRef("pk"), direction=Direction.INBOUND, automatic=False
            )
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n")
        ),
    ).values_list("pk", "customer_at", "own_at", "seen_at", "customer_messages")
    return {
        pk: (n or 0) > 1
        for pk, customer_at, own_at, seen_at, n in facts
        if customer_at is not None
        and (seen_at is None or customer_at > seen_at)
        and (own_at is None or customer_at > own_at)
    }


def _latest(messages: Any) -> Subquery:
    """When the newest of `messages` on the outer case was written."""
    newest = messages.filter(case=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(newest.values("created_at")[:1])

"""The search box: cases by reference, by their customer, and by the words in them.

One function for every door that searches (the inbox, `/?q=`, and GET /api/cases?q=).
A caller on the phone gives a name, an e-mail or a number: the customers and contacts
that hold it are looked up first (`customers.search`, a small indexed table), then
their cases through the cases' indexed customer key, newest change first. These come
after an exact reference and before the full-text matches (`cases.search`), each case
once. The full-text document of a case holds its subject and messages only, so a
customer's new phone number never has to rewrite the documents of all their cases.

Statements: the full-text search's (one, plus one for a reference), and, when the text
can be a name, an e-mail or a number, the customer lookup's two; when customers are
found, one for their cases and one counting them, whatever their number.
"""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from rightthere.accounts.models import User
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Case
from rightthere.cases.models.case import parse_reference
from rightthere.cases.search import search_case_ids
from rightthere.customers.access import visible_customers
from rightthere.customers.search import CustomerMatch, find_customers


@dataclass(frozen=True)
class FoundCustomer:
    id: int
    name: str
    matched: str  # the contact's name, e-mail or number that matched; "" for the name
    cases: int  # the cases of theirs the searcher can see


@dataclass(frozen=True)
class SearchResults:
    case_ids: list[int]  # best first, each once
    customers: list[FoundCustomer] = field(default_factory=list)


def search_cases(
    user: User, text: str, *, within: QuerySet[Case] | None = None, limit: int = 50
) -> SearchResults:
    """The cases `user` may see that `text` finds, best first, at most `limit`, and the
    customers it names. `within` narrows the cases (an inbox view; by default all the
    user may see); customers are those the user may see (`visible_customers`): a
    technician finds only the customers of their own cases, and only those cases."""
    visible = visible_cases(user)
    scope = visible if within is None else within
    by_words = search_case_ids(text, within=scope, limit=limit)
    matches = find_customers(text, within=visible_customers(user))
    if not matches:
        return SearchResults(by_words)
    customer_ids = [match.id for match in matches]
    theirs = list(
        scope.filter(customer_id__in=customer_ids)
        .order_by("-updated_at", "-id")
        .values_list("id", flat=True)[:limit]
    )
    ref = parse_reference(text)
    head = [ref] if ref is not None and ref in by_words else []
    ids = list(dict.fromkeys(head + theirs + by_words))[:limit]
    return SearchResults(ids, _with_counts(matches, visible))


def _with_counts(matches: list[CustomerMatch], visible: QuerySet[Case]) -> list[FoundCustomer]:
    counts = dict(
        visible.filter(customer_id__in=[match.id for match in matches])
        .order_by()
        .values("customer_id")
        .annotate(n=Count("id"))
        .values_list("customer_id", "n")
    )
    return [
        FoundCustomer(match.id, match.name, match.matched, counts.get(match.id, 0))
        for match in matches
    ]

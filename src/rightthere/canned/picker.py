"""The replies offered in the composer's picker, already filled for the case at hand."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from rightthere.accounts.models import User
from rightthere.canned.access import visible_canned_replies
from rightthere.canned.models import CannedReply
from rightthere.canned.placeholders import Filled, FillSource, fill, next_promise
from rightthere.cases.models import Case

PICKER_LIMIT = 20


@dataclass(frozen=True)
class Choice:
    reply: CannedReply
    filled: Filled


def search_replies(user: User, query: str) -> QuerySet[CannedReply]:
    """Replies the user sees whose title or text has every word of the query."""
    replies = visible_canned_replies(user).select_related("team", "owner")
    for word in query.split()[:8]:
        replies = replies.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return replies.order_by("title", "id")


def fill_for_case(reply: CannedReply, case: Case, agent: User) -> Filled:
    """One reply filled from the case (one query: the case's next promise)."""
    return fill(reply.body, FillSource(case=case, agent=agent, promise=next_promise(case)))


def choices_for(user: User, case: Case, query: str) -> list[Choice]:
    """Matching replies, each filled from the case, for the picker."""
    source = FillSource(case=case, agent=user, promise=next_promise(case))
    replies = search_replies(user, query)[:PICKER_LIMIT]
    return [Choice(reply, fill(reply.body, source)) for reply in replies]

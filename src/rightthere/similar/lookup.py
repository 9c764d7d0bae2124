"""Similar past cases: the solved cases most like this one, and how each was solved.

Read-only and permission-scoped: a technician is only shown their own past
cases, a subcontractor their company's (`visible_cases`). The ranking is in
`ranking.py`, the words' weights in `scoring.py`; this module turns a case into
query words and the ranked ids into what a person reads: reference, subject,
when and by whom it was solved, and a plain-text excerpt of the last reply (or,
if nobody replied, the last internal note).
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.access import visible_cases
from rightthere.cases.events import display
from rightthere.cases.models import Case, CaseEvent, Direction, EventKind, Message, Status
from rightthere.core.errors import InvalidInput
from rightthere.similar import ranking, scoring
from rightthere.similar.terms import query_words, strip_greeting

DEFAULT_LIMIT = 5
MAX_LIMIT = 20
EXCERPT_CHARS = 280
_READ_CHARS = 2000  # of a reply, to make the excerpt from
_QUOTED = re.compile(r"^\s*>.*$", re.MULTILINE)
_QUOTE_HEADER = re.compile(r"\n\s*On .{5,200}wrote:\s*\n", re.DOTALL)


@dataclass
class SimilarCase:
    case: Case
    score: float
    shared_words: list[str]
    solved_at: datetime | None
    solved_by: User | None
    solution: str = ""
    solution_kind: str = ""  # "reply", "note" or "" (nothing written)


def solution_excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A short plain-text excerpt: no greeting, no quoted e-mail, whitespace collapsed."""
    text = _QUOTE_HEADER.split(text, maxsplit=1)[0]
    text = _QUOTED.sub("", strip_greeting(text))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(",;:-") + "…"


def _case_text(case: Case) -> tuple[str, str, str]:
    """Subject, the start of the customer's first message, and the words to leave out.

    The customer's name and address and the contact's name say who asked, not
    what about; the case page lists the customer's other cases already.
    """
    first = (
        Message.objects.filter(case=OuterRef("pk"), direction=Direction.INBOUND)
        .order_by("created_at", "id")
        .annotate(start=Substr("body_text", 1, 1000))
        .values("start")[:1]
    )
    row = (
        Case.objects.filter(pk=case.pk)
        .annotate(first_message=Subquery(first))
        .values_list(
            "subject", "first_message", "customer__name", "customer__address", "contact__name"
        )
        .first()
    )
    if row is None:
        return "", "", ""
    subject, message, *identity = row
    return subject, message or "", " ".join(part or "" for part in identity)


def _last(direction: str) -> Subquery:
    messages = Message.objects.filter(case=OuterRef("pk"), direction=direction, automatic=False)
    start = Substr("body_text", 1, _READ_CHARS)
    return Subquery(
        messages.order_by("-created_at", "-id").annotate(start=start).values("start")[:1]
    )


def _details(user: User, ranked: list[scoring.Ranked]) -> list[SimilarCase]:
    solved = CaseEvent.objects.filter(
        case=OuterRef("pk"), kind=EventKind.STATUS, after=display(Status.SOLVED.label)
    ).order_by("-created_at", "-id")
    # Scoped again: the ranking's SQL is not the only thing standing between a user and a case.
    cases = (
        visible_cases(user)
        .filter(pk__in=[r.case_id for r in ranked], merged_into__isnull=True)
        .order_by()
        .select_related("assignee")
        .annotate(
            last_reply=_last(Direction.OUTBOUND),
            last_note=_last(Direction.NOTE),
            solver_id=Subquery(solved.values("actor_id")[:1]),
        )
        .in_bulk()
    )
    solvers = User.objects.in_bulk({c.solver_id for c in cases.values() if c.solver_id})
    results = []
    for item in ranked:
        found = cases.get(item.case_id)
        if found is None:
            continue
        text, kind = (found.last_reply, "reply") if found.last_reply else (found.last_note, "note")
        results.append(
            SimilarCase(
                case=found,
                score=item.score,
                shared_words=item.shared_words,
                solved_at=found.solved_at or found.closed_at,
                solved_by=solvers.get(found.solver_id) or found.assignee,
                solution=solution_excerpt(text or ""),
                solution_kind=kind if text else "",
            )
        )
    return results


def similar_cases(user: User, case: Case, *, limit: int = DEFAULT_LIMIT) -> list[SimilarCase]:
    """The solved cases most like `case` that `user` may see, best first.

    `case` must already be one the user may see (fetched with `access_case`).
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            gettext("Ask for between 1 and %(max)s similar cases.") % {"max": MAX_LIMIT}
        )
    subject, first_message, names = _case_text(case)
    words = query_words(subject, first_message, names)
    if not words:
        return []
    with ranking.lookup_transaction():
        counted, total = ranking.count_documents(words)
        terms = scoring.weigh(counted, total)
        ranked = ranking.rank(case.pk, terms, visible_cases(user), limit)
    return _details(user, ranked) if ranked else []

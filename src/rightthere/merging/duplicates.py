"""Likely duplicates of a case: open cases of the same customer, contact or e-mail
address, opened within a few days of it, with a similar subject or first message.

The candidate set is small (one customer's cases in a window of days), so the
similarity is computed in Python: difflib on the subjects and word overlap on
subject plus first message.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from difflib import SequenceMatcher

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery

from rightthere.cases.models import OPEN_STATUSES, Case, Message

DEFAULT_WINDOW_DAYS = 14
# At most this many recent candidates are scored; a customer rarely has more open cases.
CANDIDATES = 50
MIN_SCORE = 0.25
TEXT_CHARS = 2000
_REFERENCE = re.compile(r"\[[^\]]*\]")
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|sv|vs|tr|antw)\s*(\[\d+\])?\s*:\s*)+", re.I)
_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common in service mail to say two requests are alike.
STOP_WORDS = frozenset({
    "the", "and", "for", "are", "was", "were", "has", "have", "had", "not", "but", "you",
    "your", "our", "with", "this", "that", "from", "they", "them", "there", "their", "what",
    "when", "will", "would", "can", "could", "about", "into", "been", "also", "any", "all",
    "just", "please", "thanks", "thank", "hello", "dear", "regards", "since", "again",
})  # fmt: skip


def window_days() -> int:
    return int(settings.RIGHTTHERE.get("DUPLICATE_WINDOW_DAYS", DEFAULT_WINDOW_DAYS))


@dataclass(frozen=True)
class Suggestion:
    case: Case
    score: float  # 0 to 1, higher is more alike
    reasons: list[str] = field(default_factory=list)


def _clean_subject(subject: str) -> str:
    return " ".join(_REFERENCE.sub(" ", _REPLY_PREFIX.sub("", subject)).lower().split())


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS}


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def subject_similarity(a: str, b: str) -> float:
    first, second = _clean_subject(a), _clean_subject(b)
    if not first or not second:
        return 0.0
    return max(SequenceMatcher(None, first, second).ratio(), _overlap(_words(a), _words(b)))


def text_similarity(subject_a: str, text_a: str, subject_b: str, text_b: str) -> float:
    return _overlap(
        _words(f"{subject_a} {text_a[:TEXT_CHARS]}"), _words(f"{subject_b} {text_b[:TEXT_CHARS]}")
    )


def _first_text() -> Subquery:
    first = Message.objects.filter(case=OuterRef("pk")).order_by("created_at", "id")
    return Subquery(first.values("body_text")[:1])


def _reasons(case: Case, other: Case, subject: float, text: float) -> list[str]:
    reasons = []
    if case.contact_id is not None and other.contact_id == case.contact_id:
        reasons.append("same contact")
    elif other.customer_id == case.customer_id:
        reasons.append("same customer")
    else:
        reasons.append("same e-mail address, another customer")
    if subject >= 0.5:
        reasons.append("similar subject")
    if text >= 0.3:
        reasons.append("similar message")
    days = abs(other.created_at - case.created_at).days
    reasons.append("opened the same day" if days == 0 else f"opened {days} days apart")
    return reasons


def likely_duplicates(case: Case, within: QuerySet[Case], *, limit: int = 5) -> list[Suggestion]:
    """Open cases in `within` that are likely the same request as `case`, best first."""
    if case.merged_into_id is not None:
        return []
    window = timedelta(days=window_days())
    same = Q(customer_id=case.customer_id)
    email = case.contact.email if case.contact is not None else ""
    if email:
        same |= Q(contact__email__iexact=email)
    candidates = list(
        within.filter(
            same,
            status__in=[s.value for s in OPEN_STATUSES],
            merged_into__isnull=True,
            created_at__gte=case.created_at - window,
            created_at__lte=case.created_at + window,
        )
        .exclude(pk=case.pk)
        .select_related("customer", "contact")
        .annotate(first_text=_first_text())
        .order_by("-created_at", "-id")[:CANDIDATES]
    )
    if not candidates:
        return []
    own_text = Message.objects.filter(case=case).order_by("created_at", "id").values_list(
        "body_text", flat=True
    ).first() or ""  # fmt: skip
    found = []
    for other in candidates:
        subject = subject_similarity(case.subject, other.subject)
        text = text_similarity(case.subject, own_text, other.subject, other.first_text or "")
        score = round(0.6 * subject + 0.4 * text, 2)
        if score >= MIN_SCORE:
            found.append(Suggestion(other, score, _reasons(case, other, subject, text)))
    found.sort(key=lambda s: (-s.score, s.case.created_at))
    return found[:limit]

"""The reply check and incoming sentiment, wired to cases, with owners' own phrases."""

from dataclasses import dataclass

from django.utils import timezone

from rightthere.cases.models import Case, Direction, Kind, Message, Priority
from rightthere.coach.check import Finding, check_reply
from rightthere.coach.models import CoachPhrase, CoachSettings, MessageSentiment, ReplyFinding
from rightthere.coach.rules import RuleSet, rules_for
from rightthere.coach.sentiment import text_score
from rightthere.core.config_cache import ConfigCache
from rightthere.core.rows import insert_row

MAX_CHECK_CHARS = 20_000
RAISED = {
    Priority.LOW: Priority.NORMAL,
    Priority.NORMAL: Priority.HIGH,
    Priority.HIGH: Priority.URGENT,
}


def current_rules(language: str = "en") -> RuleSet:
    """The rule file's rules plus the phrases owners added in the admin."""
    extra = CoachPhrase.objects.filter(active=True).values_list("category", "phrase", "suggestion")
    return rules_for(language).with_phrases(tuple(extra))


def check_draft(
    text: str,
    *,
    case: Case | None = None,
    complaint: bool | None = None,
    categories: frozenset[str] | None = None,
) -> list[Finding]:
    """Check a draft reply; on a complaint the missing-apology check is on."""
    if complaint is None:
        complaint = case is not None and case.kind == Kind.COMPLAINT
    return check_reply(
        text[:MAX_CHECK_CHARS],
        complaint=complaint,
        rules=current_rules(),
        today=timezone.localdate(),
        categories=categories,
    )


def record_sent_findings(message: Message, findings: list[Finding] | None = None) -> int:
    """Keep the findings still open when a reply was sent; returns how many."""
    if message.direction != Direction.OUTBOUND:
        return 0
    case = message.case
    findings = findings if findings is not None else check_draft(message.body_text, case=case)
    ReplyFinding.objects.bulk_create(
        ReplyFinding(
            message=message, author=message.author, category=f.category, start=f.start,
            end=f.end, text=f.text[:300], created_at=message.created_at,
        )
        for f in findings
    )  # fmt: skip
    return len(findings)


# Read for every customer message; changed in the admin once in a while.
_coach_settings = ConfigCache(CoachSettings.current, CoachSettings)


def _store_sentiment(message: Message, case: Case, score: float, upset: bool) -> MessageSentiment:
    """Insert the sentiment of a message just added (one plain INSERT: every
    customer message comes here)."""
    return insert_row(
        MessageSentiment(
            message=message, case=case, score=score, upset=upset, created_at=message.created_at
        )
    )


@dataclass(frozen=True)
class InboundNote:
    """What the coach made of a customer's message, and what the desk should do."""

    sentiment: MessageSentiment
    raise_priority_to: str | None  # the first upset message of a case raises it
    mark_complaint: bool  # ... and, when the owner chose so, makes it a complaint


def note_inbound_message(case: Case, message: Message) -> InboundNote:
    """Score a customer's message and say how the case should react.

    A very negative message, the first of its case, asks for the priority one
    step higher and (when the setting is on) the recovery playbook; the use case
    (`desk.messages.add_customer_message`) does both. Runs for every customer
    message, so a calm one costs a single INSERT."""
    settings = _coach_settings.get()
    score = text_score(message.body_text)
    upset = score <= settings.upset_threshold
    if not upset:
        return InboundNote(_store_sentiment(message, case, score, upset), None, False)
    # Only the first upset message of a case raises it; later ones find it raised.
    first_upset = not MessageSentiment.objects.filter(case=case, upset=True).exists()
    sentiment = _store_sentiment(message, case, score, upset)
    if not first_upset:
        return InboundNote(sentiment, None, False)
    return InboundNote(
        sentiment,
        RAISED.get(Priority(case.priority)),
        settings.upset_marks_complaint and case.kind != Kind.COMPLAINT,
    )

"""The reply check and incoming sentiment, wired to cases, with owners' own phrases."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext

from rightthere.cases.business_hours import opening_periods
from rightthere.cases.models import Case, Direction, Kind, Message, Priority
from rightthere.coach.check import Finding, check_reply
from rightthere.coach.commitments import Commitment, read_commitments
from rightthere.coach.language import language_name, reply_language
from rightthere.coach.models import CoachPhrase, CoachSettings, MessageSentiment, ReplyFinding
from rightthere.coach.rules import RuleSet, has_rules_for, rules_for
from rightthere.coach.upset import Assessment, History, assess
from rightthere.core.config_cache import ConfigCache
from rightthere.core.rows import insert_row

MAX_CHECK_CHARS = 20_000
RAISED = {
    Priority.LOW: Priority.NORMAL,
    Priority.NORMAL: Priority.HIGH,
    Priority.HIGH: Priority.URGENT,
}


def current_rules(language: str = "en") -> RuleSet:
    """The rule file's rules plus the patterns owners added, without those they turned off
    (Settings → Reply check)."""
    rows = list(
        CoachPhrase.objects.filter(active=True).values_list(
            "category", "phrase", "suggestion", "turns_off"
        )
    )
    extra = tuple((c, p, s) for c, p, s, off in rows if not off)
    disabled = tuple((c, p) for c, p, _, off in rows if off)
    return rules_for(language).with_phrases(extra, disabled)


def not_checked_because(text: str, case: Case | None = None) -> str:
    """Why the reply check does not read this reply ("" when it does): its rules are
    written for English, and the reply is in another language (guessed from its words,
    else the customer's). Said to the writer instead of findings that would be wrong."""
    language = reply_language(text, case)
    if has_rules_for(language):
        return ""
    return gettext(
        "The reply check's rules are English; this reply looks %(language)s, so it was not "
        "checked. Read it over yourself for excuses, blame and vague dates."
    ) % {"language": gettext(language_name(language))}


def check_draft(
    text: str,
    *,
    case: Case | None = None,
    complaint: bool | None = None,
    categories: frozenset[str] | None = None,
    flags_only: bool = False,
) -> list[Finding]:
    """Check a draft reply; on a complaint the missing-apology check is on. A reply in
    a language the rules are not written for is not checked (`not_checked_because`).
    `flags_only` leaves out the scorer's softer suggestions: for whatever refuses,
    asks for confirmation or keeps the findings, a "maybe" must not count."""
    if not_checked_because(text, case):
        return []
    if complaint is None:
        complaint = case is not None and case.kind == Kind.COMPLAINT
    findings = check_reply(
        text[:MAX_CHECK_CHARS],
        complaint=complaint,
        rules=current_rules(),
        today=timezone.localdate(),
        categories=categories,
    )
    return [f for f in findings if f.level == "flag"] if flags_only else findings


def flagged_as_vague(text: str, start: int, end: int, case: Case | None = None) -> bool:
    """Whether the reply check shows a vague time within text[start:end] (a flag or a
    "may read as"): the composer then names it once, as the check's finding, whose fix
    puts in a date and fills the promise, not again in the promise chip."""
    found = check_draft(text, case=case, categories=frozenset({"vague_commitment"}))
    return any(f.start < end and start < f.end for f in found)


def record_sent_findings(message: Message, findings: list[Finding] | None = None) -> int:
    """Keep the findings (flags; not the scorer's softer suggestions) still open when a
    reply was sent; returns how many."""
    if message.direction != Direction.OUTBOUND:
        return 0
    case = message.case
    findings = findings if findings is not None else check_draft(message.body_text, case=case)
    findings = [f for f in findings if f.level == "flag"]
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


def upset_marks_complaint() -> bool:
    """The owner's choice (off by default): an upset customer's case becomes a complaint
    on the recovery playbook at once, instead of the case page suggesting it."""
    return _coach_settings.get().upset_marks_complaint


def _store_sentiment(message: Message, case: Case, found: Assessment) -> MessageSentiment:
    """Insert the sentiment of a message just added (one plain INSERT: every
    customer message comes here)."""
    return insert_row(
        MessageSentiment(
            message=message, case=case, score=found.lexicon, upset=found.level == "flag",
            upset_score=found.score, level=found.level,
            reasons=[r.text for r in found.reasons], created_at=message.created_at,
        )
    )  # fmt: skip


@dataclass(frozen=True)
class InboundNote:
    """What the coach made of a customer's message, and what the desk should do."""

    sentiment: MessageSentiment
    raise_priority_to: str | None  # the first upset message of a case raises it
    mark_complaint: bool  # ... and, when the owner chose so, makes it a complaint


def decide(
    found: Assessment, settings: CoachSettings, *, first_flag: bool, kind: str
) -> tuple[bool, bool]:
    """(raise the priority, make it a complaint) for an assessed message: only a flag
    (a strong signal), the first of its case, raises it; only the owner's setting
    (off by default) turns that flag into a complaint. A weak signal is a suggestion
    on the case page and changes nothing."""
    if found.level != "flag" or not first_flag:
        return False, False
    return True, settings.upset_marks_complaint and kind != Kind.COMPLAINT


def note_inbound_message(
    case: Case, message: Message, history: History | None = None, *, opening: bool = False
) -> InboundNote:
    """Assess a customer's message (`coach.upset`) and say how the case should react.

    `history`: what the case says about their patience (messages without our reply,
    broken promises, a late answer), gathered by the desk. A flagged message, the
    first of its case, asks for the priority one step higher and (when the owner's
    setting is on) the recovery playbook; the use case (`desk.reactions`) does both.
    Runs for every customer message, so a calm one costs a single INSERT. `opening`: the
    message opened the case, so no earlier one can have flagged it (nothing to read)."""
    settings = _coach_settings.get()
    found = assess(message.body_text, history, lexicon_at=settings.upset_threshold)
    if found.level != "flag":
        return InboundNote(_store_sentiment(message, case, found), None, False)
    # Only the first flagged message of a case raises it; later ones find it raised.
    first_flag = opening or not MessageSentiment.objects.filter(case=case, upset=True).exists()
    sentiment = _store_sentiment(message, case, found)
    raise_it, complaint = decide(found, settings, first_flag=first_flag, kind=case.kind)
    return InboundNote(
        sentiment, RAISED.get(Priority(case.priority)) if raise_it else None, complaint
    )


def read_promises(text: str, *, now: datetime | None = None) -> list[Commitment]:
    """Our commitments in a draft reply, dated ones resolved in the desk's time zone
    against its opening hours and holidays (for the composer's promise chip)."""
    periods, holidays = opening_periods()
    moment = timezone.localtime(now or timezone.now())
    return read_commitments(text[:MAX_CHECK_CHARS], now=moment, periods=periods, holidays=holidays)

"""What the customer sees about their case: plain words, a person and a date."""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import BigIntegerField, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy

from rightthere.cases.models import Attachment, Case, Direction, Status
from rightthere.core import spoken
from rightthere.core.compiled import CompiledModels, Param, compile_once
from rightthere.customers.language import is_english
from rightthere.field import choosing
from rightthere.field.models import ACTIVE_STATUSES, Visit, VisitStatus
from rightthere.field.slots import Proposal, Slot
from rightthere.promises.chasing import NEEDED_FROM_YOU, answer_wanted_by
from rightthere.promises.models import Promise, PromiseSource, PromiseState

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What the customer sees of a case's messages: never the internal notes.
CUSTOMER_DIRECTIONS = (Direction.INBOUND, Direction.OUTBOUND)

CUSTOMER_STATUS: "dict[str, StrOrPromise]" = {
    Status.NEW: pgettext_lazy("case status, to the customer", "Received"),
    Status.OPEN: pgettext_lazy("case status, to the customer", "We are working on it"),
    Status.WAITING_US: pgettext_lazy("case status, to the customer", "We are working on it"),
    Status.WAITING_CUSTOMER: pgettext_lazy(
        "case status, to the customer", "Waiting for your answer"
    ),
    Status.SOLVED: pgettext_lazy("case status, to the customer", "Solved"),
    Status.CLOSED: pgettext_lazy("case status, to the customer", "Closed"),
}


@dataclass(frozen=True)
class CustomerStatus:
    label: str
    handler: str
    next_step: str
    next_date: datetime | None


@dataclass(frozen=True)
class BookedVisit:
    visit: Visit
    sentence: str  # "Tom Baker will come on Tuesday 8 December between 9:00 and 11:00"


def handler_name(case: Case) -> str:
    """Who has the case: its assignee, else the person who last replied to the
    customer, else the team."""
    person = case.assignee
    if person is None and case.first_responded_at is not None:  # no reply yet, no query
        last_reply = (
            case.messages.filter(
                direction=Direction.OUTBOUND, automatic=False, author__isnull=False
            )
            .select_related("author")
            .order_by("-created_at", "-id")
            .first()
        )
        person = last_reply.author if last_reply is not None else None
    if person is not None:
        return person.first_name or person.display_name
    return gettext("our customer service team")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def next_promise(case: Case) -> Promise | None:
    """The next thing we promised this customer, soonest first. A promise typed
    with an internal note is the team's own reminder: its words are the note's
    and stay inside (issue #16)."""
    found = compile_once("case's next promise", _next_promise).fetch({"case": case.pk})
    for promise in found:
        promise.case = case  # as the related manager gives it
    return found[0] if found else None


def _next_promise() -> CompiledModels[Promise]:
    """`case.promises.filter(state=OPEN).exclude(message__direction=NOTE)
    .order_by("due_at").first()`, compiled once (core.compiled, docs/speed-code.md):
    building it was ~2,300 of the ~15,000 Python calls of a case opened through the
    contact form, whose page says what we promised next, and of every status page (#23).
    Guard: tests/portal/test_next_promise_read.py."""
    return CompiledModels(
        Promise.objects.filter(case_id=Param("case", BigIntegerField()), state=PromiseState.OPEN)
        .exclude(message__direction=Direction.NOTE)
        .order_by("due_at")[:1]
    )


def customer_status(case: Case, visit: BookedVisit | None = None) -> CustomerStatus:
    """`visit`: the case's booked visit (`booked_visit`), if the page shows it; a visit
    promise is then told as the visit itself (who comes, when), not as the handler's."""
    who = handler_name(case)
    if case.status in (Status.SOLVED, Status.CLOSED):
        step = gettext(
            "Nothing more to do. If something is still not right, reply below and we reopen it."
        )
        when = None
    elif case.status == Status.WAITING_CUSTOMER:
        what = NEEDED_FROM_YOU.get(
            case.waiting_reason, pgettext("we still need ... from you", "your answer")
        )
        when = answer_wanted_by(case)
        step = gettext(
            "We need %(what)s from you to carry on. You can reply here or to our e-mail."
        ) % {"what": what}
        if when is not None:
            step += " " + gettext("If you can, please reply by")
    elif (promise := next_promise(case)) is not None:
        if promise.source == PromiseSource.VISIT and visit is not None:
            step, when = visit.sentence, None
        elif promise.source == PromiseSource.FIRST_RESPONSE and not is_english(get_language()):
            # The desk's own words ("Send the first answer") are stored in English.
            step = gettext("%(who)s will answer you by") % {"who": _upper_first(who)}
            when = promise.due_at
        else:
            # The promise's words are the agent's, in the customer's language.
            # English reads "Priya will send the quote by"; other languages keep the words
            # as typed ("what" may be in the customer's language, with its capitals).
            what = promise.what if not is_english(get_language()) else _lower_first(promise.what)
            doer, what = _doer(what) if is_english(get_language()) else (None, what)
            step = gettext("%(who)s will %(what)s by") % {
                "who": _upper_first(doer or who),
                "what": what,
            }
            when = promise.due_at
    elif case.first_responded_at is None:
        step = gettext("%(who)s will answer you by") % {"who": _upper_first(who)}
        when = case.first_response_due
    else:
        step, when = gettext("We aim to have this resolved by"), case.resolution_due
    return CustomerStatus(
        label=str(CUSTOMER_STATUS[Status(case.status)]), handler=who, next_step=step, next_date=when
    )


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# A promise read from a reply where a colleague does it is stored as what *we* do
# ("have Tara come and check the pump", coach.commitments): the customer reads it as
# theirs ("Tara will come and check the pump"), not "Adam will have Tara come...".
NAMED = re.compile(r"^have ((?:[A-Z][\w'-]+ )+)(?=(?!and\b|or\b)[a-z])")
THEIR_VERBS = (
    "be", "bring", "book", "call", "check", "collect", "come", "confirm", "contact", "deliver",
    "do", "drop", "e-mail", "email", "finish", "fit", "fix", "get", "give", "install", "look",
    "phone", "pop", "repair", "replace", "ring", "send", "service", "sort", "start", "text",
    "visit",
)  # fmt: skip
OUR_PERSON = re.compile(
    r"^have ((?:our|the) (?:[\w'-]+ ){1,3}?)(?=(?:" + "|".join(THEIR_VERBS) + r")\b)"
)


def _doer(what: str) -> tuple[str | None, str]:
    """Who does it, when the promise names someone else, and what they do."""
    match = NAMED.match(what) or OUR_PERSON.match(what)
    if match is None:
        return None, what
    return match.group(1).strip(), what[match.end() :]


def booked_visit(case: Case, now: datetime | None = None) -> BookedVisit | None:
    """The case's next visit that has not ended, with who comes and when, in words."""
    now = now or timezone.now()
    visit = (
        case.visits.filter(status__in=ACTIVE_STATUSES, ends_at__gt=now)
        .select_related("technician", "partner")
        .order_by("starts_at", "id")
        .first()
    )
    if visit is None:
        return None
    if visit.technician is not None:
        who = visit.technician.display_name
    elif visit.partner is not None:
        who = gettext("A technician from %(partner)s") % {"partner": visit.partner.name}
    else:
        return _our_visit(visit, now)
    start, end = timezone.localtime(visit.starts_at), timezone.localtime(visit.ends_at)
    words = {"who": who, "day": _visit_day(start, now), "start": spoken.clock(start),
             "end": spoken.clock(end)}  # fmt: skip
    if visit.status == VisitStatus.ON_THE_WAY:
        if visit.expected_at is not None:
            words["eta"] = spoken.clock(visit.expected_at)
            return BookedVisit(visit, gettext(
                "%(who)s is on the way to you and should be with you at about %(eta)s (%(day)s)."
            ) % words)  # fmt: skip
        return BookedVisit(
            visit, gettext("%(who)s is on the way to you (%(day)s, between %(start)s and %(end)s).")
            % words
        )  # fmt: skip
    return BookedVisit(
        visit, gettext("%(who)s will come on %(day)s between %(start)s and %(end)s.") % words
    )


def _visit_day(start: datetime, now: datetime) -> str:
    day = spoken.day(start)
    return f"{day} {start.year}" if start.year != timezone.localtime(now).year else day


def _our_visit(visit: Visit, now: datetime) -> BookedVisit:
    """A visit nobody is named for yet: "we" come (its own sentences: "we" conjugates)."""
    start, end = timezone.localtime(visit.starts_at), timezone.localtime(visit.ends_at)
    words = {"day": _visit_day(start, now), "start": spoken.clock(start), "end": spoken.clock(end)}
    if visit.status == VisitStatus.ON_THE_WAY:
        return BookedVisit(
            visit, gettext("We are on the way to you (%(day)s, between %(start)s and %(end)s).")
            % words
        )  # fmt: skip
    return BookedVisit(
        visit, gettext("We will come on %(day)s between %(start)s and %(end)s.") % words
    )


def customer_files(case: Case) -> QuerySet[Attachment]:
    """The files the customer sent us and the files we sent them (no internal notes')."""
    return (
        Attachment.objects.filter(message__case=case, message__direction__in=CUSTOMER_DIRECTIONS)
        .select_related("message")
        .order_by("message__created_at", "id")
    )


@dataclass(frozen=True)
class VisitChoice:
    """The visit times the customer may pick on their page: a visit offered to choose
    ("choose"), or new times for the booked visit they asked to move ("move").
    `can_move`: the booked visit may still be moved here (before the owner's cut-off)."""

    mode: str  # "choose", "move" or "" (a booked visit, not being moved)
    slots: list[Slot]
    message: str = ""
    can_move: bool = False
    move_until: str = ""
    error: str = ""


def visit_choice(
    case: Case, visit: BookedVisit | None, *, moving: bool = False, now: datetime | None = None
) -> VisitChoice | None:
    """What the status page offers about the visit's time, if anything."""
    now = now or timezone.now()
    if visit is not None:
        booked = visit.visit
        if not choosing.can_move(booked, now):
            return None
        until = choosing.choice_deadline_text(booked)
        if not moving:
            return VisitChoice(mode="", slots=[], can_move=True, move_until=until)
        proposal = choosing.slots_to_move(booked, now=now)
        return VisitChoice(mode="move", slots=proposal.slots, message=_none_free(proposal),
                           can_move=True, move_until=until)  # fmt: skip
    if case.status in (Status.SOLVED, Status.CLOSED):
        return None
    offer = choosing.open_offer_of(case)
    if offer is None:
        return None
    proposal = choosing.slots_for_offer(offer, now=now)
    return VisitChoice(mode="choose", slots=proposal.slots, message=_none_free(proposal))


def fresh_choice(case: Case, fresh: Proposal, error: str, moving: bool) -> VisitChoice:
    """After a refused choice: the slots free now, with why."""
    return VisitChoice(mode="move" if moving else "choose", slots=fresh.slots,
                       message=_none_free(fresh), can_move=moving, error=error)  # fmt: skip


def _none_free(proposal: Proposal) -> str:
    if proposal.slots:
        return ""
    return gettext(
        "No time is free in the coming weeks yet. Reply below and we will find one with you."
    )

"""Field visits the customer hears about: booking one, the return visit after "return
needed", moving one, a part that arrives or runs late, and the outcome of a visit.

Field checks and writes the visits and part orders and drafts what the customer is
told (a `VisitNotice`: the visit, the text, who it is from); here the visit's
promise is made, kept or renegotiated, the case waits for a part or stops waiting,
and the customer is sent the text with the visit's calendar invite attached, so
every door (the technician's pages, the API, the periodic job) does the same.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import PartnerCompany, User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Case, Message, Status, WaitingReason
from rightthere.core import spoken
from rightthere.core.errors import InvalidInput
from rightthere.core.retry import retry_on_contention
from rightthere.customers.language import speaking_business_language, speaking_to_case
from rightthere.desk.messages import send_reply
from rightthere.desk.promises import renegotiate_promise
from rightthere.field import booking, choosing, invites, parts, visit_day, visit_texts, visits
from rightthere.field.booking import ChosenSlot
from rightthere.field.invites import VisitNotice
from rightthere.field.models import (
    DayMessageKind,
    Outcome,
    Part,
    PartOrder,
    Skill,
    Visit,
    VisitOffer,
)
from rightthere.notifications import actions as notifications
from rightthere.portal.links import status_url
from rightthere.promises.actions import (
    check_renegotiation,
    keep_promise,
    make_promise,
    record_renegotiation,
    release_promise,
)
from rightthere.promises.models import Promise, PromiseSource, PromiseState
from rightthere.sms.models import SmsKind
from rightthere.sms.sending import queue_sms
from rightthere.webhooks import events as webhooks
from rightthere.webhooks.models import EventType


def _webhook(event: str, visit: Visit, *, actor: User | None, at: datetime) -> None:
    """The visit's webhook event (`visit.booked`, `.moved`, `.done`)."""
    webhooks.emit(event, case=visit.case, at=at, data={"actor": webhooks.actor_name(actor),
        "visit": {
            "id": visit.pk, "starts_at": visit.starts_at, "ends_at": visit.ends_at,
            "status": visit.status, "outcome": visit.outcome or None,
            "technician": visit.technician.username if visit.technician else None,
            "partner": visit.partner.name if visit.partner else None,
            "return_of": visit.return_of_id,
        }})  # fmt: skip


def _tell(notice: VisitNotice) -> Message:
    """Send the customer field's message with the visit's calendar invite, as a reply
    (without the reply check: field drafted the text)."""
    return send_reply(
        notice.visit.case,
        actor=notice.author,
        body_text=notice.text,
        attachments=[notice.invite()],
        check_wording=False,
    )


@transaction.atomic
def book_visit(
    case: Case,
    *,
    actor: User | None,
    starts_at: datetime,
    duration_minutes: int,
    technician: User | None = None,
    partner: PartnerCompany | None = None,
    skill: Skill | None = None,
    address: str = "",
    chosen_by_customer: bool = False,
    now: datetime | None = None,
) -> Visit:
    """Book a visit for a case (owners and agents; or the customer choosing among the
    times offered, `chosen_by_customer`, with no actor).

    In order: field checks who books and the slot rules and stores the visit (tentative,
    or confirmed when the customer chose the time); the visit is promised to the customer (the promise is due when it ends);
    the customer is sent the date with the calendar invite."""
    now = now or timezone.now()
    notice = visits.add_visit(case, actor=actor, starts_at=starts_at,
                              duration_minutes=duration_minutes, technician=technician,
                              partner=partner, skill=skill, address=address,
                              chosen_by_customer=chosen_by_customer, now=now)  # fmt: skip
    visit = notice.visit
    promise = make_promise(case, actor=actor, what="Visit to do the repair",
                           due_at=visit.ends_at, source=PromiseSource.VISIT, now=now)  # fmt: skip
    visits.link_promise(visit, promise)
    _tell(notice)
    _webhook(EventType.VISIT_BOOKED, visit, actor=actor, at=now)
    return visit


_MOVABLE = (PromiseState.OPEN, PromiseState.BROKEN)


@dataclass(frozen=True)
class ReturnBooking:
    failed_visit: Visit
    order: PartOrder
    visit: Visit
    promise: Promise
    message: Message


@transaction.atomic
def book_return(
    visit: Visit,
    *,
    actor: User | None,
    part: Part,
    quantity: int = 1,
    expected_arrival: datetime | None = None,
    skill: Skill | None = None,
    duration_minutes: int | None = None,
    slot: ChosenSlot | None = None,
    now: datetime | None = None,
) -> ReturnBooking:
    """On the spot, from a visit that needs a return (the technician, or an agent).

    In order: field checks the failed visit, orders the part and stores the chosen
    (or earliest) slot after its arrival as a tentative visit waiting for it; the
    return is promised to the customer: the failed visit's open promise is
    renegotiated to it, agreed with the customer in person (else a new promise is
    made); the customer is sent the date with the calendar invite; the failed visit
    is closed; and the case waits on us for the part."""
    now = now or timezone.now()
    placed = booking.place_return(visit, actor=actor, part=part, quantity=quantity,
                                  expected_arrival=expected_arrival, skill=skill,
                                  duration_minutes=duration_minutes, slot=slot,
                                  now=now)  # fmt: skip
    new, case = placed.visit, placed.failed_visit.case
    # From the booker when they may work on the case, else from the desk (a partner's user).
    author, what = placed.notice.author, f"Return visit to finish the repair ({part.name})"
    first = placed.failed_visit.promise
    if first is not None and first.state in _MOVABLE and first.replaced_by_id is None:
        # The customer agreed the new date there and then: the first visit's promise is
        # renegotiated to the return (not left open for the timer to break; one the
        # timer broke already stays broken, moved to the return).
        first = check_renegotiation(first, actor=author, new_due=new.ends_at, now=now)
        message = _tell(placed.notice)
        promise = record_renegotiation(first, actor=author, new_due=new.ends_at,
                                       message=message, now=now, what=what,
                                       agreed_in_person=True)  # fmt: skip
    else:
        promise = make_promise(case, actor=author, what=what, due_at=new.ends_at,
                               source=PromiseSource.VISIT, now=now)  # fmt: skip
        message = _tell(placed.notice)
    visits.link_promise(new, promise)
    visits.close_visit(placed.failed_visit, actor=actor, now=now)
    _webhook(EventType.VISIT_BOOKED, new, actor=actor, at=now)
    if case.status != Status.WAITING_US or case.waiting_reason != WaitingReason.PART:
        case_actions.change_status(
            case, actor=None, status=Status.WAITING_US, waiting_reason=WaitingReason.PART
        )
    return ReturnBooking(failed_visit=placed.failed_visit, order=placed.order, visit=new,
                         promise=promise, message=message)  # fmt: skip


def _tell_moved(notice: VisitNotice, *, now: datetime) -> Message:
    """A visit moved: while its promise is open, the promise is renegotiated to the new
    end (which sends the customer the text) and the invite is added to that message;
    otherwise the customer is sent the text with the invite. Returns the message."""
    visit = notice.visit
    promise = visit.promise
    if promise is not None and promise.state == PromiseState.OPEN:
        new = renegotiate_promise(promise, actor=notice.author, new_due=visit.ends_at,
                                  message_text=notice.text, now=now)  # fmt: skip
        visits.link_promise(visit, new)
        if new.message is not None:
            invites.attach_invite(new.message, visit)
            return new.message
    return _tell(notice)


@transaction.atomic
def reschedule_visit(
    visit: Visit,
    *,
    actor: User | None,
    slot: ChosenSlot,
    reason: str = "",
    by_customer: bool = False,
    now: datetime | None = None,
) -> Visit:
    """An owner or agent moves a visit to a chosen slot: another time, and maybe another
    technician or partner (e.g. one flagged for re-booking, or from the schedule board);
    or the customer moves it on their status page (`by_customer`, no actor:
    `choose_visit_slot`).

    In order: field checks the slot and moves the visit (tentative again while its part
    is on order); then the customer is told, with the reason if one is given: through
    renegotiating the visit's promise while it is open, else by a message, each with
    the new calendar invite; the technician is notified."""
    now = now or timezone.now()
    notice = booking.move_to_chosen_slot(visit, actor=actor, slot=slot, reason=reason,
                                         by_customer=by_customer, now=now)  # fmt: skip
    _tell_moved(notice, now=now)
    _webhook(EventType.VISIT_MOVED, notice.visit, actor=actor, at=now)
    if not by_customer:  # the customer's own move is notified as theirs
        _notify_moved(notice.visit, actor=actor)
    return notice.visit


def _notify_moved(visit: Visit, *, actor: User | None) -> None:
    notifications.visit_moved(visit.case, visit_id=visit.pk, starts_at=visit.starts_at,
                              technician=visit.technician, actor=actor)  # fmt: skip


@transaction.atomic
def reassign_visit(
    visit: Visit,
    *,
    actor: User | None,
    technician: User | None = None,
    partner: PartnerCompany | None = None,
    now: datetime | None = None,
) -> Visit:
    """An owner or agent gives a visit to another technician or partner at the same time.

    In order: field checks the rules for the new doer and reassigns the visit; the
    customer is told who comes, with the updated calendar invite. The promise (its date)
    stands. Giving it to whoever has it already changes nothing."""
    now = now or timezone.now()
    notice = visits.reassign_visit(visit, actor=actor, technician=technician, partner=partner,
                                   now=now)  # fmt: skip
    if notice is None:
        return visit
    _tell(notice)
    return notice.visit


@transaction.atomic
def cancel_visit(
    visit: Visit, *, actor: User | None, reason: str, now: datetime | None = None
) -> Visit:
    """An owner or agent cancels a visit, with a reason the customer reads.

    In order: field checks and cancels the visit; the customer is told, with a calendar
    update that takes the visit off their calendar (METHOD:CANCEL); the visit's promise,
    while open, is released (neither kept nor broken)."""
    now = now or timezone.now()
    notice = visits.cancel_visit(visit, actor=actor, reason=reason, now=now)
    _tell(notice)
    promise = notice.visit.promise
    if promise is not None and promise.state == PromiseState.OPEN:
        release_promise(
            promise, actor=notice.author, why=gettext("the visit was cancelled"), now=now
        )
    return notice.visit


@transaction.atomic
def record_visit_outcome(
    visit: Visit,
    *,
    actor: User | None,
    outcome: str,
    return_reason: str = "",
    root_cause: str = "",
    note: str = "",
    parts_used: Sequence[tuple[Part, int]] = (),
    now: datetime | None = None,
) -> Visit:
    """What came of the visit (its technician or partner, or the office).

    In order: field records the outcome and the parts used (from stock); "fixed"
    closes the visit, and then its promise, while open, is kept; "return needed"
    leaves it open until the return is booked (`book_return`)."""
    now = now or timezone.now()
    visit = visits.save_outcome(visit, actor=actor, outcome=outcome, return_reason=return_reason,
                                root_cause=root_cause, note=note, parts_used=parts_used,
                                now=now)  # fmt: skip
    if outcome == Outcome.FIXED and visit.promise is not None and visit.promise.is_open:
        keep_promise(visit.promise, actor=None, now=now)
    _webhook(EventType.VISIT_DONE, visit, actor=actor, at=now)
    return visit


@transaction.atomic
def receive_part(order: PartOrder, *, actor: User | None, now: datetime | None = None) -> PartOrder:
    """The part is in (owners and agents).

    In order: field marks the order received and puts the part in stock; then for each
    visit waiting for it, one after the other: a tentative visit is confirmed, the
    customer is told with the calendar invite, and a case waiting on us for the part
    is open again."""
    now = now or timezone.now()
    order = parts.take_delivery(order, actor=actor, now=now)
    notifications.part_arrived(order.case, part=order.part.name, actor=actor)
    for visit in booking.waiting_visits(order):
        _tell(booking.confirm_for_part(visit, actor=actor, now=now))
        case = visit.case
        if case.status == Status.WAITING_US and case.waiting_reason == WaitingReason.PART:
            case_actions.change_status(case, actor=None, status=Status.OPEN)
    return order


def handle_late_part(order: PartOrder, *, now: datetime) -> list[Visit]:
    """The visits that can no longer have the part in time, one after the other: field
    moves one to the earliest slot after the part is here and its customer is told
    (`reschedule_visit`'s way, before the old date), or flags it for an agent.
    Returns the visits moved. Runs in the caller's transaction."""
    moved = []
    for late in booking.late_visits(order, now=now):
        notice = booking.rebook_late_visit(late, now=now)
        if notice is not None:
            _tell_moved(notice, now=now)
            _webhook(EventType.VISIT_MOVED, notice.visit, actor=None, at=now)
            _notify_moved(notice.visit, actor=None)
            moved.append(notice.visit)
    return moved


@transaction.atomic
def change_part_order(
    order: PartOrder,
    *,
    actor: User | None,
    expected_arrival: datetime | None = None,
    wrong_part: bool | None = None,
    defective: bool | None = None,
    root_cause: str | None = None,
    now: datetime | None = None,
) -> PartOrder:
    """A new arrival date from the vendor, or a wrong/defective flag with its root cause
    (owners and agents).

    In order: field checks and records the change; then, when the arrival moved, the
    visits that can no longer have the part in time are dealt with (`handle_late_part`)."""
    now = now or timezone.now()
    changed = parts.update_order(order, actor=actor, expected_arrival=expected_arrival,
                                 wrong_part=wrong_part, defective=defective,
                                 root_cause=root_cause, now=now)  # fmt: skip
    if changed.arrival_moved:
        handle_late_part(changed.order, now=now)
    return changed.order


def check_part_arrivals(now: datetime | None = None) -> dict[str, int]:
    """Periodic: every visit waiting for a part that will not be here in time is dealt with
    (`handle_late_part`), while there is still time to tell the customer before the old
    date. One transaction per part order."""
    now = now or timezone.now()
    moved = 0
    for order in booking.awaited_orders():
        with transaction.atomic():
            moved += len(handle_late_part(order, now=now))
    return {"visits_moved": moved}


def _slot_line(starts_at: datetime, ends_at: datetime) -> str:
    return f"- {spoken.day(starts_at)}, {spoken.clock(starts_at)}–{spoken.clock(ends_at)}"


@transaction.atomic
def offer_visit_slots(
    case: Case,
    *,
    actor: User | None,
    skill: Skill | None = None,
    duration_minutes: int = 60,
    address: str = "",
    now: datetime | None = None,
) -> VisitOffer:
    """A visit is needed and the customer chooses its time (owners and agents: "Let the
    customer choose a time").

    In order: field checks and records the offer (what the visit needs); the customer is
    sent the best slots free now and the link to their status page, where they pick one
    (`choose_visit_slot`). The status page always shows the slots as they are then."""
    now = now or timezone.now()
    offer = choosing.open_offer(case, actor=actor, skill=skill, duration_minutes=duration_minutes,
                                address=address, now=now)  # fmt: skip
    proposal = choosing.slots_for_offer(offer, now=now)
    url = status_url(case, str(settings.RIGHTTHERE["BASE_URL"]))
    with speaking_to_case(case):
        text = _offer_text(case, proposal, url)
    send_reply(case, actor=invites.author_on(actor, case), body_text=text, at=now,
               check_wording=False)  # fmt: skip
    return offer


def _offer_text(case: Case, proposal: choosing.Proposal, url: str) -> str:
    """The mail that lets the customer choose, in their language."""
    greeting = invites.greeting_for(case)
    if not proposal.slots:
        return f"{greeting}\n\n" + gettext(
            "We need to come to you for this. No time is free in the coming weeks yet; as soon "
            "as one is, your page shows it and you can choose it there:\n%(url)s"
        ) % {"url": url}
    lines = "\n".join(_slot_line(s.starts_at, s.ends_at) for s in proposal.slots)
    return f"{greeting}\n\n" + gettext(
        "We need to come to you for this, and you can choose the time. These times are free "
        "now:\n\n%(slots)s\n\nPick the one that suits you on your page, with one click:\n"
        "%(url)s\n\nThe page always shows the times that are still free. If none of them "
        "suits you, reply to this message and we will find one with you."
    ) % {"slots": lines, "url": url}


def choose_visit_slot(
    case: Case, *, slot: ChosenSlot, who: str, now: datetime | None = None
) -> Visit:
    """The customer picks the time of their visit on their status page, or moves it
    (until the owner's cut-off before it starts). `who`: the customer, as the timeline
    names them. The whole choice runs again when the database turned it away for a
    concurrent one (SQLite's one writer at a time): the second run sees the first's
    visit and refuses with fresh times.

    In order: the choice is checked against the slots free now (`SlotTaken`, with the
    fresh ones, when it was taken meanwhile); a first choice books the visit through
    `book_visit`, a move goes through `reschedule_visit`, the same use cases as staff
    (promise, customer mail with the invite); the timeline says the customer chose; the
    technician (and the case's assignee) are notified. Two customers taking the same
    last slot at once: the calendar lock in field makes the second wait, find it taken
    and get fresh options."""
    return retry_on_contention(lambda: _choose(case, slot=slot, who=who, now=now))


@transaction.atomic
def _choose(case: Case, *, slot: ChosenSlot, who: str, now: datetime | None) -> Visit:
    now = now or timezone.now()
    visit = choosing.active_visit(case, now)
    if visit is not None:
        choosing.check_may_move(visit, now)
    try:
        with transaction.atomic():
            if visit is not None:
                choosing.check_choice(choosing.slots_to_move(visit, now=now), slot)
                chosen = reschedule_visit(visit, actor=None, slot=slot, by_customer=True, now=now)
            else:
                chosen = _book_offered(case, slot, now=now)
    except (choosing.SlotTaken, choosing.NoOffer):
        raise
    except InvalidInput as taken:  # taken between the check and the booking (at the same moment)
        fresh = (
            choosing.slots_to_move(visit, now=now)
            if visit is not None
            else _offered_slots(case, now=now)
        )
        raise choosing.SlotTaken(fresh) from taken
    choosing.record_choice(chosen, who=who, moved=visit is not None, now=now)
    with speaking_business_language():  # the staff's, not the customer's page's
        notifications.visit_chosen_by_customer(case, visit_id=chosen.pk,
                                               starts_at=chosen.starts_at,
                                               technician=chosen.technician,
                                               moved=visit is not None)  # fmt: skip
    return chosen


def _offered_slots(case: Case, *, now: datetime) -> choosing.Proposal:
    offer = choosing.open_offer_of(case)
    return choosing.slots_for_offer(offer, now=now) if offer is not None else choosing.Proposal([])


def _book_offered(case: Case, slot: ChosenSlot, *, now: datetime) -> Visit:
    offer = choosing.lock_open_offer(case)
    if offer is None:
        raise choosing.NoOffer(gettext("There is no visit to choose a time for on this request."))
    choosing.check_choice(choosing.slots_for_offer(offer, now=now), slot)
    technician, partner = booking.doer_of(slot)
    visit = book_visit(case, actor=None, starts_at=slot.starts_at,
                       duration_minutes=offer.duration_minutes, technician=technician,
                       partner=partner, skill=offer.skill, address=offer.address,
                       chosen_by_customer=True, now=now)  # fmt: skip
    choosing.close_offer(offer, visit=visit, now=now)
    return visit


def send_visit_reminders(now: datetime | None = None) -> dict[str, int]:
    """Periodic: the day before a visit, its customer is reminded of the time window and
    who comes; once per visit and start time (a visit that moves is reminded of again).
    One transaction per visit."""
    now = now or timezone.now()
    sent = 0
    for visit in visit_day.reminders_due(now):
        with transaction.atomic():
            claimed = visit_day.claim_reminder(visit, now=now)
            if claimed is None:
                continue
            message = send_reply(visit.case, actor=None, body_text=visit_day.reminder_text(visit),
                                 at=now, check_wording=False)  # fmt: skip
            visit_day.note_reminder(claimed, message, now=now)
            queue_sms(message, kind=SmsKind.VISIT_REMINDER, body=visit_texts.reminder(visit))
            sent += 1
    return {"visit_reminders": sent}


@transaction.atomic
def set_off_to_visit(
    visit: Visit, *, actor: User | None, eta_minutes: int, now: datetime | None = None
) -> Visit:
    """The technician taps "On my way" (their visit, today, around its time:
    `field.visit_day.check_set_off_time`).

    In order: field checks and sets the visit on the way with the estimated arrival; the
    customer is sent the name and the time (by mail, and by text to a mobile number); the
    message is kept with the visit's day."""
    now = now or timezone.now()
    notice = visit_day.set_off(visit, actor=actor, eta_minutes=eta_minutes, now=now)
    message = send_reply(notice.visit.case, actor=notice.author, body_text=notice.text, at=now,
                         check_wording=False)  # fmt: skip
    queue_sms(message, kind=SmsKind.ON_MY_WAY, body=visit_texts.on_my_way(notice.visit))
    visit_day.record_sent(notice.visit, DayMessageKind.ON_MY_WAY, message, now=now)
    return notice.visit


@transaction.atomic
def report_running_late(
    visit: Visit, *, actor: User | None, minutes: int, now: datetime | None = None
) -> Visit:
    """The technician taps "Running late".

    In order: field checks and moves the visit's window (and estimated arrival) by the
    delay; the customer is told the new window with the updated invite, through
    renegotiating the visit's promise while it is open (as any move of a visit); the
    case's assignee is notified; the message is kept with the visit's day. A mobile
    number is also texted the new window."""
    now = now or timezone.now()
    notice = visit_day.run_late(visit, actor=actor, minutes=minutes, now=now)
    message = _tell_moved(notice, now=now)
    queue_sms(message, kind=SmsKind.RUNNING_LATE,
              body=visit_texts.running_late(notice.visit, minutes=minutes, now=now))  # fmt: skip
    _notify_moved(notice.visit, actor=actor)
    visit_day.record_sent(notice.visit, DayMessageKind.RUNNING_LATE, message, now=now)
    return notice.visit

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

from django.db import transaction
from django.utils import timezone

from rightthere.accounts.models import PartnerCompany, User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Case, Message, Status, WaitingReason
from rightthere.desk.messages import send_reply
from rightthere.desk.promises import renegotiate_promise
from rightthere.field import booking, invites, parts, visits
from rightthere.field.booking import ChosenSlot
from rightthere.field.invites import VisitNotice
from rightthere.field.models import Outcome, Part, PartOrder, Skill, Visit
from rightthere.promises.actions import keep_promise, make_promise
from rightthere.promises.models import Promise, PromiseSource, PromiseState


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
    now: datetime | None = None,
) -> Visit:
    """Book a visit for a case (owners and agents).

    In order: field checks who books and the slot rules and stores the tentative
    visit; the visit is promised to the customer (the promise is due when it ends);
    the customer is sent the date with the calendar invite."""
    now = now or timezone.now()
    notice = visits.add_visit(case, actor=actor, starts_at=starts_at,
                              duration_minutes=duration_minutes, technician=technician,
                              partner=partner, skill=skill, address=address, now=now)  # fmt: skip
    visit = notice.visit
    promise = make_promise(case, actor=actor, what="Visit to do the repair",
                           due_at=visit.ends_at, source=PromiseSource.VISIT, now=now)  # fmt: skip
    visits.link_promise(visit, promise)
    _tell(notice)
    return visit


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
    return is promised to the customer; the customer is sent the date with the
    calendar invite; the failed visit is closed; and the case waits on us for the
    part."""
    now = now or timezone.now()
    placed = booking.place_return(visit, actor=actor, part=part, quantity=quantity,
                                  expected_arrival=expected_arrival, skill=skill,
                                  duration_minutes=duration_minutes, slot=slot,
                                  now=now)  # fmt: skip
    new, case = placed.visit, placed.failed_visit.case
    # From the booker when they may work on the case, else from the desk (a partner's user).
    promise = make_promise(case, actor=placed.notice.author,
                           what=f"Return visit to finish the repair ({part.name})",
                           due_at=new.ends_at, source=PromiseSource.VISIT, now=now)  # fmt: skip
    visits.link_promise(new, promise)
    message = _tell(placed.notice)
    visits.close_visit(placed.failed_visit, actor=actor, now=now)
    if case.status != Status.WAITING_US or case.waiting_reason != WaitingReason.PART:
        case_actions.change_status(
            case, actor=None, status=Status.WAITING_US, waiting_reason=WaitingReason.PART
        )
    return ReturnBooking(failed_visit=placed.failed_visit, order=placed.order, visit=new,
                         promise=promise, message=message)  # fmt: skip


def _tell_moved(notice: VisitNotice, *, now: datetime) -> None:
    """A visit moved: while its promise is open, the promise is renegotiated to the new
    end (which sends the customer the text) and the invite is added to that message;
    otherwise the customer is sent the text with the invite."""
    visit = notice.visit
    promise = visit.promise
    if promise is not None and promise.state == PromiseState.OPEN:
        new = renegotiate_promise(promise, actor=notice.author, new_due=visit.ends_at,
                                  message_text=notice.text, now=now)  # fmt: skip
        if new.message is not None:
            invites.attach_invite(new.message, visit)
        visits.link_promise(visit, new)
    else:
        _tell(notice)


@transaction.atomic
def reschedule_visit(
    visit: Visit, *, actor: User | None, slot: ChosenSlot, now: datetime | None = None
) -> Visit:
    """An owner or agent moves a visit to a chosen slot (e.g. one flagged for re-booking).

    In order: field checks the slot and moves the visit (tentative again while its part
    is on order); then the customer is told: through renegotiating the visit's
    promise while it is open, else by a message, each with the new calendar invite."""
    now = now or timezone.now()
    notice = booking.move_to_chosen_slot(visit, actor=actor, slot=slot, now=now)
    _tell_moved(notice, now=now)
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

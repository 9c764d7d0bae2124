"""Field visits the customer hears about: booking one, the return visit after "return
needed", moving, reassigning or cancelling one, and the outcome of a visit.

Field checks and writes the visits and drafts what the customer is told (a
`VisitNotice`: the visit, the text, who it is from); here the visit's promise is made,
kept, renegotiated or released, the case waits for a part, and the customer is sent
the text with the visit's calendar invite attached (`desk.visit_notices`), so every
door (the technician's pages, the API, the periodic job) does the same.

Parts that arrive or run late are in `desk.part_orders`; the customer choosing the
time in `desk.visit_choice`; reminders, "on my way" and "running late" in
`desk.visit_day`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import PartnerCompany, User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Case, Message, Status, WaitingReason
from rightthere.core.errors import InvalidInput
from rightthere.desk.visit_notices import (
    emit_visit_webhook,
    notify_visit_moved,
    send_move_notice,
    send_visit_notice,
)
from rightthere.field import booking, visits
from rightthere.field.booking import ChosenSlot
from rightthere.field.models import LEGACY_ROOT_CAUSES, Outcome, Part, PartOrder, Skill, Visit
from rightthere.promises.actions import (
    check_renegotiation,
    keep_promise,
    make_promise,
    record_renegotiation,
    release_promise,
)
from rightthere.promises.models import Promise, PromiseSource, PromiseState
from rightthere.recovery.models import RootCause, active_root_causes
from rightthere.webhooks.models import EventType


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
    send_visit_notice(notice)
    emit_visit_webhook(EventType.VISIT_BOOKED, visit, actor=actor, at=now)
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
        message = send_visit_notice(placed.notice)
        promise = record_renegotiation(first, actor=author, new_due=new.ends_at,
                                       message=message, now=now, what=what,
                                       agreed_in_person=True)  # fmt: skip
    else:
        promise = make_promise(case, actor=author, what=what, due_at=new.ends_at,
                               source=PromiseSource.VISIT, now=now)  # fmt: skip
        message = send_visit_notice(placed.notice)
    visits.link_promise(new, promise)
    visits.close_visit(placed.failed_visit, actor=actor, now=now)
    emit_visit_webhook(EventType.VISIT_BOOKED, new, actor=actor, at=now)
    if case.status != Status.WAITING_US or case.waiting_reason != WaitingReason.PART:
        case_actions.change_status(
            case, actor=None, status=Status.WAITING_US, waiting_reason=WaitingReason.PART
        )
    return ReturnBooking(failed_visit=placed.failed_visit, order=placed.order, visit=new,
                         promise=promise, message=message)  # fmt: skip


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
    send_move_notice(notice, now=now)
    emit_visit_webhook(EventType.VISIT_MOVED, notice.visit, actor=actor, at=now)
    if not by_customer:  # the customer's own move is notified as theirs
        notify_visit_moved(notice.visit, actor=actor)
    return notice.visit


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
    send_visit_notice(notice)
    return notice.visit


@transaction.atomic
def cancel_visit(
    visit: Visit,
    *,
    actor: User | None,
    reason: str,
    now: datetime | None = None,
    offer_new_date: bool = True,
) -> Visit:
    """An owner or agent cancels a visit, with a reason the customer reads.

    In order: field checks and cancels the visit; the customer is told, with a calendar
    update that takes the visit off their calendar (METHOD:CANCEL) and, unless
    `offer_new_date` is False (the case is being solved or closed: nothing is left to
    book), an invitation to reply for a new date; the visit's promise, while open, is
    released (neither kept nor broken)."""
    now = now or timezone.now()
    notice = visits.cancel_visit(visit, actor=actor, reason=reason, now=now,
                                 offer_new_date=offer_new_date)  # fmt: skip
    send_visit_notice(notice)
    promise = notice.visit.promise
    if promise is not None and promise.state == PromiseState.OPEN:
        release_promise(
            promise, actor=notice.author, why=gettext("the visit was cancelled"), now=now
        )
    return notice.visit


def find_root_cause(root_cause_id: int | None = None, root_cause: str = "") -> RootCause | None:
    """The root cause of a return, from the owner's list (Settings → Root causes, as
    complaints use it), offered ones only: by id, or by name (any case), or by one of the
    old fixed values visits had (office, vendor, diagnosis, technician, customer), mapped
    onto the list as the data migration did. None when neither is given."""
    value = (root_cause or "").strip()
    if root_cause_id is None and not value:
        return None
    offered = active_root_causes()
    if root_cause_id is not None:
        found = offered.filter(pk=root_cause_id).first()
    else:
        found = offered.filter(name__iexact=LEGACY_ROOT_CAUSES.get(value, value)).first()
    if found is None:
        raise InvalidInput(
            gettext("Unknown root cause '%(value)s'. Use one of: %(allowed)s.")
            % {"value": value if root_cause_id is None else root_cause_id,
               "allowed": ", ".join(offered.values_list("name", flat=True))}
        )  # fmt: skip
    if (
        root_cause_id is not None
        and value
        and found.name.lower() not in (value.lower(), LEGACY_ROOT_CAUSES.get(value, "").lower())
    ):
        raise InvalidInput(gettext("The root cause's id and name are two different causes."))
    return found


@transaction.atomic
def record_visit_outcome(
    visit: Visit,
    *,
    actor: User | None,
    outcome: str,
    return_reason: str = "",
    root_cause: str = "",
    root_cause_id: int | None = None,
    note: str = "",
    parts_used: Sequence[tuple[Part, int]] = (),
    now: datetime | None = None,
    early: bool = False,
) -> Visit:
    """What came of the visit (its technician or partner, or the office). Before the
    visit's day only when confirmed as done `early` (else `OutcomeBeforeItsDay`).

    In order: field records the outcome and the parts used (from stock); "fixed"
    closes the visit, and then its promise, while open, is kept; "return needed"
    leaves it open until the return is booked (`book_return`). The root cause: its id in
    the owner's list, or its name or old value (`find_root_cause`)."""
    now = now or timezone.now()
    cause = find_root_cause(root_cause_id, root_cause)
    visit = visits.save_outcome(visit, actor=actor, outcome=outcome, return_reason=return_reason,
                                root_cause=cause, note=note, parts_used=parts_used,
                                now=now, early=early)  # fmt: skip
    if outcome == Outcome.FIXED and visit.promise is not None and visit.promise.is_open:
        keep_promise(visit.promise, actor=None, now=now)
    emit_visit_webhook(EventType.VISIT_DONE, visit, actor=actor, at=now)
    return visit

"""Booking on the spot: the return visit is booked before the technician leaves,
confirmed when the part arrives, and moved (telling the customer first) when it is late."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from rightthere.accounts.models import PartnerCompany, User
from rightthere.cases import actions as case_actions
from rightthere.cases.access import can_work_on
from rightthere.cases.models import Case, EventKind, Message, Status, WaitingReason
from rightthere.core.errors import InvalidInput
from rightthere.field import events, invites
from rightthere.field.access import check_manager, check_visit_worker
from rightthere.field.calendars import load_calendars
from rightthere.field.models import (
    ACTIVE_STATUSES,
    FieldSettings,
    Outcome,
    Part,
    PartOrder,
    PartOrderStatus,
    Skill,
    SlipPolicy,
    Visit,
    VisitStatus,
)
from rightthere.field.part_orders import create_order
from rightthere.field.slots import Proposal, SlotRequest, find_slots
from rightthere.field.visits import (
    check_duration,
    check_rules,
    close_visit,
    create_visit,
    partner_fee,
)
from rightthere.promises.actions import make_promise, renegotiate_promise
from rightthere.promises.models import Promise, PromiseSource


@dataclass(frozen=True)
class ChosenSlot:
    kind: str  # "technician" or "partner"
    id: int
    starts_at: datetime


@dataclass(frozen=True)
class ReturnBooking:
    failed_visit: Visit
    order: PartOrder
    visit: Visit
    promise: Promise
    message: Message


def propose(
    case: Case,
    *,
    skill: Skill | None,
    duration: timedelta,
    earliest: datetime,
    deadline: datetime | None = None,
    count: int = 3,
    ignore_visit: int | None = None,
    settings: FieldSettings | None = None,
) -> Proposal:
    """The earliest valid slots for a visit on the case, partners when in-house is too late."""
    settings = settings or FieldSettings.current()
    horizon = earliest + timedelta(days=settings.search_days)
    calendars = load_calendars(
        earliest, horizon, settings=settings, skill_id=skill.pk if skill else None,
        ignore_visit=ignore_visit,
    )  # fmt: skip
    request = SlotRequest(
        skill=skill.pk if skill else None,
        duration=duration,
        earliest=earliest,
        horizon=horizon,
        deadline=deadline,
        count=count,
        step=timedelta(minutes=settings.slot_step_minutes),
        skill_name=skill.name if skill else "",
    )
    return find_slots(request, calendars, timezone.get_current_timezone())


def promise_window(case: Case, earliest: datetime) -> datetime:
    """In-house slots should start by the case's resolution due time (or within two days
    of the earliest possible start, when that has passed); later, partners are offered."""
    if case.resolution_due is not None and case.resolution_due > earliest:
        return case.resolution_due
    return earliest + timedelta(days=2)


def part_ready_at(expected_arrival: datetime, now: datetime, settings: FieldSettings) -> datetime:
    return max(now, expected_arrival) + timedelta(hours=settings.handling_buffer_hours)


def propose_return(
    visit: Visit,
    *,
    actor: User | None,
    part: Part,
    expected_arrival: datetime | None = None,
    skill: Skill | None = None,
    duration_minutes: int | None = None,
    count: int = 3,
    now: datetime | None = None,
) -> Proposal:
    """Slots for the return visit: after the part's arrival plus the handling buffer."""
    check_visit_worker(actor, visit)
    now = now or timezone.now()
    settings = FieldSettings.current()
    arrival = expected_arrival or now + timedelta(days=part.lead_time_days)
    if arrival <= now:
        raise InvalidInput("The expected arrival must be in the future.")
    earliest = part_ready_at(arrival, now, settings)
    duration = check_duration(duration_minutes or visit.duration_minutes)
    return propose(visit.case, skill=skill or visit.skill, duration=duration, earliest=earliest,
                   deadline=promise_window(visit.case, earliest), count=count,
                   settings=settings)  # fmt: skip


def _doer(slot: ChosenSlot) -> tuple[User | None, PartnerCompany | None]:
    if slot.kind == "technician":
        technician = User.objects.filter(pk=slot.id).first()
        if technician is None:
            raise InvalidInput(f"There is no technician with id {slot.id}.")
        return technician, None
    if slot.kind == "partner":
        partner = PartnerCompany.objects.filter(pk=slot.id).first()
        if partner is None:
            raise InvalidInput(f"There is no partner company with id {slot.id}.")
        return None, partner
    raise InvalidInput("A slot is for a 'technician' or a 'partner'.")


def _case_actor(actor: User | None, case: Case) -> User | None:
    return actor if actor is not None and can_work_on(actor, case) else None


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
    """On the spot, from a visit that needs a return: order the part, book the chosen (or
    earliest) slot as a tentative visit, promise it, send the customer the date with a
    calendar invite, and close the failed visit."""
    check_visit_worker(actor, visit)
    visit = Visit.objects.select_for_update(of=("self",)).select_related("case").get(pk=visit.pk)
    if visit.outcome != Outcome.RETURN_NEEDED:
        raise InvalidInput("Record “return needed” on the visit before booking the return.")
    if visit.returns.filter(status__in=ACTIVE_STATUSES).exists():
        raise InvalidInput("The return visit is already booked.")
    now = now or timezone.now()
    settings = FieldSettings.current()
    case = visit.case
    skill = skill or visit.skill
    duration = check_duration(duration_minutes or visit.duration_minutes)
    order = create_order(case, actor=actor, part=part, quantity=quantity,
                         expected_arrival=expected_arrival, for_failed_visit=visit,
                         now=now)  # fmt: skip
    earliest = part_ready_at(order.expected_arrival, now, settings)
    if slot is None:
        proposal = propose(case, skill=skill, duration=duration, earliest=earliest,
                           deadline=promise_window(case, earliest), count=1,
                           settings=settings)  # fmt: skip
        if not proposal.slots:
            raise InvalidInput(proposal.message)
        first = proposal.slots[0]
        slot = ChosenSlot(first.kind, first.id, first.starts_at)
    elif slot.starts_at < earliest:
        raise InvalidInput(
            f"That slot is before the part can be here: the earliest is {events.when(earliest)}."
        )
    technician, partner = _doer(slot)
    new = create_visit(case, actor=actor, starts_at=slot.starts_at, duration=duration,
                       technician=technician, partner=partner, skill=skill,
                       address=visit.address, return_of=visit, waits_for=order,
                       now=now)  # fmt: skip
    promise = make_promise(case, actor=_case_actor(actor, case),
                           what=f"Return visit to finish the repair ({part.name})",
                           due_at=new.ends_at, source=PromiseSource.VISIT, now=now)  # fmt: skip
    new.promise = promise
    new.save(update_fields=["promise"])
    message = invites.tell_customer(new, actor=actor, text=_booked_text(new, order))
    close_visit(visit, actor=actor, now=now)
    if case.status != Status.WAITING_US or case.waiting_reason != WaitingReason.PART:
        case_actions.change_status(
            case, actor=None, status=Status.WAITING_US, waiting_reason=WaitingReason.PART
        )
    return ReturnBooking(failed_visit=visit, order=order, visit=new, promise=promise,
                         message=message)  # fmt: skip


def _booked_text(visit: Visit, order: PartOrder) -> str:
    arrival = timezone.localtime(order.expected_arrival)
    return (
        f"{invites.greeting(visit)}\n\n"
        "I am sorry we could not finish the repair today: we did not have the right part "
        f"with us. We have ordered it ({order.part.name}); it is due on {arrival:%A %d %B}.\n\n"
        f"Your return visit is booked for {invites.slot_text(visit)} with {visit.doer_name}. "
        "The calendar invite is attached. We will confirm as soon as the part is here, "
        "and if anything changes we will tell you before that date. You need do nothing."
    )


def confirm_waiting_visits(order: PartOrder, *, actor: User | None, now: datetime) -> int:
    """The part is in: its tentative visits are confirmed and each customer is told."""
    count = 0
    for visit in order.visits.filter(status__in=ACTIVE_STATUSES).select_related(
        "case", "case__contact", "technician", "partner"
    ):
        if visit.status == VisitStatus.TENTATIVE:
            visit.status = VisitStatus.CONFIRMED
            visit.sequence += 1
            visit.save(update_fields=["status", "sequence"])
            events.record(visit.case_id, actor, EventKind.VISIT, field="status",
                          before="Tentative", after="Confirmed (part received)",
                          at=now)  # fmt: skip
        text = (
            f"{invites.greeting(visit)}\n\nGood news: the part has arrived. Your visit on "
            f"{invites.slot_text(visit)} with {visit.doer_name} is confirmed."
        )
        invites.tell_customer(visit, actor=actor, text=text)
        case = visit.case
        if case.status == Status.WAITING_US and case.waiting_reason == WaitingReason.PART:
            case_actions.change_status(case, actor=None, status=Status.OPEN)
        count += 1
    return count


def _moved_text(visit: Visit, old: str) -> str:
    return (
        f"{invites.greeting(visit)}\n\n"
        "I am sorry: the part for your repair will arrive later than we were told, so your "
        f"visit on {old} cannot go ahead. We have moved it to {invites.slot_text(visit)} "
        f"with {visit.doer_name}. The updated calendar invite is attached; it replaces the "
        "old one. If the new time does not suit you, reply and we will find another."
    )


def move_visit(
    visit: Visit,
    *,
    actor: User | None,
    technician: User | None,
    partner: PartnerCompany | None,
    starts_at: datetime,
    now: datetime,
) -> Visit:
    """Move a visit and tell the customer, renegotiating its promise while it is still open."""
    ends_at = starts_at + (visit.ends_at - visit.starts_at)
    check_rules(technician=technician, partner=partner, starts_at=starts_at, ends_at=ends_at,
                skill=visit.skill, ignore_visit=visit.pk)  # fmt: skip
    old = invites.slot_text(visit)
    old_doer = visit.doer_name
    visit.technician, visit.partner = technician, partner
    visit.starts_at, visit.ends_at = starts_at, ends_at
    if visit.waits_for is not None and visit.waits_for.status == PartOrderStatus.ORDERED:
        visit.status = VisitStatus.TENTATIVE
    visit.sequence += 1
    visit.needs_rebooking = False
    visit.partner_fee = partner_fee(partner)
    visit.save(update_fields=["technician", "partner", "starts_at", "ends_at", "status",
                              "sequence", "needs_rebooking", "partner_fee"])  # fmt: skip
    events.record(visit.case_id, actor, EventKind.VISIT, field="moved", before=f"{old} {old_doer}",
                  after=f"{events.when(starts_at)} {visit.doer_name}", at=now)  # fmt: skip
    text = _moved_text(visit, old)
    promise = visit.promise
    if promise is not None and promise.state == "open":
        new = renegotiate_promise(promise, actor=_case_actor(actor, visit.case),
                                  new_due=ends_at, message_text=text, now=now)  # fmt: skip
        if new.message is not None:
            invites.attach_invite(new.message, visit)
        visit.promise = new
        visit.save(update_fields=["promise"])
    else:
        invites.tell_customer(visit, actor=actor, text=text)
    return visit


@transaction.atomic
def reschedule_visit(
    visit: Visit, *, actor: User | None, slot: ChosenSlot, now: datetime | None = None
) -> Visit:
    """An agent moves a visit to a chosen slot (e.g. one flagged for re-booking)."""
    check_manager(actor)
    now = now or timezone.now()
    if slot.starts_at <= now:
        raise InvalidInput("A visit must be booked in the future.")
    visit = Visit.objects.select_for_update(of=("self",)).get(pk=visit.pk)
    if visit.status not in ACTIVE_STATUSES:
        raise InvalidInput(f"This visit is already {visit.get_status_display().lower()}.")
    technician, partner = _doer(slot)
    return move_visit(visit, actor=actor, technician=technician, partner=partner,
                      starts_at=slot.starts_at, now=now)  # fmt: skip


def handle_late_part(order: PartOrder, *, now: datetime) -> list[Visit]:
    """Visits that can no longer have the part in time are re-booked, or flagged for an agent."""
    if order.status != PartOrderStatus.ORDERED:
        return []
    settings = FieldSettings.current()
    ready = part_ready_at(order.expected_arrival, now, settings)
    late = order.visits.filter(status__in=ACTIVE_STATUSES, starts_at__lt=ready).select_related(
        "case", "case__contact", "technician", "partner", "skill", "promise", "waits_for"
    )
    moved = []
    for visit in late:
        if settings.slip_policy == SlipPolicy.ASK:
            _flag(visit, now, "the part will be late; choose a new slot")
            continue
        proposal = propose(visit.case, skill=visit.skill,
                           duration=visit.ends_at - visit.starts_at, earliest=ready,
                           deadline=None, count=1, ignore_visit=visit.pk,
                           settings=settings)  # fmt: skip
        if not proposal.slots:
            _flag(visit, now, proposal.message)
            continue
        slot = proposal.slots[0]
        technician, partner = _doer(ChosenSlot(slot.kind, slot.id, slot.starts_at))
        moved.append(move_visit(visit, actor=None, technician=technician, partner=partner,
                                starts_at=slot.starts_at, now=now))  # fmt: skip
    return moved


def _flag(visit: Visit, now: datetime, why: str) -> None:
    if visit.needs_rebooking:
        return
    visit.needs_rebooking = True
    visit.save(update_fields=["needs_rebooking"])
    events.record(visit.case_id, None, EventKind.VISIT, field="needs_rebooking", after=why, at=now)


def check_part_arrivals(now: datetime | None = None) -> dict[str, int]:
    """Periodic: every visit waiting for a part that will not be here in time is dealt with,
    while there is still time to tell the customer before the old date."""
    now = now or timezone.now()
    orders = PartOrder.objects.filter(
        status=PartOrderStatus.ORDERED, visits__status__in=ACTIVE_STATUSES
    ).distinct()
    moved = 0
    for order in orders:
        with transaction.atomic():
            moved += len(handle_late_part(order, now=now))
    return {"visits_moved": moved}

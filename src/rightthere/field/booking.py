"""Booking on the spot: the return visit is booked before the technician leaves,
confirmed when the part arrives, and moved (telling the customer first) when it is late.

These are field's parts of those jobs: the checks, the visits and part orders, and the
customer's text (a `VisitNotice`). The desk does the whole job around them, promising,
telling the customer and moving the case (`rightthere.desk.visits`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import PartnerCompany, User
from rightthere.cases.models import Case, EventKind
from rightthere.core import spoken
from rightthere.core.errors import InvalidInput
from rightthere.field import events, invites
from rightthere.field.access import check_manager, check_visit_worker
from rightthere.field.calendars import load_calendars
from rightthere.field.invites import VisitNotice
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
    check_doer,
    check_duration,
    check_reason,
    check_rules,
    create_visit,
    is_done_by,
    lock_calendar,
    partner_fee,
)


@dataclass(frozen=True)
class ChosenSlot:
    kind: str  # "technician" or "partner"
    id: int
    starts_at: datetime


@dataclass(frozen=True)
class PlacedReturn:
    """The part ordered and the return visit stored, for the failed visit (still open)."""

    failed_visit: Visit
    order: PartOrder
    notice: VisitNotice  # the return visit, and the customer's message with its date

    @property
    def visit(self) -> Visit:
        return self.notice.visit


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
    distinct_times: bool = False,
) -> Proposal:
    """The earliest valid slots for a visit on the case, partners when in-house is too late.
    `distinct_times`: `count` times, with every doer free at them."""
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
        distinct_times=distinct_times,
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
        raise InvalidInput(gettext("The expected arrival must be in the future."))
    earliest = part_ready_at(arrival, now, settings)
    duration = check_duration(duration_minutes or visit.duration_minutes)
    return propose(visit.case, skill=skill or visit.skill, duration=duration, earliest=earliest,
                   deadline=promise_window(visit.case, earliest), count=count,
                   settings=settings)  # fmt: skip


def doer_of(slot: ChosenSlot) -> tuple[User | None, PartnerCompany | None]:
    if slot.kind == "technician":
        technician = User.objects.filter(pk=slot.id).first()
        if technician is None:
            raise InvalidInput(gettext("There is no technician with id %(id)s.") % {"id": slot.id})
        return technician, None
    if slot.kind == "partner":
        partner = PartnerCompany.objects.filter(pk=slot.id).first()
        if partner is None:
            raise InvalidInput(
                gettext("There is no partner company with id %(id)s.") % {"id": slot.id}
            )
        return None, partner
    raise InvalidInput(gettext("A slot is for a 'technician' or a 'partner'."))


def place_return(
    visit: Visit,
    *,
    actor: User | None,
    part: Part,
    quantity: int = 1,
    expected_arrival: datetime | None = None,
    skill: Skill | None = None,
    duration_minutes: int | None = None,
    slot: ChosenSlot | None = None,
    now: datetime,
) -> PlacedReturn:
    """Field's part of booking the return (the whole job is
    `rightthere.desk.visits.book_return`): from a visit that needs a return, order the
    part and store the chosen (or earliest) slot as a tentative visit waiting for it.
    The failed visit is locked and left open. Returns them, with the customer's message
    giving the date, for the desk to send."""
    check_visit_worker(actor, visit)
    visit = Visit.objects.select_for_update(of=("self",)).select_related("case").get(pk=visit.pk)
    if visit.outcome != Outcome.RETURN_NEEDED:
        raise InvalidInput(
            gettext("Record “return needed” on the visit before booking the return.")
        )
    if visit.returns.filter(status__in=ACTIVE_STATUSES).exists():
        raise InvalidInput(gettext("The return visit is already booked."))
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
            gettext("That slot is before the part can be here: the earliest is %(earliest)s.")
            % {"earliest": events.when_shown(earliest)}
        )
    technician, partner = doer_of(slot)
    new = create_visit(case, actor=actor, starts_at=slot.starts_at, duration=duration,
                       technician=technician, partner=partner, skill=skill,
                       address=visit.address, return_of=visit, waits_for=order,
                       now=now)  # fmt: skip
    notice = invites.notice(new, actor=actor, text=_booked_text(new, order))
    return PlacedReturn(failed_visit=visit, order=order, notice=notice)


def _booked_text(visit: Visit, order: PartOrder) -> str:
    with invites.in_customer_language(visit):
        words = {"part": order.part.name, "arrival": spoken.day_padded(order.expected_arrival),
                 "slot": invites.slot_text(visit), "who": invites.who_comes(visit)}  # fmt: skip
        return (
            f"{invites.greeting(visit)}\n\n"
            + gettext("I am sorry we could not finish the repair today: we did not have the "
                      "right part with us. We have ordered it (%(part)s); it is due on "
                      "%(arrival)s.") % words
            + "\n\n"
            + gettext("Your return visit is booked for %(slot)s with %(who)s. The calendar "
                      "invite is attached. We will confirm as soon as the part is here, and if "
                      "anything changes we will tell you before that date. You need do "
                      "nothing.") % words
        )  # fmt: skip


def waiting_visits(order: PartOrder) -> list[Visit]:
    """The visits still to come that wait for the part on this order."""
    return list(
        order.visits.filter(status__in=ACTIVE_STATUSES).select_related(
            "case", "case__contact", "technician", "partner"
        )
    )


def confirm_for_part(visit: Visit, *, actor: User | None, now: datetime) -> VisitNotice:
    """The part is in: a tentative visit waiting for it is confirmed. Returns the
    customer's message saying so, for the desk to send."""
    if visit.status == VisitStatus.TENTATIVE:
        visit.status = VisitStatus.CONFIRMED
        visit.sequence += 1
        visit.save(update_fields=["status", "sequence"])
        events.record(visit.case_id, actor, EventKind.VISIT, field="status",
                      before="Tentative", after=gettext("Confirmed (part received)"),
                      at=now)  # fmt: skip
    with invites.in_customer_language(visit):
        text = f"{invites.greeting(visit)}\n\n" + gettext(
            "Good news: the part has arrived. Your visit on %(slot)s with %(who)s is confirmed."
        ) % {"slot": invites.slot_text(visit), "who": invites.who_comes(visit)}
    return invites.notice(visit, actor=actor, text=text)


def _moved_text(visit: Visit, old: str) -> str:
    with invites.in_customer_language(visit):
        return f"{invites.greeting(visit)}\n\n" + gettext(
            "I am sorry: the part for your repair will arrive later than we were told, so your "
            "visit on %(old)s cannot go ahead. We have moved it to %(slot)s with %(who)s. The "
            "updated calendar invite is attached; it replaces the old one. If the new time does "
            "not suit you, reply and we will find another."
        ) % _moved_words(visit, old)


def _office_moved_text(visit: Visit, old: str, reason: str) -> str:
    why = f"\n\n{reason}" if reason else ""
    with invites.in_customer_language(visit):
        return (
            f"{invites.greeting(visit)}\n\n"
            + gettext("I am sorry: we have had to move your visit on %(old)s. It is now on "
                      "%(slot)s with %(who)s.") % _moved_words(visit, old)
            + f"{why}\n\n"
            + gettext("The updated calendar invite is attached; it replaces the old one. If "
                      "the new time does not suit you, reply and we will find another.")
        )  # fmt: skip


def _customer_moved_text(visit: Visit, old: str) -> str:
    with invites.in_customer_language(visit):
        return f"{invites.greeting(visit)}\n\n" + gettext(
            "As you chose, your visit on %(old)s is moved to %(slot)s with %(who)s. The updated "
            "calendar invite is attached; it replaces the old one."
        ) % _moved_words(visit, old)


def _moved_words(visit: Visit, old: str) -> dict[str, str]:
    return {"old": old, "slot": invites.slot_text(visit), "who": invites.who_comes(visit)}


def move_visit_slot(
    visit: Visit,
    *,
    actor: User | None,
    technician: User | None,
    partner: PartnerCompany | None,
    starts_at: datetime,
    now: datetime,
    reason: str | None = None,
    by_customer: bool = False,
) -> VisitNotice:
    """Move a visit to another time (and doer), within the rules; it is tentative again
    while its part is still on order, else confirmed when the customer chose the time. Returns the customer's message with the new time,
    for the desk to send (renegotiating the visit's promise while it is still open).
    Without a `reason` the move is the part's (it will be late); with one (maybe
    empty), the office moved it; `by_customer`: the customer chose the new time."""
    ends_at = starts_at + (visit.ends_at - visit.starts_at)
    if is_done_by(visit, technician, partner) and starts_at == visit.starts_at:
        raise InvalidInput(
            gettext("The visit is already on %(when)s with %(who)s.")
            % {"when": events.when_shown(starts_at), "who": visit.doer_name}
        )
    lock_calendar(technician, partner)
    check_rules(technician=technician, partner=partner, starts_at=starts_at, ends_at=ends_at,
                skill=visit.skill, ignore_visit=visit.pk)  # fmt: skip
    with events.in_business_language():  # for the timeline, even when the customer moves it
        old = invites.slot_text(visit)
    with invites.in_customer_language(visit):
        old_for_customer = invites.slot_text(visit)
    old_doer = visit.doer_name
    visit.technician, visit.partner = technician, partner
    visit.starts_at, visit.ends_at = starts_at, ends_at
    if visit.waits_for is not None and visit.waits_for.status == PartOrderStatus.ORDERED:
        visit.status = VisitStatus.TENTATIVE
    elif by_customer:  # the customer chose the new time: it is agreed with them
        visit.status = VisitStatus.CONFIRMED
    visit.sequence += 1
    visit.needs_rebooking = False
    visit.partner_fee = partner_fee(partner)
    visit.save(update_fields=["technician", "partner", "starts_at", "ends_at", "status",
                              "sequence", "needs_rebooking", "partner_fee"])  # fmt: skip
    with events.in_business_language():
        new = f"{events.when(starts_at)} {visit.doer_name}"
    events.record(visit.case_id, actor, EventKind.VISIT, field="moved", before=f"{old} {old_doer}",
                  after=new, at=now)  # fmt: skip
    if by_customer:
        text = _customer_moved_text(visit, old_for_customer)
    elif reason is None:
        text = _moved_text(visit, old_for_customer)
    else:
        text = _office_moved_text(visit, old_for_customer, reason)
    return invites.notice(visit, actor=actor, text=text)


def move_to_chosen_slot(
    visit: Visit,
    *,
    actor: User | None,
    slot: ChosenSlot,
    now: datetime,
    reason: str = "",
    by_customer: bool = False,
) -> VisitNotice:
    """Field's part of an agent moving a visit to a chosen slot (e.g. one flagged for
    re-booking), or of the customer moving it on their status page (`by_customer`, with
    no actor); the whole job is `rightthere.desk.visits.reschedule_visit`. The
    reason, if any, is told to the customer."""
    check_manager(actor)
    reason = check_reason(reason, required=False)
    if slot.starts_at <= now:
        raise InvalidInput(gettext("A visit must be booked in the future."))
    visit = Visit.objects.select_for_update(of=("self",)).get(pk=visit.pk)
    if visit.status not in ACTIVE_STATUSES:
        raise InvalidInput(
            gettext("This visit is already %(status)s.")
            % {"status": visit.get_status_display().lower()}
        )
    technician, partner = doer_of(slot)
    check_doer(technician, partner)
    return move_visit_slot(visit, actor=actor, technician=technician, partner=partner,
                           starts_at=slot.starts_at, now=now, reason=reason,
                           by_customer=by_customer)  # fmt: skip


@dataclass(frozen=True)
class LateVisit:
    """A visit that can no longer have its part in time."""

    visit: Visit
    ready: datetime  # when the part can be here, with the handling buffer
    settings: FieldSettings


def late_visits(order: PartOrder, *, now: datetime) -> list[LateVisit]:
    """The visits waiting for the part on this order that start before it can be here."""
    if order.status != PartOrderStatus.ORDERED:
        return []
    settings = FieldSettings.current()
    ready = part_ready_at(order.expected_arrival, now, settings)
    late = order.visits.filter(status__in=ACTIVE_STATUSES, starts_at__lt=ready).select_related(
        "case", "case__contact", "technician", "partner", "skill", "promise", "waits_for"
    )
    return [LateVisit(visit, ready, settings) for visit in late]


def rebook_late_visit(late: LateVisit, *, now: datetime) -> VisitNotice | None:
    """A late visit moves to the earliest slot after the part is here, or is flagged for
    an agent (when the settings say to ask, or no slot is free). Returns the customer's
    message for a moved visit, for the desk to send; None when it was flagged."""
    visit, settings = late.visit, late.settings
    if settings.slip_policy == SlipPolicy.ASK:
        _flag(visit, now, gettext("the part will be late; choose a new slot"))
        return None
    proposal = propose(visit.case, skill=visit.skill,
                       duration=visit.ends_at - visit.starts_at, earliest=late.ready,
                       deadline=None, count=1, ignore_visit=visit.pk,
                       settings=settings)  # fmt: skip
    if not proposal.slots:
        _flag(visit, now, proposal.message)
        return None
    slot = proposal.slots[0]
    technician, partner = doer_of(ChosenSlot(slot.kind, slot.id, slot.starts_at))
    return move_visit_slot(visit, actor=None, technician=technician, partner=partner,
                           starts_at=slot.starts_at, now=now)  # fmt: skip


def _flag(visit: Visit, now: datetime, why: str) -> None:
    if visit.needs_rebooking:
        return
    visit.needs_rebooking = True
    visit.save(update_fields=["needs_rebooking"])
    events.record(visit.case_id, None, EventKind.VISIT, field="needs_rebooking", after=why, at=now)


def awaited_orders() -> QuerySet[PartOrder]:
    """Parts still on order that a visit to come is waiting for."""
    return PartOrder.objects.filter(
        status=PartOrderStatus.ORDERED, visits__status__in=ACTIVE_STATUSES
    ).distinct()

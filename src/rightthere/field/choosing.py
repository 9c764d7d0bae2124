"""The customer chooses (and moves) their own visit among the slot finder's best times.

A visit is needed: staff offer the customer a choice (`open_offer`); the status page shows
the three to five best slots for what the visit needs (its skill and length, after the
part is here when one is on order, within every technician's load ceiling). The customer
picks one; until the owner's cut-off before it starts they may move it, among new slots.
The customer chooses a time, not who comes: each time is offered once, and a choice is
checked against the times as they are now (`check_choice`), booked with whoever is free
then; a time nobody is free at any more is refused with the fresh ones. Booking itself is the desk's use case, the
same one staff book with (`rightthere.desk.visits`).
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext

from rightthere.accounts.models import User
from rightthere.cases.models import Case, EventKind, Status
from rightthere.core import spoken
from rightthere.core.errors import InvalidInput
from rightthere.field import events
from rightthere.field.access import check_manager
from rightthere.field.booking import ChosenSlot, part_ready_at, promise_window, propose
from rightthere.field.models import (
    ACTIVE_STATUSES,
    FieldSettings,
    PartOrder,
    PartOrderStatus,
    Skill,
    Visit,
    VisitOffer,
)
from rightthere.field.slots import Proposal, Slot

__all__ = ["Proposal", "SlotTaken", "NoOffer"]
from rightthere.field.visits import check_duration

# The slots a customer is offered, and how soon the first may start.
OFFERED = 5
LEAD = timedelta(hours=2)


class SlotTaken(InvalidInput):
    """The chosen slot is no longer free (or no longer offered): `fresh` are the slots now."""

    code = "slot_taken"
    http_status = 409

    def __init__(self, fresh: Proposal) -> None:
        super().__init__(
            gettext("Sorry, that time has just been taken. Here are the times free now.")
            if fresh.slots
            else gettext(
                "Sorry, that time has just been taken, and no other time is free in the "
                "coming weeks. Reply to us and we will find one with you."
            )
        )
        self.fresh = fresh


class NoOffer(InvalidInput):
    """Nothing to choose: no visit is offered on the case, and none is booked."""


def lock_open_offer(case: Case) -> VisitOffer | None:
    """The case's open offer, locked for this transaction (a double click books once)."""
    return (
        VisitOffer.objects.select_for_update(of=("self",))
        .filter(case=case, closed_at__isnull=True)
        .select_related("skill", "case")
        .first()
    )


def open_offer_of(case: Case) -> VisitOffer | None:
    return (
        VisitOffer.objects.filter(case=case, closed_at__isnull=True).select_related("skill").first()
    )


def active_visit(case: Case, now: datetime) -> Visit | None:
    """The case's next visit that has not ended."""
    return (
        case.visits.filter(status__in=ACTIVE_STATUSES, ends_at__gt=now)
        .select_related("technician", "partner", "skill", "waits_for", "case")
        .order_by("starts_at", "id")
        .first()
    )


def _awaited_part(case: Case) -> PartOrder | None:
    """The part still on order for the case, latest expected first: no visit before it."""
    return (
        case.part_orders.filter(status=PartOrderStatus.ORDERED)
        .order_by("-expected_arrival", "-id")
        .first()
    )


def open_offer(
    case: Case,
    *,
    actor: User | None,
    skill: Skill | None = None,
    duration_minutes: int = 60,
    address: str = "",
    now: datetime,
) -> VisitOffer:
    """Field's part of letting the customer choose the time (the whole job, mailing them
    the slots, is `rightthere.desk.visit_choice.offer_visit_slots`): owners and agents; the case
    must not have a visit to come already (the customer moves that one). Offering again
    while an offer is open replaces what the visit needs."""
    check_manager(actor)
    check_duration(duration_minutes)
    if len(address) > 1000:
        raise InvalidInput(gettext("Keep the address under 1,000 characters."))
    if case.status in (Status.SOLVED, Status.CLOSED):
        raise InvalidInput(gettext("The case is closed: reopen it before offering a visit."))
    if active_visit(case, now) is not None:
        raise InvalidInput(
            gettext(
                "This case has a visit to come already; the customer can move it on their "
                "status page, or move it for them."
            )
        )
    after = (
        gettext("the customer chooses the time (%(skill)s, %(minutes)s min)")
        % {"skill": skill.name, "minutes": duration_minutes}
        if skill
        else gettext("the customer chooses the time (%(minutes)s min)")
        % {"minutes": duration_minutes}
    )
    offer = open_offer_of(case)
    if offer is not None:
        offer.skill, offer.duration_minutes = skill, duration_minutes
        offer.address = address or offer.address
        offer.save(update_fields=["skill", "duration_minutes", "address"])
    else:
        try:
            with transaction.atomic():
                offer = VisitOffer.objects.create(
                    case=case, skill=skill, duration_minutes=duration_minutes, address=address,
                    offered_by=actor, created_at=now,
                )  # fmt: skip
        except IntegrityError:  # offered at the same moment by someone else
            offer = open_offer_of(case)
            if offer is None:
                raise
            return offer
    events.record(case.pk, actor, EventKind.VISIT, field="offered", after=after, at=now)
    return offer


def earliest_start(case: Case, now: datetime, settings: FieldSettings) -> datetime:
    """The earliest a customer's visit may start: a little ahead, and after the part is
    here when one is on order."""
    earliest = now + LEAD
    order = _awaited_part(case)
    if order is not None:
        earliest = max(earliest, part_ready_at(order.expected_arrival, now, settings))
    return earliest


def slots_for_offer(offer: VisitOffer, *, now: datetime) -> Proposal:
    """The best times for the visit offered, each once: earliest first, in-house first,
    partners only when nobody in-house is free in time. Each time's slot names the doer
    who would be booked now (`doers_for_offer` has everyone free then)."""
    return one_per_time(doers_for_offer(offer, now=now))


def doers_for_offer(offer: VisitOffer, *, now: datetime) -> Proposal:
    """The times offered for the visit, with every technician or partner free at each."""
    settings = FieldSettings.current()
    earliest = earliest_start(offer.case, now, settings)
    return propose(offer.case, skill=offer.skill,
                   duration=timedelta(minutes=offer.duration_minutes), earliest=earliest,
                   deadline=promise_window(offer.case, earliest), count=OFFERED,
                   settings=settings, distinct_times=True)  # fmt: skip


def one_per_time(proposal: Proposal) -> Proposal:
    """Each time once, with its first doer (in-house and least loaded first): the customer
    chooses the time, not who comes."""
    seen: set[datetime] = set()
    slots = []
    for slot in proposal.slots:
        if slot.starts_at not in seen:
            seen.add(slot.starts_at)
            slots.append(slot)
    return Proposal(slots=slots, overflow=proposal.overflow, message=proposal.message,
                    rules=proposal.rules)  # fmt: skip


def move_deadline(visit: Visit, settings: FieldSettings | None = None) -> datetime:
    """Until when the customer may move the visit themselves (the owner's cut-off)."""
    settings = settings or FieldSettings.current()
    return visit.starts_at - timedelta(hours=settings.customer_cutoff_hours)


def can_move(visit: Visit, now: datetime, settings: FieldSettings | None = None) -> bool:
    return visit.status in ACTIVE_STATUSES and now < move_deadline(visit, settings)


def slots_to_move(visit: Visit, *, now: datetime) -> Proposal:
    """New times for a visit the customer moves, each once (its own time left out)."""
    return one_per_time(doers_to_move(visit, now=now))


def doers_to_move(visit: Visit, *, now: datetime) -> Proposal:
    """The new times for a visit the customer moves, with everyone free at each."""
    settings = FieldSettings.current()
    earliest = earliest_start(visit.case, now, settings)
    if visit.waits_for is not None and visit.waits_for.status == PartOrderStatus.ORDERED:
        earliest = max(earliest, part_ready_at(visit.waits_for.expected_arrival, now, settings))
    proposal = propose(visit.case, skill=visit.skill, duration=visit.ends_at - visit.starts_at,
                       earliest=earliest, deadline=None, count=OFFERED + 1,
                       ignore_visit=visit.pk, settings=settings,
                       distinct_times=True)  # fmt: skip
    others = [s for s in proposal.slots if s.starts_at != visit.starts_at]
    times = sorted({s.starts_at for s in others})[:OFFERED]
    return Proposal(slots=[s for s in others if s.starts_at in times],
                    overflow=proposal.overflow, message=proposal.message)  # fmt: skip


def check_choice(fresh: Proposal, chosen: ChosenSlot) -> Slot:
    """Who does the visit at the time the customer chose, if that time is among the times
    free now (`fresh`: every doer free at each): the doer offered with it when still free
    then, else the first one free then. Else `SlotTaken` with the times free now."""
    at_that_time = [slot for slot in fresh.slots if slot.starts_at == chosen.starts_at]
    for slot in at_that_time:
        if (slot.kind, slot.id) == (chosen.kind, chosen.id):
            return slot
    if at_that_time:
        return at_that_time[0]
    raise SlotTaken(one_per_time(fresh))


def check_may_move(visit: Visit, now: datetime) -> None:
    settings = FieldSettings.current()
    if visit.status not in ACTIVE_STATUSES:
        raise InvalidInput(
            gettext("This visit is already %(status)s.")
            % {"status": visit.get_status_display().lower()}
        )
    if now >= move_deadline(visit, settings):
        raise InvalidInput(
            ngettext(
                "Your visit starts in less than %(hours)s hour, so it can no longer be moved "
                "here. Please reply to us and we will sort it out with you.",
                "Your visit starts in less than %(hours)s hours, so it can no longer be moved "
                "here. Please reply to us and we will sort it out with you.",
                settings.customer_cutoff_hours,
            )
            % {"hours": settings.customer_cutoff_hours}
        )


def close_offer(offer: VisitOffer, *, visit: Visit, now: datetime) -> VisitOffer:
    """The customer chose: the offer is closed, with the visit they chose."""
    offer.closed_at, offer.visit = now, visit
    offer.save(update_fields=["closed_at", "visit"])
    return offer


def record_choice(visit: Visit, *, who: str, moved: bool, now: datetime) -> None:
    """On the case timeline: the customer chose (or moved) the visit's time themselves."""
    field = "moved by the customer" if moved else "chosen by the customer"
    with events.in_business_language():  # asked on the customer's page, in their language
        after = gettext("%(when)s with %(who)s, by %(chooser)s") % {
            "when": events.when(visit.starts_at), "who": visit.doer_name, "chooser": who
        }  # fmt: skip
    events.record(visit.case_id, None, EventKind.VISIT, field=field, after=after, at=now)


def choice_deadline_text(visit: Visit) -> str:
    deadline = move_deadline(visit)
    return f"{spoken.day(deadline)}, {spoken.clock(deadline)}"

"""The customer chooses the time of their visit: the office offers the slots free now
(a mail with the link to their status page), the customer picks one there or moves
their visit, through the same booking and moving as staff (`desk.visits`).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.core import spoken
from rightthere.core.errors import InvalidInput
from rightthere.core.public_links import base_url
from rightthere.core.retry import retry_on_contention
from rightthere.customers.language import speaking_business_language, speaking_to_case
from rightthere.desk.messages import send_reply
from rightthere.desk.visits import book_visit, reschedule_visit
from rightthere.field import booking, choosing, invites
from rightthere.field.booking import ChosenSlot
from rightthere.field.models import Skill, Visit, VisitOffer
from rightthere.field.slots import Slot
from rightthere.notifications import actions as notifications
from rightthere.portal.links import status_url


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
    url = status_url(case, base_url())
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

    In order: the time chosen is checked against the times free now (`SlotTaken`, with the
    fresh ones, when nobody is free then any more); it is booked with the doer offered
    with it when still free, else with someone else free then (the customer chooses the
    time, not who comes); a first choice books the visit through
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
                free = choosing.check_choice(choosing.doers_to_move(visit, now=now), slot)
                chosen = reschedule_visit(visit, actor=None, slot=_doing(free), by_customer=True,
                                          now=now)  # fmt: skip
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


def _doing(free: Slot) -> ChosenSlot:
    """The time chosen, with whoever is free then (the customer chooses the time only)."""
    return ChosenSlot(free.kind, free.id, free.starts_at)


def _offered_slots(case: Case, *, now: datetime) -> choosing.Proposal:
    offer = choosing.open_offer_of(case)
    return choosing.slots_for_offer(offer, now=now) if offer is not None else choosing.Proposal([])


def _book_offered(case: Case, slot: ChosenSlot, *, now: datetime) -> Visit:
    offer = choosing.lock_open_offer(case)
    if offer is None:
        raise choosing.NoOffer(gettext("There is no visit to choose a time for on this request."))
    free = choosing.check_choice(choosing.doers_for_offer(offer, now=now), slot)
    technician, partner = booking.doer_of(_doing(free))
    visit = book_visit(case, actor=None, starts_at=slot.starts_at,
                       duration_minutes=offer.duration_minutes, technician=technician,
                       partner=partner, skill=offer.skill, address=offer.address,
                       chosen_by_customer=True, now=now)  # fmt: skip
    choosing.close_offer(offer, visit=visit, now=now)
    return visit

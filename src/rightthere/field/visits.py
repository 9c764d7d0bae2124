"""Booking visits, moving them through their day, and recording what came of them."""

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from rightthere.accounts.models import PartnerCompany, Role, User
from rightthere.cases.models import Case, EventKind
from rightthere.core.errors import InvalidInput
from rightthere.field import events, invites
from rightthere.field.access import check_manager, check_visit_worker
from rightthere.field.calendars import load_calendars
from rightthere.field.invites import VisitNotice
from rightthere.field.models import (
    ACTIVE_STATUSES,
    Outcome,
    Part,
    PartnerProfile,
    PartOrder,
    ReturnReason,
    Skill,
    TechnicianProfile,
    Visit,
    VisitStatus,
)
from rightthere.field.parts_used import use_part
from rightthere.field.slots import check_slot
from rightthere.field.visit_day import check_set_off_time
from rightthere.promises.models import Promise

if TYPE_CHECKING:  # the owner's list, chosen by the use case (field does not know recovery)
    from rightthere.recovery.models import RootCause

MIN_MINUTES, MAX_MINUTES = 15, 12 * 60


def check_duration(minutes: int) -> timedelta:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput(
            gettext("A visit lasts %(min)s minutes to %(max)s hours.")
            % {"min": MIN_MINUTES, "max": MAX_MINUTES // 60}
        )
    return timedelta(minutes=minutes)


def check_doer(technician: User | None, partner: PartnerCompany | None) -> None:
    if (technician is None) == (partner is None):
        raise InvalidInput(
            gettext("A visit needs a technician or a partner company (one of them).")
        )
    if technician is not None and (
        not technician.is_active or not hasattr(technician, "field_profile")
    ):
        raise InvalidInput(
            gettext("%(name)s is not set up as a field technician.")
            % {"name": technician.display_name}
        )
    if partner is not None and not PartnerProfile.objects.filter(partner=partner).exists():
        raise InvalidInput(
            gettext("%(name)s is not set up as a field partner.") % {"name": partner.name}
        )


def lock_calendar(technician: User | None, partner: PartnerCompany | None) -> None:
    """Hold the doer's calendar until the transaction ends, so that two bookings of the
    same technician or partner (two customers picking the same last slot at once) are
    checked one after the other: the second sees the first's visit and is refused. On
    PostgreSQL this locks their profile row; SQLite lets one writer in at a time anyway
    (IMMEDIATE transactions)."""
    if technician is not None:
        list(TechnicianProfile.objects.select_for_update().filter(user=technician).values("pk"))
    if partner is not None:
        list(PartnerProfile.objects.select_for_update().filter(partner=partner).values("pk"))


def check_rules(
    *,
    technician: User | None,
    partner: PartnerCompany | None,
    starts_at: datetime,
    ends_at: datetime,
    skill: Skill | None,
    ignore_visit: int | None = None,
) -> None:
    """Refuse a time that breaks a slot rule for this technician or partner."""
    calendars = load_calendars(
        starts_at - timedelta(days=1), ends_at + timedelta(days=1), ignore_visit=ignore_visit
    )
    kind, doer_id = ("technician", technician.pk) if technician else ("partner", partner.pk)  # type: ignore[union-attr]
    calendar = next((c for c in calendars if c.kind == kind and c.id == doer_id), None)
    if calendar is None:
        raise InvalidInput(gettext("That technician or partner is not active for field work."))
    problem = check_slot(
        calendar, starts_at, ends_at, skill.pk if skill else None, timezone.get_current_timezone()
    )
    if problem:
        raise InvalidInput(problem)


def partner_fee(partner: PartnerCompany | None) -> Decimal | None:
    if partner is None:
        return None
    profile = PartnerProfile.objects.filter(partner=partner).first()
    return profile.fee() if profile else None


def create_visit(
    case: Case,
    *,
    actor: User | None,
    starts_at: datetime,
    duration: timedelta,
    technician: User | None = None,
    partner: PartnerCompany | None = None,
    skill: Skill | None = None,
    address: str = "",
    return_of: Visit | None = None,
    waits_for: PartOrder | None = None,
    agreed: bool = False,
    now: datetime,
) -> Visit:
    """Check the rules and store the visit (callers check who may do it): tentative until
    someone confirms it with the customer, or `agreed` (the customer chose the time
    themselves) and then confirmed, unless it waits for a part."""
    check_doer(technician, partner)
    if starts_at <= now:
        raise InvalidInput(gettext("A visit must be booked in the future."))
    ends_at = starts_at + duration
    lock_calendar(technician, partner)
    check_rules(
        technician=technician, partner=partner, starts_at=starts_at, ends_at=ends_at, skill=skill
    )
    visit = Visit.objects.create(
        case=case,
        technician=technician,
        partner=partner,
        partner_fee=partner_fee(partner),
        skill=skill,
        starts_at=starts_at,
        ends_at=ends_at,
        address=address or case.customer.address,
        return_of=return_of,
        waits_for=waits_for,
        status=VisitStatus.CONFIRMED if agreed and waits_for is None else VisitStatus.TENTATIVE,
        created_at=now,
    )
    with events.in_business_language():  # the customer may have chosen it on their page
        slot = {"when": events.when(starts_at), "who": visit.doer_name}
        booked = (
            gettext("%(when)s with %(who)s") % slot
            if visit.partner_fee is None
            else gettext("%(when)s with %(who)s, fee kept %(fee)s")
            % {**slot, "fee": visit.partner_fee}
        )
    events.record(case.pk, actor, EventKind.VISIT, field="booked", after=booked, at=now)
    return visit


def add_visit(
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
    now: datetime,
) -> VisitNotice:
    """Field's part of booking a visit (the whole job is `rightthere.desk.visits.book_visit`):
    only owners and agents book (or the customer, choosing among the times offered, with
    no actor); the rules are checked and the visit stored, tentative, or confirmed when
    the customer chose its time. Returns the customer's message with the date, for the
    desk to send."""
    check_manager(actor)
    visit = create_visit(
        case,
        actor=actor,
        starts_at=starts_at,
        duration=check_duration(duration_minutes),
        technician=technician,
        partner=partner,
        skill=skill,
        address=address,
        agreed=chosen_by_customer,
        now=now,
    )
    with invites.in_customer_language(visit):
        text = f"{invites.greeting(visit)}\n\n" + gettext(
            "Your visit is booked for %(slot)s with %(who)s. The calendar invite is attached."
        ) % {"slot": invites.slot_text(visit), "who": invites.who_comes(visit)}
    return invites.notice(visit, actor=actor, text=text)


def link_promise(visit: Visit, promise: Promise) -> Visit:
    """The promise to the customer that this visit keeps (made, or moved, by the desk)."""
    visit.promise = promise
    visit.save(update_fields=["promise"])
    return visit


def _locked(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("case", "case__contact", "technician", "partner", "skill")
        .get(pk=visit.pk)
    )


def _locked_active(visit: Visit) -> Visit:
    """The visit locked for this transaction, refused once it is done, missed or cancelled."""
    visit = _locked(visit)
    if visit.status not in ACTIVE_STATUSES:
        raise InvalidInput(
            gettext("This visit is already %(status)s.")
            % {"status": visit.get_status_display().lower()}
        )
    return visit


def check_reason(text: str, *, required: bool) -> str:
    """A reason the customer reads (moving or cancelling a visit), stripped."""
    text = text.strip()
    if required and not text:
        raise InvalidInput(gettext("Say why the visit is cancelled; the customer reads it."))
    if len(text) > 1000:
        raise InvalidInput(gettext("Keep the reason under 1,000 characters."))
    return text


def is_done_by(visit: Visit, technician: User | None, partner: PartnerCompany | None) -> bool:
    """Whether the visit is already this technician's or partner's."""
    return (visit.technician_id, visit.partner_id) == (
        technician.pk if technician else None,
        partner.pk if partner else None,
    )


STATUS_MOVES = {
    VisitStatus.CONFIRMED: (VisitStatus.TENTATIVE,),
    VisitStatus.ON_THE_WAY: (VisitStatus.TENTATIVE, VisitStatus.CONFIRMED),
    VisitStatus.MISSED: ACTIVE_STATUSES,
    VisitStatus.CANCELLED: ACTIVE_STATUSES,
}


@transaction.atomic
def set_visit_status(
    visit: Visit, *, actor: User | None, status: str, now: datetime | None = None
) -> Visit:
    """Confirm, set off, mark missed or cancel. "Done" comes with an outcome. Setting off
    keeps to the visit's day and time as "On my way" does (`check_set_off_time`)."""
    check_visit_worker(actor, visit)
    if status not in STATUS_MOVES:
        allowed = ", ".join(STATUS_MOVES)
        raise InvalidInput(
            gettext("Unknown visit status '%(status)s'. Use one of: %(allowed)s.")
            % {"status": status, "allowed": allowed}
        )
    if status == VisitStatus.CANCELLED:
        check_manager(actor)
        raise InvalidInput(
            gettext(
                "A visit is cancelled with a reason, so that the customer is told: use Cancel "
                "on the visit (or POST /api/visits/%(id)s/cancel)."
            )
            % {"id": visit.pk}
        )
    visit = _locked(visit)
    if visit.status == status:
        return visit
    if visit.status not in STATUS_MOVES[VisitStatus(status)]:
        raise InvalidInput(
            gettext("A %(before)s visit cannot become %(after)s.")
            % {
                "before": visit.get_status_display().lower(),
                "after": str(VisitStatus(status).label).lower(),
            }
        )
    now = now or timezone.now()
    if status == VisitStatus.ON_THE_WAY:  # the status page tells the customer at once
        check_set_off_time(visit, now)
    before = VisitStatus(visit.status).label
    visit.status = status
    visit.save(update_fields=["status"])
    events.record(visit.case_id, actor, EventKind.VISIT, field="status", before=before,
                  after=VisitStatus(visit.status).label, at=now)  # fmt: skip
    return visit


class OutcomeBeforeItsDay(InvalidInput):
    """An outcome recorded before the visit's day, not confirmed as done early."""

    code = "before_its_day"

    def __init__(self, visit: Visit) -> None:
        super().__init__(
            gettext(
                "This visit is booked for %(day)s, not today: record its outcome once you have "
                "done it. If you did it early, confirm that (“I did this visit early”, or "
                "early: true in the API)."
            )
            % {"day": date_format(timezone.localtime(visit.starts_at), "D d M")}
        )


def is_before_its_day(visit: Visit, now: datetime) -> bool:
    """The visit's day has not come yet (in the business's time zone)."""
    return timezone.localdate(visit.starts_at) > timezone.localdate(now)


def visits_before_their_day(case: Case, now: datetime) -> list[Visit]:
    """The case's booked visits whose day has not come yet (`is_before_its_day`), soonest
    first: what the customer still expects to happen. Today's and past visits are not
    among them (a case may be solved on the visit's day, before its outcome is recorded)."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    starts = timezone.make_aware(datetime.combine(tomorrow, time.min))
    return list(
        Visit.objects.filter(case_id=case.pk, status__in=ACTIVE_STATUSES, starts_at__gte=starts)
        .select_related("technician", "partner")
        .order_by("starts_at", "id")
    )


def _choice(value: str, choices: type[ReturnReason], unknown: str) -> str:
    """`unknown`: the refusal, with %(value)s and %(allowed)s."""
    if value not in choices.values:
        raise InvalidInput(unknown % {"value": value, "allowed": ", ".join(choices.values)})
    return value


def save_outcome(
    visit: Visit,
    *,
    actor: User | None,
    outcome: str,
    return_reason: str = "",
    root_cause: "RootCause | None" = None,
    note: str = "",
    parts_used: Sequence[tuple[Part, int]] = (),
    now: datetime,
    early: bool = False,
) -> Visit:
    """What came of the visit (the whole job, which keeps the promise of a fixed visit,
    is `rightthere.desk.visits.record_visit_outcome`). "Fixed" closes it; "return needed"
    names the reason and root cause (an entry of the owner's list, found by the use case)
    and leaves it open until the return is booked.
    Before the visit's day only when the worker confirms it was done early (`early`):
    `OutcomeBeforeItsDay` otherwise. Runs in the caller's transaction (the visit is
    locked)."""
    check_visit_worker(actor, visit)
    if outcome not in Outcome.values:
        raise InvalidInput(
            gettext("Unknown outcome '%(value)s'. Use one of: %(allowed)s.")
            % {"value": outcome, "allowed": ", ".join(Outcome.values)}
        )
    if outcome == Outcome.RETURN_NEEDED:
        _choice(
            return_reason,
            ReturnReason,
            gettext("Unknown return reason '%(value)s'. Use one of: %(allowed)s."),
        )
        if root_cause is None:
            raise InvalidInput(gettext("Choose the root cause of the return."))
    elif return_reason or root_cause:
        raise InvalidInput(gettext("A reason and root cause go with “return needed”, not “fixed”."))
    if len(note) > 5000:
        raise InvalidInput(gettext("Keep the note under 5,000 characters."))
    visit = _locked_active(visit)
    if is_before_its_day(visit, now) and not early:
        raise OutcomeBeforeItsDay(visit)
    visit.outcome, visit.return_reason, visit.root_cause = outcome, return_reason, root_cause
    visit.outcome_note, visit.outcome_at = note.strip(), now
    visit.save(update_fields=["outcome", "return_reason", "root_cause", "outcome_note",
                              "outcome_at"])  # fmt: skip
    if outcome == Outcome.RETURN_NEEDED:  # a sentence: written in the business's language
        detail = gettext("%(outcome)s: %(reason)s, cause %(cause)s") % {
            "outcome": Outcome(outcome).label,
            "reason": ReturnReason(return_reason).label,
            "cause": root_cause.name if root_cause is not None else "",
        }
    else:  # a choice's label alone is kept in English; the timeline translates it when shown
        with translation.override("en"):
            detail = str(Outcome(outcome).label)
    events.record(visit.case_id, actor, EventKind.VISIT, field="outcome", after=detail, at=now)
    for part, quantity in parts_used:
        use_part(visit, actor=actor, part=part, quantity=quantity, now=now)
    if outcome == Outcome.FIXED:
        close_visit(visit, actor=actor, now=now)
    return visit


def close_visit(visit: Visit, *, actor: User | None, now: datetime) -> Visit:
    """The technician leaves: the visit is done (its outcome is already recorded)."""
    if not visit.outcome:
        raise InvalidInput(gettext("Record the outcome before closing the visit."))
    if visit.status == VisitStatus.DONE:
        return visit
    before = VisitStatus(visit.status).label
    visit.status, visit.done_at = VisitStatus.DONE, now
    visit.save(update_fields=["status", "done_at"])
    events.record(visit.case_id, actor, EventKind.VISIT, field="status", before=before,
                  after=VisitStatus(visit.status).label, at=now)  # fmt: skip
    return visit


def cancel_visit(
    visit: Visit, *, actor: User | None, reason: str, now: datetime, offer_new_date: bool = True
) -> VisitNotice:
    """Field's part of cancelling a visit (the whole job, which releases its promise, is
    `rightthere.desk.visits.cancel_visit`): owners and agents, with a reason the customer
    reads. Returns the customer's message with the cancelling invite, for the desk to
    send; it invites the customer to reply for a new date unless `offer_new_date` is
    False (the case is solved or closed with it). Runs in the caller's transaction (the
    visit is locked)."""
    check_manager(actor)
    reason = check_reason(reason, required=True)
    visit = _locked_active(visit)
    with invites.in_customer_language(visit):
        slot = invites.slot_text(visit)
    visit.status, visit.needs_rebooking = VisitStatus.CANCELLED, False
    visit.sequence += 1
    visit.save(update_fields=["status", "needs_rebooking", "sequence"])
    events.record(visit.case_id, actor, EventKind.VISIT, field="cancelled",
                  before=gettext("%(when)s with %(who)s")
                  % {"when": events.when(visit.starts_at), "who": visit.doer_name},
                  after=reason, at=now)  # fmt: skip
    with invites.in_customer_language(visit):
        text = (
            f"{invites.greeting(visit)}\n\n"
            + gettext("Your visit on %(slot)s with %(who)s is cancelled.")
            % {"slot": slot, "who": invites.who_comes(visit)}
            + f"\n\n{reason}\n\n"
            + (gettext("The attached calendar update takes it off your calendar. If you would "
                       "like a new date, reply to this message and we will book one.")
               if offer_new_date
               else gettext("The attached calendar update takes it off your calendar."))
        )  # fmt: skip
    return invites.notice(visit, actor=actor, text=text, cancel=True)


def reassign_visit(
    visit: Visit,
    *,
    actor: User | None,
    technician: User | None = None,
    partner: PartnerCompany | None = None,
    now: datetime,
) -> VisitNotice | None:
    """Field's part of giving the visit to another technician or a partner at the same
    time (owners, agents); the whole job, telling the customer who comes, is
    `rightthere.desk.visits.reassign_visit`. None when it is already theirs (nothing
    changes, nobody is told). Runs in the caller's transaction."""
    check_manager(actor)
    check_doer(technician, partner)
    if technician is not None and technician.role != Role.TECHNICIAN:
        raise InvalidInput(
            gettext("%(name)s is not a technician.") % {"name": technician.display_name}
        )
    visit = _locked_active(visit)
    if is_done_by(visit, technician, partner):
        return None
    lock_calendar(technician, partner)
    check_rules(technician=technician, partner=partner, starts_at=visit.starts_at,
                ends_at=visit.ends_at, skill=visit.skill, ignore_visit=visit.pk)  # fmt: skip
    with invites.in_customer_language(visit):
        before, customer_before = visit.doer_name, invites.who_comes(visit)
    visit.technician, visit.partner = technician, partner
    visit.partner_fee = partner_fee(partner)
    visit.sequence += 1
    visit.save(update_fields=["technician", "partner", "partner_fee", "sequence"])
    events.record(visit.case_id, actor, EventKind.VISIT, field="reassigned", before=before,
                  after=visit.doer_name, at=now)  # fmt: skip
    with invites.in_customer_language(visit):
        text = f"{invites.greeting(visit)}\n\n" + gettext(
            "Your visit on %(slot)s stays as booked; it will now be %(who)s who comes, instead "
            "of %(before)s. The updated calendar invite is attached."
        ) % {"slot": invites.slot_text(visit), "who": invites.who_comes(visit),
             "before": customer_before}  # fmt: skip
    return invites.notice(visit, actor=actor, text=text)

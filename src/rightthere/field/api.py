"""The field-service API: visits, booking the return on the spot, parts, slot proposals,
the schedule board and quality figures. Mounted on the project API at its root."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import PartnerCompany, User
from rightthere.cases.access import access_case
from rightthere.core.api.schemas import error_responses
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.core.public_links import public_url
from rightthere.desk import part_orders as desk_part_orders
from rightthere.desk import visit_choice as desk_visit_choice
from rightthere.desk import visit_day as desk_visit_day
from rightthere.desk import visits as desk_visits
from rightthere.field import booking, choosing, feeds, parts, parts_used, setup, visits
from rightthere.field.access import (
    access_part_order,
    access_visit,
    catalogue_entry,
    chosen_vendor,
    named_technician,
    part_use_of,
    visible_visits,
)
from rightthere.field.board import Board, schedule_board
from rightthere.field.models import CalendarFeed, Part, PartOrder, PartUse, Skill, Vendor, Visit
from rightthere.field.quality import CauseCount, quality_report
from rightthere.field.schemas import (
    BoardOut,
    CalendarFeedOut,
    CancelRequest,
    OnMyWayRequest,
    OutcomeRecord,
    PartOrderCreate,
    PartOrderOut,
    PartOrderUpdate,
    PartOut,
    PartUseIn,
    PartUseOut,
    ProposalOut,
    QualityOut,
    ReassignRequest,
    RescheduleRequest,
    ReturnBookingOut,
    ReturnBookingRequest,
    ReturnProposalRequest,
    RunningLateRequest,
    SlotChoice,
    SlotProposalRequest,
    VisitCreate,
    VisitOfferOut,
    VisitOfferRequest,
    VisitOut,
    VisitStatusChange,
)
from rightthere.field.setup_api import PartIn
from rightthere.field.slots import Proposal
from rightthere.recovery.models import active_root_causes

router = Router(tags=["field service"])


def _manager(user: User) -> None:
    if not user.sees_all_cases:
        raise NotAllowed(gettext("Only owners and agents can do that."))


def _slot(choice: SlotChoice | None) -> booking.ChosenSlot | None:
    return booking.ChosenSlot(choice.kind, choice.id, choice.starts_at) if choice else None


def _proposal(proposal: Proposal) -> dict[str, Any]:
    return {
        "slots": [
            {
                "kind": s.kind,
                "id": s.id,
                "name": s.name,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "load_after_percent": round(100 * s.load_after),
            }
            for s in proposal.slots
        ],  # fmt: skip
        "overflow": proposal.overflow,
        "message": proposal.message,
    }


def _utc(value: datetime | None) -> datetime | None:
    """In UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value.astimezone(UTC)


@router.get("/visits", response={200: list[VisitOut], **error_responses(422)})
def list_visits(
    request: HttpRequest, start: datetime | None = None, end: datetime | None = None
) -> list[Visit]:
    """Visits the caller may see, soonest first (a technician: theirs; a partner: its own)."""
    start, end = _utc(start), _utc(end)
    if start and end and end <= start:
        raise InvalidInput(gettext("The end must be after the start."))
    found = visible_visits(current_user(request))
    if start:
        found = found.filter(ends_at__gt=start)
    if end:
        found = found.filter(starts_at__lt=end)
    return list(found.order_by("starts_at", "id")[:500])


@router.post(
    "/cases/{case_id}/visits", response={201: VisitOut, **error_responses(400, 403, 404, 422)}
)
def book_visit(request: HttpRequest, case_id: int, body: VisitCreate) -> tuple[int, Visit]:
    """Book a visit; the customer gets the date with a calendar invite."""
    user = current_user(request)
    case = access_case(user, case_id)
    _manager(user)
    return 201, desk_visits.book_visit(
        case,
        actor=user,
        starts_at=body.starts_at,
        duration_minutes=body.duration_minutes,
        technician=named_technician(user, body.technician_id),
        partner=catalogue_entry(user, PartnerCompany, body.partner_id),
        skill=catalogue_entry(user, Skill, body.skill_id),
        address=body.address,
    )


@router.get("/visits/{visit_id}", response={200: VisitOut, **error_responses(404)})
def get_visit(request: HttpRequest, visit_id: int) -> Visit:
    return access_visit(current_user(request), visit_id)


@router.post(
    "/visits/{visit_id}/status", response={200: VisitOut, **error_responses(400, 403, 404, 422)}
)
def change_status(request: HttpRequest, visit_id: int, body: VisitStatusChange) -> Visit:
    user = current_user(request)
    return visits.set_visit_status(access_visit(user, visit_id), actor=user, status=body.status)


@router.post(
    "/visits/{visit_id}/outcome", response={200: VisitOut, **error_responses(400, 403, 404, 422)}
)
def record_outcome(request: HttpRequest, visit_id: int, body: OutcomeRecord) -> Visit:
    """Fixed (closes the visit), or return needed with a reason and root cause. Before the
    visit's day it is refused (`before_its_day`) unless `early` says it was done early.

    The root cause is one offered in the owner's list (GET /api/root-causes, the list
    complaints use): `root_cause_id`, or its name in `root_cause`. For a while `root_cause`
    also takes the old fixed values (office, vendor, diagnosis, technician, customer),
    mapped onto the list's Office or order error, Vendor, Diagnosis, Technician, Customer.
    The visit returns it as `root_cause: {id, name}`."""
    user = current_user(request)
    visit = access_visit(user, visit_id)
    used = [(catalogue_entry(user, Part, p.part_id), p.quantity) for p in body.parts_used]
    return desk_visits.record_visit_outcome(visit, actor=user, outcome=body.outcome,
                                            return_reason=body.return_reason,
                                            root_cause=body.root_cause,
                                            root_cause_id=body.root_cause_id, note=body.note,
                                            parts_used=used, early=body.early)  # fmt: skip


@router.get(
    "/visits/{visit_id}/parts-used", response={200: list[PartUseOut], **error_responses(404)}
)
def list_parts_used(request: HttpRequest, visit_id: int) -> list[PartUse]:
    """The parts recorded as used on the visit, in the order they were recorded."""
    return list(parts_used.parts_used(access_visit(current_user(request), visit_id)))


@router.post(
    "/visits/{visit_id}/parts-used",
    response={201: PartUseOut, **error_responses(400, 403, 404, 422)},
)
def record_part_used(request: HttpRequest, visit_id: int, body: PartUseIn) -> tuple[int, PartUse]:
    """A part fitted on the visit (its technician or partner, or the office), while it is on
    or once it is done: 1 to 1,000 from the catalogue, stock goes down. As the visit page's
    "Parts used"."""
    user = current_user(request)
    visit = access_visit(user, visit_id)
    return 201, parts_used.record_part_used(visit, actor=user,
                                            part=catalogue_entry(user, Part, body.part_id),
                                            quantity=body.quantity, note=body.note)  # fmt: skip


@router.delete(
    "/visits/{visit_id}/parts-used/{use_id}",
    response={204: None, **error_responses(400, 403, 404)},
)
def remove_part_used(request: HttpRequest, visit_id: int, use_id: int) -> tuple[int, None]:
    """Take off a part recorded by mistake: stock goes back up."""
    user = current_user(request)
    use = part_use_of(access_visit(user, visit_id), use_id)
    parts_used.remove_part_used(use, actor=user)
    return 204, None


@router.post(
    "/visits/{visit_id}/return-proposals",
    response={200: ProposalOut, **error_responses(400, 403, 404, 422)},
)
def propose_return(
    request: HttpRequest, visit_id: int, body: ReturnProposalRequest
) -> dict[str, Any]:
    """The earliest slots for the return visit, after the part is here; partners when
    nobody in-house is free in time. No slot is an answer with a message, not an error."""
    user = current_user(request)
    visit = access_visit(user, visit_id)
    proposal = booking.propose_return(
        visit, actor=user, part=catalogue_entry(user, Part, body.part_id),
        expected_arrival=body.expected_arrival, skill=catalogue_entry(user, Skill, body.skill_id),
        duration_minutes=body.duration_minutes, count=body.count,
    )  # fmt: skip
    return _proposal(proposal)


@router.post(
    "/visits/{visit_id}/return",
    response={201: ReturnBookingOut, **error_responses(400, 403, 404, 422)},
)
def book_return(
    request: HttpRequest, visit_id: int, body: ReturnBookingRequest
) -> tuple[int, dict[str, Any]]:
    """On the spot: order the part, book the chosen (or earliest) slot, promise it, mail the
    customer the date with a calendar invite, and close the visit that needs the return."""
    user = current_user(request)
    visit = access_visit(user, visit_id)
    result = desk_visits.book_return(
        visit, actor=user, part=catalogue_entry(user, Part, body.part_id), quantity=body.quantity,
        expected_arrival=body.expected_arrival, skill=catalogue_entry(user, Skill, body.skill_id),
        duration_minutes=body.duration_minutes, slot=_slot(body.slot),
    )  # fmt: skip
    return 201, {
        "failed_visit": result.failed_visit,
        "order": result.order,
        "visit": result.visit,
        "promise_id": result.promise.pk,
        "message_id": result.message.pk,
    }


@router.post(
    "/visits/{visit_id}/reassign", response={200: VisitOut, **error_responses(400, 403, 404, 422)}
)
def reassign(request: HttpRequest, visit_id: int, body: ReassignRequest) -> Visit:
    """Give the visit to another technician or partner at the same time; the customer is told."""
    user = current_user(request)
    visit = access_visit(user, visit_id)
    return desk_visits.reassign_visit(
        visit, actor=user, technician=named_technician(user, body.technician_id),
        partner=catalogue_entry(user, PartnerCompany, body.partner_id),
    )  # fmt: skip


@router.post(
    "/visits/{visit_id}/reschedule",
    response={200: VisitOut, **error_responses(400, 403, 404, 422)},
)
def reschedule(request: HttpRequest, visit_id: int, body: RescheduleRequest) -> Visit:
    """Move the visit to a chosen slot; the customer is told and the promise renegotiated."""
    user = current_user(request)
    visit = access_visit(user, visit_id)
    chosen = _slot(body.slot)
    assert chosen is not None  # the schema requires a slot
    return desk_visits.reschedule_visit(visit, actor=user, slot=chosen, reason=body.reason)


@router.post(
    "/visits/{visit_id}/cancel", response={200: VisitOut, **error_responses(400, 403, 404, 422)}
)
def cancel(request: HttpRequest, visit_id: int, body: CancelRequest) -> Visit:
    """Cancel the visit with a reason: the customer is told, with a calendar update that
    removes it (METHOD:CANCEL), and the visit's promise is released."""
    user = current_user(request)
    return desk_visits.cancel_visit(access_visit(user, visit_id), actor=user, reason=body.reason)


@router.post("/slot-proposals", response={200: ProposalOut, **error_responses(400, 403, 404, 422)})
def propose_slots(request: HttpRequest, body: SlotProposalRequest) -> dict[str, Any]:
    """The earliest slots for a visit on a case (owners and agents)."""
    user = current_user(request)
    case = access_case(user, body.case_id)
    _manager(user)
    now = timezone.now()
    earliest = max(body.earliest or now, now)
    if body.deadline is not None and body.deadline <= earliest:
        raise InvalidInput(gettext("The deadline must be after the earliest start."))
    proposal = booking.propose(
        case, skill=catalogue_entry(user, Skill, body.skill_id),
        duration=timedelta(minutes=body.duration_minutes), earliest=earliest,
        deadline=body.deadline or booking.promise_window(case, earliest), count=body.count,
    )  # fmt: skip
    return _proposal(proposal)


@router.get("/parts", response={200: list[PartOut], **error_responses(422)})
def list_parts(request: HttpRequest, low_stock: bool = False) -> list[Part]:
    """The parts catalogue; `low_stock=true` lists those at or under their reorder level."""
    if low_stock:
        return list(parts.low_stock())
    return list(Part.objects.select_related("vendor")[:1000])


# Here rather than in field.setup_api with the rest of the set-up: a path is served by
# the first router that declares it.
@router.post("/parts", response={201: PartOut, **error_responses(400, 403, 422)})
def add_part(request: HttpRequest, payload: PartIn) -> tuple[int, Part]:
    """Add a part to the catalogue (owners)."""
    user = current_user(request)
    vendor = catalogue_entry(user, Vendor, payload.vendor_id)
    details = payload.model_dump(exclude={"sku", "name", "vendor_id"})
    return 201, setup.add_part(user, sku=payload.sku, name=payload.name,
                               vendor=vendor, **details)  # fmt: skip


@router.post(
    "/cases/{case_id}/part-orders",
    response={201: PartOrderOut, **error_responses(400, 403, 404, 422)},
)
def order_part(request: HttpRequest, case_id: int, body: PartOrderCreate) -> tuple[int, PartOrder]:
    user = current_user(request)
    case = access_case(user, case_id)
    return 201, parts.order_part(case, actor=user, part=catalogue_entry(user, Part, body.part_id),
                                 quantity=body.quantity, vendor=chosen_vendor(body.vendor_id),
                                 expected_arrival=body.expected_arrival)  # fmt: skip


@router.get("/part-orders/{order_id}", response={200: PartOrderOut, **error_responses(404)})
def get_part_order(request: HttpRequest, order_id: int) -> PartOrder:
    return access_part_order(current_user(request), order_id)


@router.patch(
    "/part-orders/{order_id}", response={200: PartOrderOut, **error_responses(400, 403, 404, 422)}
)
def change_part_order(request: HttpRequest, order_id: int, body: PartOrderUpdate) -> PartOrder:
    """A new arrival date (visits that can no longer have the part are moved and the customer
    told before the old date), or a wrong/defective flag with its root cause."""
    user = current_user(request)
    order = access_part_order(user, order_id)
    return desk_part_orders.change_part_order(order, actor=user,
                                              expected_arrival=body.expected_arrival,
                                              wrong_part=body.wrong_part, defective=body.defective,
                                              root_cause=body.root_cause)  # fmt: skip


@router.post(
    "/part-orders/{order_id}/received",
    response={200: PartOrderOut, **error_responses(400, 403, 404)},
)
def receive_part(request: HttpRequest, order_id: int) -> PartOrder:
    """The part is in: its visits are confirmed and their customers told."""
    user = current_user(request)
    return desk_part_orders.receive_part(access_part_order(user, order_id), actor=user)


def _board_visit(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "case_id": visit.case_id,
        "case_reference": visit.case.reference,
        "customer": visit.case.customer.name,
        "starts_at": visit.starts_at,
        "ends_at": visit.ends_at,
        "status": visit.status,
    }


def board_out(board: Board) -> dict[str, Any]:
    return {
        "start": board.start,
        "days": board.days,
        "max_load_percent": board.max_load_percent,
        "rows": [
            {
                "kind": row.kind,
                "id": row.id,
                "name": row.name,
                "days": [
                    {
                        "day": d.day,
                        "working_minutes": d.working_minutes,
                        "booked_minutes": d.booked_minutes,
                        "load_percent": d.load_percent,
                        "slack_minutes": d.slack_minutes,
                        "bookable_minutes": d.bookable_minutes,
                        "overloaded": d.overloaded,
                        "visit_ids": [v.pk for v in d.visits],
                        "visits": [_board_visit(v) for v in d.visits],
                    }
                    for d in row.days
                ],
            }
            for row in board.rows
        ],  # fmt: skip
        "partner_visit_ids": [v.pk for v in board.partner_visits],
        "needs_rebooking_ids": [v.pk for v in board.needs_rebooking],
        "unplaced_visit_ids": [v.pk for v in board.unplaced],
    }


@router.get("/schedule", response={200: BoardOut, **error_responses(403, 422)})
def get_schedule(
    request: HttpRequest, date: date | None = None, days: int = 1, start: date | None = None
) -> dict[str, Any]:
    """Per technician and partner company, from `date` (or `start`, its older name) for
    `days` days: the visits by time, booked load %, slack, overloaded days (owners and
    agents)."""
    _manager(current_user(request))
    if not 1 <= days <= 31:
        raise InvalidInput(gettext("Show 1 to 31 days."))
    return board_out(schedule_board(date or start or timezone.localdate(), days))


@router.get("/field-quality", response={200: QualityOut, **error_responses(400, 403, 422)})
def get_quality(
    request: HttpRequest, start: datetime | None = None, end: datetime | None = None
) -> dict[str, Any]:
    """Right first time, returns by reason and root cause, rework cost, vendor quality."""
    _manager(current_user(request))
    start, end = _utc(start), _utc(end)
    end = end or timezone.now()
    start = start or end - timedelta(days=30)
    if end <= start:
        raise InvalidInput(gettext("The end must be after the start."))
    report = quality_report(start, end, active_root_causes().values_list("pk", "name"))

    def counts(values: dict[str, int]) -> list[dict[str, Any]]:
        return [{"key": key, "count": count} for key, count in values.items()]

    def by_cause(values: list[CauseCount]) -> list[dict[str, Any]]:
        return [{"id": c.id, "key": c.name, "count": c.count} for c in values]

    return {
        "start": start, "end": end, "cases": report.cases, "first_time": report.first_time,
        "right_first_time_rate": report.right_first_time_rate,
        "not_first_time_by_root_cause": by_cause(report.not_first_time_by_root_cause),
        "returns_by_reason": counts(report.returns_by_reason),
        "returns_by_root_cause": by_cause(report.returns_by_root_cause),
        "extra_visits": report.extra_visits, "extra_visit_hours": report.extra_visit_hours,
        "extra_visit_cost": report.extra_visit_cost,
        "reordered_parts_cost": report.reordered_parts_cost, "rework_cost": report.rework_cost,
        "vendors": [
            {"vendor_id": v.vendor_id, "vendor": v.vendor, "orders": v.orders, "wrong": v.wrong,
             "defective": v.defective, "bad_rate": v.bad_rate} for v in report.vendors
        ],
    }  # fmt: skip


def _feed_out(request: HttpRequest, feed: CalendarFeed) -> dict[str, Any]:
    url = public_url(feeds.feed_path(feed))
    return {"url": url, "webcal_url": feeds.webcal(url), "created_at": feed.created_at,
            "last_fetched_at": feed.last_fetched_at}  # fmt: skip


@router.get("/me/calendar-feed", response={200: CalendarFeedOut, **error_responses(403)})
def get_calendar_feed(request: HttpRequest) -> dict[str, Any]:
    """Your visits' calendar address, made on first asking (technicians and subcontractors)."""
    return _feed_out(request, feeds.feed_of(current_user(request)))


@router.post("/me/calendar-feed", response={200: CalendarFeedOut, **error_responses(403)})
def rotate_calendar_feed(request: HttpRequest) -> dict[str, Any]:
    """A new calendar address; the old one stops working at once."""
    return _feed_out(request, feeds.rotate_feed(current_user(request)))


@router.post(
    "/cases/{case_id}/visit-offer",
    response={201: VisitOfferOut, **error_responses(400, 403, 404, 422)},
)
def offer_visit_slots(
    request: HttpRequest, case_id: int, body: VisitOfferRequest
) -> tuple[int, dict[str, Any]]:
    """Let the customer choose a time (owners and agents): they are mailed the best slots
    and pick one (or move it later, until the cut-off) on their status page."""
    user = current_user(request)
    case = access_case(user, case_id)
    _manager(user)
    offer = desk_visit_choice.offer_visit_slots(
        case, actor=user, skill=catalogue_entry(user, Skill, body.skill_id),
        duration_minutes=body.duration_minutes, address=body.address,
    )  # fmt: skip
    slots = _proposal(choosing.slots_for_offer(offer, now=timezone.now()))["slots"]
    return 201, {
        "id": offer.pk, "case_id": offer.case_id, "skill": offer.skill,
        "duration_minutes": offer.duration_minutes, "created_at": offer.created_at,
        "closed_at": offer.closed_at, "visit_id": offer.visit_id, "slots": slots,
    }  # fmt: skip


@router.post(
    "/visits/{visit_id}/on-my-way", response={200: VisitOut, **error_responses(400, 403, 404, 422)}
)
def on_my_way(request: HttpRequest, visit_id: int, body: OnMyWayRequest) -> Visit:
    """Set off to today's visit: the customer gets your name and the estimated arrival."""
    user = current_user(request)
    visit = access_visit(user, visit_id)
    return desk_visit_day.set_off_to_visit(visit, actor=user, eta_minutes=body.eta_minutes).visit


@router.post(
    "/visits/{visit_id}/running-late",
    response={200: VisitOut, **error_responses(400, 403, 404, 422)},
)
def running_late(request: HttpRequest, visit_id: int, body: RunningLateRequest) -> Visit:
    """The visit's window moves later by `minutes`; the customer is told the new window."""
    user = current_user(request)
    visit = access_visit(user, visit_id)
    return desk_visit_day.report_running_late(visit, actor=user, minutes=body.minutes)

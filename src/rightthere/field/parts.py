"""Ordering parts for a case, receiving them, and their arrival dates moving."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.access import can_work_on
from rightthere.cases.models import Case
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.field import events
from rightthere.field.access import check_manager, check_visit_worker
from rightthere.field.models import Part, PartOrder, PartOrderStatus, RootCause, Vendor, Visit


def low_stock() -> QuerySet[Part]:
    """Parts at or under their reorder level, emptiest first."""
    return (
        Part.objects.filter(stock_on_hand__lte=F("reorder_level"))
        .select_related("vendor")
        .order_by("stock_on_hand", "name")
    )


def _check_orderer(actor: User | None, case: Case, failed_visit: Visit | None) -> None:
    if actor is None or can_work_on(actor, case):
        return
    if failed_visit is not None:
        check_visit_worker(actor, failed_visit)
        return
    raise NotAllowed("You cannot order parts for this case.")


def create_order(
    case: Case,
    *,
    actor: User | None,
    part: Part,
    quantity: int,
    expected_arrival: datetime | None,
    vendor: Vendor | None = None,
    for_failed_visit: Visit | None = None,
    now: datetime,
) -> PartOrder:
    _check_orderer(actor, case, for_failed_visit)
    if not 1 <= quantity <= 1000:
        raise InvalidInput("Order 1 to 1,000 of a part.")
    expected = expected_arrival or now + timedelta(days=part.lead_time_days)
    if expected <= now:
        raise InvalidInput("The expected arrival must be in the future.")
    order = PartOrder.objects.create(
        case=case,
        part=part,
        quantity=quantity,
        vendor=vendor or part.vendor,
        unit_cost=part.cost,
        ordered_at=now,
        expected_arrival=expected,
        for_failed_visit=for_failed_visit,
    )
    events.record(case.pk, actor, events.PART, field="ordered",
                  after=f"{quantity} x {part}, due {events.when(expected)}", at=now)  # fmt: skip
    return order


@transaction.atomic
def order_part(
    case: Case,
    *,
    actor: User | None,
    part: Part,
    quantity: int = 1,
    expected_arrival: datetime | None = None,
    vendor: Vendor | None = None,
    now: datetime | None = None,
) -> PartOrder:
    """Order a part for a case; the arrival defaults to the vendor's lead time."""
    return create_order(case, actor=actor, part=part, quantity=quantity,
                        expected_arrival=expected_arrival, vendor=vendor,
                        now=now or timezone.now())  # fmt: skip


def _locked(order: PartOrder) -> PartOrder:
    return (
        PartOrder.objects.select_for_update(of=("self",))
        .select_related("case", "part", "vendor")
        .get(pk=order.pk)
    )


@transaction.atomic
def receive_part(order: PartOrder, *, actor: User | None, now: datetime | None = None) -> PartOrder:
    """The part is in: stock goes up, visits waiting for it are confirmed, customers told."""
    check_manager(actor)
    order = _locked(order)
    if order.status != PartOrderStatus.ORDERED:
        raise InvalidInput(f"This order is already {order.get_status_display().lower()}.")
    now = now or timezone.now()
    order.status, order.received_at = PartOrderStatus.RECEIVED, now
    order.save(update_fields=["status", "received_at"])
    Part.objects.filter(pk=order.part_id).update(stock_on_hand=F("stock_on_hand") + order.quantity)
    events.record(order.case_id, actor, events.PART, field="received",
                  after=f"{order.quantity} x {order.part}", at=now)  # fmt: skip
    from rightthere.field.booking import confirm_waiting_visits

    confirm_waiting_visits(order, actor=actor, now=now)
    return order


@transaction.atomic
def change_order(
    order: PartOrder,
    *,
    actor: User | None,
    expected_arrival: datetime | None = None,
    wrong_part: bool | None = None,
    defective: bool | None = None,
    root_cause: str | None = None,
    now: datetime | None = None,
) -> PartOrder:
    """A new arrival date from the vendor, or a wrong/defective flag with its root cause.

    An arrival that moves past a visit waiting for the part re-books that visit
    (or asks an agent to), telling the customer before the old date.
    """
    check_manager(actor)
    if root_cause and root_cause not in RootCause.values:
        raise InvalidInput(f"Unknown root cause '{root_cause}'. Use one of: "
                           f"{', '.join(RootCause.values)}.")  # fmt: skip
    order = _locked(order)
    now = now or timezone.now()
    fields = []
    if expected_arrival is not None and expected_arrival != order.expected_arrival:
        if order.status != PartOrderStatus.ORDERED:
            raise InvalidInput("Only a part still on order can get a new arrival date.")
        if expected_arrival <= now:
            raise InvalidInput("The expected arrival must be in the future.")
        events.record(order.case_id, actor, events.PART, field="expected_arrival",
                      before=events.when(order.expected_arrival),
                      after=events.when(expected_arrival), at=now)  # fmt: skip
        order.expected_arrival = expected_arrival
        fields.append("expected_arrival")
    for name, value in (("wrong_part", wrong_part), ("defective", defective)):
        if value is not None and value != getattr(order, name):
            setattr(order, name, value)
            fields.append(name)
            events.record(order.case_id, actor, events.PART, field=name,
                          after=f"{order.part}: {'yes' if value else 'no'}", at=now)  # fmt: skip
    if root_cause is not None and root_cause != order.root_cause:
        order.root_cause = root_cause
        fields.append("root_cause")
    if fields:
        order.save(update_fields=fields)
    if "expected_arrival" in fields:
        from rightthere.field.booking import handle_late_part

        handle_late_part(order, now=now)
    return order

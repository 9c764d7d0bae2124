"""Ordering parts for a case, receiving them, and their arrival dates moving.

A part received or running late reaches the visits waiting for it: the desk
(`rightthere.desk.part_orders`) has them confirmed, re-booked or flagged by `booking.py`
and tells their customers. The order itself is placed by `part_orders.py`, which
booking also uses for the order made with a return visit.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.models import Case, EventKind
from rightthere.core.errors import InvalidInput
from rightthere.field import events
from rightthere.field.access import check_manager
from rightthere.field.models import Part, PartOrder, PartOrderStatus, RootCause, Vendor
from rightthere.field.part_orders import create_order


def low_stock() -> QuerySet[Part]:
    """Parts at or under their reorder level, emptiest first."""
    return (
        Part.objects.filter(stock_on_hand__lte=F("reorder_level"))
        .select_related("vendor")
        .order_by("stock_on_hand", "name")
    )


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


def take_delivery(order: PartOrder, *, actor: User | None, now: datetime) -> PartOrder:
    """Field's part of receiving a part (the whole job, which confirms the visits waiting
    for it and tells their customers, is `rightthere.desk.part_orders.receive_part`): the
    order is received and stock goes up. Runs in the caller's transaction (the order is
    locked)."""
    check_manager(actor)
    order = _locked(order)
    if order.status != PartOrderStatus.ORDERED:
        raise InvalidInput(
            gettext("This order is already %(status)s.")
            % {"status": order.get_status_display().lower()}
        )
    order.status, order.received_at = PartOrderStatus.RECEIVED, now
    order.save(update_fields=["status", "received_at"])
    Part.objects.filter(pk=order.part_id).update(stock_on_hand=F("stock_on_hand") + order.quantity)
    events.record(order.case_id, actor, EventKind.PART, field="received",
                  after=gettext("%(quantity)s x %(part)s")
                  % {"quantity": order.quantity, "part": order.part}, at=now)  # fmt: skip
    return order


@dataclass(frozen=True)
class ChangedOrder:
    order: PartOrder
    arrival_moved: bool  # the vendor gave a new arrival date


def update_order(
    order: PartOrder,
    *,
    actor: User | None,
    expected_arrival: datetime | None = None,
    wrong_part: bool | None = None,
    defective: bool | None = None,
    root_cause: str | None = None,
    now: datetime,
) -> ChangedOrder:
    """A new arrival date from the vendor, or a wrong/defective flag with its root cause.

    Field's part of the job: the whole job is `rightthere.desk.part_orders.change_part_order`,
    where a new arrival that moves past a visit waiting for the part re-books that visit
    (or asks an agent to), telling the customer before the old date. Runs in the
    caller's transaction (the order is locked).
    """
    check_manager(actor)
    if root_cause and root_cause not in RootCause.values:
        raise InvalidInput(
            gettext("Unknown root cause '%(value)s'. Use one of: %(allowed)s.")
            % {"value": root_cause, "allowed": ", ".join(RootCause.values)}
        )
    order = _locked(order)
    fields = []
    if expected_arrival is not None and expected_arrival != order.expected_arrival:
        if order.status != PartOrderStatus.ORDERED:
            raise InvalidInput(gettext("Only a part still on order can get a new arrival date."))
        if expected_arrival <= now:
            raise InvalidInput(gettext("The expected arrival must be in the future."))
        events.record(order.case_id, actor, EventKind.PART, field="expected_arrival",
                      before=events.when(order.expected_arrival),
                      after=events.when(expected_arrival), at=now)  # fmt: skip
        order.expected_arrival = expected_arrival
        fields.append("expected_arrival")
    for name, value in (("wrong_part", wrong_part), ("defective", defective)):
        if value is not None and value != getattr(order, name):
            setattr(order, name, value)
            fields.append(name)
            events.record(order.case_id, actor, EventKind.PART, field=name,
                          after=(gettext("%(part)s: yes") if value else gettext("%(part)s: no"))
                          % {"part": order.part}, at=now)  # fmt: skip
    if root_cause is not None and root_cause != order.root_cause:
        order.root_cause = root_cause
        fields.append("root_cause")
    if fields:
        order.save(update_fields=fields)
    return ChangedOrder(order=order, arrival_moved="expected_arrival" in fields)

"""Part orders for field visits: a part that arrives (the visits waiting for it are
confirmed, the case stops waiting), a new arrival date or a wrong or defective part,
and the visits a late part can no longer reach in time, moved and their customers told
(at once, and by the periodic check).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Status, WaitingReason
from rightthere.desk.visit_notices import (
    emit_visit_webhook,
    notify_visit_moved,
    send_move_notice,
    send_visit_notice,
)
from rightthere.field import booking, parts
from rightthere.field.models import PartOrder, Visit
from rightthere.notifications import actions as notifications
from rightthere.webhooks.models import EventType


@transaction.atomic
def receive_part(order: PartOrder, *, actor: User | None, now: datetime | None = None) -> PartOrder:
    """The part is in (owners and agents).

    In order: field marks the order received and puts the part in stock; then for each
    visit waiting for it, one after the other: a tentative visit is confirmed, the
    customer is told with the calendar invite, and a case waiting on us for the part
    is open again."""
    now = now or timezone.now()
    order = parts.take_delivery(order, actor=actor, now=now)
    notifications.part_arrived(order.case, part=order.part.name, actor=actor)
    for visit in booking.waiting_visits(order):
        send_visit_notice(booking.confirm_for_part(visit, actor=actor, now=now))
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
            send_move_notice(notice, now=now)
            emit_visit_webhook(EventType.VISIT_MOVED, notice.visit, actor=None, at=now)
            notify_visit_moved(notice.visit, actor=None)
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

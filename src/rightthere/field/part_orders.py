"""Placing a part order for a case: who may order, the checks, and the timeline event.

Used by `parts.py` (an agent orders a part) and by `booking.py` (the part ordered
on the spot with a return visit); neither needs the other for it.
"""

from datetime import datetime, timedelta

from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.access import can_work_on
from rightthere.cases.models import Case, EventKind
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.field import events
from rightthere.field.access import check_visit_worker
from rightthere.field.models import Part, PartOrder, Vendor, Visit


def _check_orderer(actor: User | None, case: Case, failed_visit: Visit | None) -> None:
    if actor is None or can_work_on(actor, case):
        return
    if failed_visit is not None:
        check_visit_worker(actor, failed_visit)
        return
    raise NotAllowed(gettext("You cannot order parts for this case."))


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
        raise InvalidInput(gettext("Order 1 to 1,000 of a part."))
    expected = expected_arrival or now + timedelta(days=part.lead_time_days)
    if expected <= now:
        raise InvalidInput(gettext("The expected arrival must be in the future."))
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
    events.record(case.pk, actor, EventKind.PART, field="ordered",
                  after=gettext("%(quantity)s x %(part)s, due %(when)s")
                  % {"quantity": quantity, "part": part, "when": events.when(expected)},
                  at=now)  # fmt: skip
    return order

"""Field jobs (the desk's use cases where the customer is told): overflow with the partner's
fee, stock, late parts, and bad input."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from rightthere.cases.models import CaseEvent
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.desk import part_orders, visits
from rightthere.field import booking, parts
from rightthere.field.models import FieldSettings, Part, TimeOff
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


def failed_visit(desk, **kwargs):
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers, **kwargs)
    return visits.record_visit_outcome(visit, actor=desk.tom, outcome="return_needed",
                                       return_reason="wrong_part", root_cause="office")  # fmt: skip


def test_a_partner_takes_the_return_when_no_technician_is_free_and_the_fee_is_recorded(desk):
    now = timezone.now()
    TimeOff.objects.create(technician=desk.tom.field_profile, starts_at=now,
                           ends_at=now + timedelta(days=60))  # fmt: skip
    visit = failed_visit(desk)

    proposal = booking.propose_return(visit, actor=desk.tom, part=desk.valve)
    result = visits.book_return(visit, actor=desk.tom, part=desk.valve)

    assert proposal.overflow is True
    assert {s.kind for s in proposal.slots} == {"partner"}
    assert result.visit.partner == desk.partner
    assert result.visit.partner_fee == Decimal("24.00")  # 20% of the 120 visit price


def test_the_partner_user_sees_only_their_companys_visits(desk):
    from rightthere.field.access import visible_visits

    ours = make_visit(desk.case, technician=desk.tom)
    theirs = make_visit(desk.case, partner=desk.partner, starts_at=ours.ends_at)

    assert list(visible_visits(desk.partner_user)) == [theirs]


def test_using_a_part_takes_it_from_stock_and_low_stock_is_listed(desk):
    visit = make_visit(desk.case, technician=desk.tom)

    visits.record_visit_outcome(
        visit, actor=desk.tom, outcome="fixed", parts_used=[(desk.valve, 2)]
    )

    assert Part.objects.get(pk=desk.valve.pk).stock_on_hand == 1
    assert list(parts.low_stock()) == [desk.valve]


def test_a_late_part_found_by_the_periodic_job_moves_the_visit_before_the_old_date(desk):
    result = visits.book_return(failed_visit(desk), actor=desk.tom, part=desk.valve)
    order, old_start = result.order, result.visit.starts_at
    order.expected_arrival = old_start  # the vendor's date was wrong; nobody updated it
    order.save(update_fields=["expected_arrival"])

    outcome = part_orders.check_part_arrivals(now=timezone.now())

    result.visit.refresh_from_db()
    assert outcome == {"visits_moved": 1}
    assert result.visit.starts_at >= old_start + timedelta(hours=4)
    assert result.visit.sequence == 1
    assert result.promise.__class__.objects.get(pk=result.promise.pk).state == "renegotiated"


def test_when_set_to_ask_a_late_part_flags_the_visit_for_an_agent(desk, agent):
    FieldSettings.objects.update_or_create(pk=1, defaults={"slip_policy": "ask"})
    result = visits.book_return(failed_visit(desk), actor=desk.tom, part=desk.valve)
    old_start = result.visit.starts_at

    part_orders.change_part_order(result.order, actor=agent,
                                  expected_arrival=old_start + timedelta(days=2))  # fmt: skip

    result.visit.refresh_from_db()
    assert result.visit.starts_at == old_start
    assert result.visit.needs_rebooking is True
    assert CaseEvent.objects.filter(case=desk.case, field="needs_rebooking").exists()


def test_the_return_cannot_be_booked_before_the_part_can_be_here(desk):
    visit = failed_visit(desk)
    too_soon = booking.ChosenSlot("technician", desk.tom.pk, timezone.now() + timedelta(hours=1))

    with pytest.raises(InvalidInput, match="before the part can be here"):
        visits.book_return(visit, actor=desk.tom, part=desk.valve, slot=too_soon)


def test_a_visit_in_the_past_is_refused(desk, agent):
    with pytest.raises(InvalidInput, match="in the future"):
        visits.book_visit(desk.case, actor=agent, technician=desk.tom, duration_minutes=60,
                          starts_at=timezone.now() - timedelta(hours=1))  # fmt: skip


def test_a_technician_cannot_book_first_visits(desk):
    with pytest.raises(NotAllowed):
        visits.book_visit(desk.case, actor=desk.tom, technician=desk.tom, duration_minutes=60,
                          starts_at=timezone.now() + timedelta(days=1))  # fmt: skip


def test_return_needed_without_a_root_cause_is_refused(desk):
    visit = make_visit(desk.case, technician=desk.tom)

    with pytest.raises(InvalidInput, match="root cause"):
        visits.record_visit_outcome(visit, actor=desk.tom, outcome="return_needed",
                                    return_reason="wrong_part")  # fmt: skip

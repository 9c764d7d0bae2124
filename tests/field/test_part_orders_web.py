"""Part orders from the case page: the office orders a part, marks it received, wrong or
defective, or gives it a new arrival date, through the same use cases as the API
(`field.parts.order_part`, `desk.part_orders.receive_part` / `change_part_order`)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import CaseEvent, EventKind
from rightthere.field.models import PartOrder, PartOrderStatus
from rightthere.field.parts import order_part
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def order(desk, agent):
    return order_part(desk.case, actor=agent, part=desk.valve, quantity=2)


def test_the_case_page_offers_the_office_to_order_a_part_and_act_on_orders(
    client, owner, desk, order
):
    client.force_login(owner)
    page = client.get(reverse("case_detail", args=[desk.case.pk])).content.decode()
    assert "Order a part" in page
    assert reverse("field_order_part", args=[desk.case.pk]) in page
    assert reverse("field_receive_part", args=[order.pk]) in page
    assert reverse("field_change_part_order", args=[order.pk]) in page


def test_an_empty_parts_list_says_so(client, agent, desk):
    client.force_login(agent)
    page = client.get(reverse("case_detail", args=[desk.case.pk])).content.decode()
    assert "No parts ordered." in page


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_the_office_orders_a_part_from_the_case_page(role, request, client, desk):
    user = request.getfixturevalue(role)
    client.force_login(user)
    form = client.get(reverse("field_order_part", args=[desk.case.pk]), HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and "Diverter valve 22mm" in form.content.decode()
    response = client.post(reverse("field_order_part", args=[desk.case.pk]), {
        "part": desk.valve.pk, "quantity": "3", "vendor": desk.good_vendor.pk,
        "expected_arrival": _day(4),
    })  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cases/{desk.case.pk}/#field-visits")
    made = PartOrder.objects.get(case=desk.case)
    assert (made.part, made.quantity, made.vendor) == (desk.valve, 3, desk.good_vendor)
    assert timezone.localtime(made.expected_arrival).date().isoformat() == _day(4)
    assert CaseEvent.objects.filter(case=desk.case, kind=EventKind.PART, field="ordered").exists()


def test_no_arrival_date_means_the_vendors_lead_time(client, agent, desk):
    client.force_login(agent)
    client.post(reverse("field_order_part", args=[desk.case.pk]),
                {"part": desk.valve.pk, "quantity": "1"})  # fmt: skip
    made = PartOrder.objects.get(case=desk.case)
    assert made.vendor == desk.vendor
    assert (made.expected_arrival - made.ordered_at) == timedelta(days=3)


@pytest.mark.parametrize("bad, said", [
    ({"part": "", "quantity": "1"}, "Choose a part from the list."),
    ({"quantity": "0"}, "Order 1 to 1,000 of a part."),
    ({"quantity": "lots"}, "Order 1 to 1,000 of a part."),
    ({"expected_arrival": "2001-01-01"}, "The expected arrival must be in the future."),
    ({"expected_arrival": "soon"}, "Give the arrival date"),
    ({"vendor": "999999"}, "Choose a vendor from the list."),
])  # fmt: skip
def test_a_bad_order_says_why_and_keeps_what_was_typed(bad, said, client, agent, desk):
    client.force_login(agent)
    typed = {"part": desk.valve.pk, "quantity": "2", "expected_arrival": _day(3), **bad}
    response = client.post(reverse("field_order_part", args=[desk.case.pk]), typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert said in page
    if bad.get("quantity") != "0":
        assert f'value="{typed["quantity"]}"' in page
    assert not PartOrder.objects.exists()


def test_the_assigned_technician_may_order_as_in_the_api_but_not_receive(client, desk, order):
    client.force_login(desk.tom)
    response = client.post(reverse("field_order_part", args=[desk.case.pk]),
                           {"part": desk.pump.pk, "quantity": "1"})  # fmt: skip
    assert response.status_code == 302
    assert PartOrder.objects.filter(part=desk.pump).exists()
    assert client.post(reverse("field_receive_part", args=[order.pk])).status_code == 403
    assert client.post(reverse("field_change_part_order", args=[order.pk]),
                       {"change": "defective", "root_cause": "vendor"}).status_code == 403  # fmt: skip
    order.refresh_from_db()
    assert order.status == PartOrderStatus.ORDERED and not order.defective


def test_a_subcontractor_neither_orders_nor_sees_orders(client, desk, order, subcontractor):
    client.force_login(subcontractor)
    assert client.post(reverse("field_order_part", args=[desk.case.pk]),
                       {"part": desk.pump.pk, "quantity": "1"}).status_code == 404  # fmt: skip
    assert client.post(reverse("field_receive_part", args=[order.pk])).status_code == 404
    # With a visit on the case the order is visible, yet only the office acts on it.
    make_visit(desk.case, partner=desk.partner, skill=desk.boilers)
    assert client.post(reverse("field_receive_part", args=[order.pk])).status_code == 403
    assert client.post(reverse("field_change_part_order", args=[order.pk]),
                       {"change": "arrival", "expected_arrival": _day(9)}).status_code == 403  # fmt: skip
    assert PartOrder.objects.count() == 1


def test_nobody_logged_in_is_sent_to_log_in(client, desk, order):
    response = client.post(reverse("field_receive_part", args=[order.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_the_office_marks_a_part_received(role, request, client, desk, order):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("field_receive_part", args=[order.pk]))
    assert response.status_code == 302
    order.refresh_from_db()
    desk.valve.refresh_from_db()
    assert order.status == PartOrderStatus.RECEIVED and desk.valve.stock_on_hand == 5
    # Twice: refused, said, nothing changes.
    again = client.post(reverse("field_receive_part", args=[order.pk]))
    assert again.status_code == 400 and "already received" in again.content.decode()
    desk.valve.refresh_from_db()
    assert desk.valve.stock_on_hand == 5


def test_receiving_confirms_the_visit_waiting_for_the_part(client, agent, desk, order):
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers, status="tentative",
                       starts_at=timezone.now() + timedelta(days=5), waits_for=order)  # fmt: skip
    client.force_login(agent)
    client.post(reverse("field_receive_part", args=[order.pk]))
    visit.refresh_from_db()
    assert visit.status == "confirmed"


def test_the_office_gives_a_new_arrival_date(client, agent, desk, order):
    client.force_login(agent)
    response = client.post(reverse("field_change_part_order", args=[order.pk]),
                           {"change": "arrival", "expected_arrival": _day(6)})  # fmt: skip
    assert response.status_code == 302
    order.refresh_from_db()
    assert timezone.localtime(order.expected_arrival).date().isoformat() == _day(6)
    bad = client.post(reverse("field_change_part_order", args=[order.pk]),
                      {"change": "arrival", "expected_arrival": "2001-02-03"})  # fmt: skip
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "The expected arrival must be in the future." in page and 'value="2001-02-03"' in page


@pytest.mark.parametrize("flag", ["wrong_part", "defective"])
def test_the_office_marks_a_part_wrong_or_defective(flag, client, owner, desk, order):
    client.force_login(owner)
    missing = client.post(reverse("field_change_part_order", args=[order.pk]), {"change": flag})
    assert missing.status_code == 400 and "Choose the root cause." in missing.content.decode()
    response = client.post(reverse("field_change_part_order", args=[order.pk]),
                           {"change": flag, "root_cause": "vendor"})  # fmt: skip
    assert response.status_code == 302
    order.refresh_from_db()
    assert getattr(order, flag) is True and order.root_cause == "vendor"
    assert CaseEvent.objects.filter(case=desk.case, kind=EventKind.PART, field=flag).exists()


def test_the_order_page_shows_the_order(client, agent, order):
    client.force_login(agent)
    page = client.get(reverse("field_part_order", args=[order.pk])).content.decode()
    assert "Diverter valve 22mm" in page and reverse("field_receive_part", args=[order.pk]) in page

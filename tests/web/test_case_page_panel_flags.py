"""The case page asks in its query of the case whether it has a recovery, checklist
steps, visits or part orders (cases.views.panels.with_panel_flags), and those panels
query only then (#23). Each must still show what the case has, at once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.checklists.actions import add_item
from rightthere.field.models import Part, Vendor, Visit
from rightthere.field.parts import order_part
from rightthere.recovery.actions import start_recovery
from tests.factories import make_case
from tests.web.test_query_counts import CASE_PAGE_QUERIES, TECHNICIAN_CASE_PAGE_QUERIES

# The recovery (itself, its waivers and options, the root causes and improvements on
# offer: 6), the checklist's steps, the visits and the part orders: read only for a
# case that has them.
QUERIES_OF_A_CASE_WITH_EVERY_PANEL = 9


@pytest.fixture(autouse=True)
def first_run_gate_passed(owner):
    """The first-run gate lets staff in once an owner exists."""


def page(client, case) -> str:
    response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def book_visit(case, technician) -> Visit:
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    return Visit.objects.create(case=case, technician=technician, starts_at=starts,
                                ends_at=starts + timedelta(hours=1), address="1 Mill Lane",
                                created_at=timezone.now(), status="confirmed")  # fmt: skip


def order_valve(case, actor):
    vendor = Vendor.objects.create(name="Valves & Co")
    valve = Part.objects.create(sku="V-22", name="Diverter valve 22mm", vendor=vendor,
                                cost=Decimal("48.50"), lead_time_days=3)  # fmt: skip
    return order_part(case, actor=actor, part=valve)


def test_panels_appear_as_soon_as_the_case_has_their_rows(agent, technician, as_user):
    case = make_case(assignee=technician, subject="Boiler leaks")
    client = as_user(agent)
    before = page(client, case)
    assert "Check the pressure" not in before
    assert "Diverter valve 22mm" not in before
    assert "Complaint recovery" not in before

    add_item(case, actor=agent, text="Check the pressure")
    book_visit(case, technician)
    order_valve(case, agent)
    start_recovery(case, actor=agent)
    after = page(client, case)

    assert "Check the pressure" in after
    assert reverse("field_visit", args=[case.visits.get().pk]) in after
    assert "Diverter valve 22mm" in after
    assert "Complaint recovery" in after


def test_a_case_without_such_rows_reads_none_of_them(
    agent, technician, as_user, django_assert_num_queries
):
    case = make_case(assignee=technician)
    client = as_user(agent)
    page(client, case)

    with django_assert_num_queries(CASE_PAGE_QUERIES - 2):  # no files, no outgoing mail
        html = page(client, case)

    assert "No visits." in html  # the panel stays: an agent can book a visit from it
    assert reverse("recovery_step", args=[case.pk, "start"]) in html


def test_a_case_with_every_panel_reads_each_once(
    agent, technician, as_user, django_assert_num_queries
):
    case = make_case(assignee=technician)
    add_item(case, actor=agent, text="Check the pressure")
    book_visit(case, technician)
    order_valve(case, agent)
    start_recovery(case, actor=agent)
    client = as_user(agent)
    page(client, case)

    with django_assert_num_queries(CASE_PAGE_QUERIES - 2 + QUERIES_OF_A_CASE_WITH_EVERY_PANEL):
        page(client, case)


def test_a_technician_sees_his_visit_and_the_steps(technician, agent, as_user):
    case = make_case(assignee=technician)
    add_item(case, actor=agent, text="Check the pressure")
    visit = book_visit(case, technician)

    html = page(as_user(technician), case)

    assert "Check the pressure" in html
    assert reverse("field_visit", args=[visit.pk]) in html


def test_a_technician_on_a_case_without_such_rows_reads_none_of_them(
    technician, as_user, django_assert_num_queries
):
    case = make_case(assignee=technician)
    client = as_user(technician)
    page(client, case)

    with django_assert_num_queries(TECHNICIAN_CASE_PAGE_QUERIES - 2):  # no files, no mail out
        page(client, case)

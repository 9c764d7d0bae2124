"""Right first time, the cost of rework, visits as personal contact and the owner's
visits, from a hand-made field-service desk whose right answer each test states."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from rightthere.field.models import Part, PartOrder, Vendor
from rightthere.field.quality import quality_report
from rightthere.insights.kpis import field
from rightthere.insights.kpis.period import Period
from rightthere.insights.owner_time import owner_time
from rightthere.insights.relationships import last_personal_contacts
from rightthere.recovery.models import RootCause
from tests.factories import CustomerFactory, make_case
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)
PERIOD = Period(weeks=4, now=NOW)


def job(internal=False, kind="repair"):
    return make_case(customer=CustomerFactory(internal=internal), kind=kind,
                     opened_at=NOW - timedelta(days=80))  # fmt: skip


def visit(case, days_ago, outcome="", hours=1, **kwargs):
    at = NOW - timedelta(days=days_ago)
    return make_visit(case, starts_at=at - timedelta(hours=hours), hours=hours, outcome=outcome,
                      outcome_at=at if outcome else None, **kwargs)  # fmt: skip


def done(case, days_ago, **kwargs):
    return visit(case, days_ago, status="done", done_at=NOW - timedelta(days=days_ago), **kwargs)


@pytest.fixture
def jobs():
    """Four jobs: two fixed at the first visit (one internal), one needing a 2-hour return
    visit and two re-ordered valves (2 x £48.50), and one whose first visit was before the
    period but whose 1-hour return visit falls in it."""
    done(job(), 2, outcome="fixed")
    done(job(internal=True), 3, outcome="fixed")
    failed_case = job()
    office = RootCause.objects.get_or_create(name="Office or order error")[0]
    failed = done(failed_case, 5, outcome="return_needed", return_reason="wrong_part",
                  root_cause=office)  # fmt: skip
    done(failed_case, 1, outcome="fixed", hours=2, return_of=failed)
    vendor = Vendor.objects.create(name="Valves & Co")
    valve = Part.objects.create(sku="V-22", name="Valve", vendor=vendor, cost=Decimal("48.50"))
    PartOrder.objects.create(case=failed_case, part=valve, vendor=vendor, quantity=2,
                             unit_cost=Decimal("48.50"), ordered_at=NOW - timedelta(days=4),
                             expected_arrival=NOW - timedelta(days=2),
                             for_failed_visit=failed)  # fmt: skip
    old_case = job()
    old = done(old_case, 60, outcome="return_needed", return_reason="missing_part")
    done(old_case, 2, outcome="fixed", return_of=old)
    visit(job(), 1, outcome="fixed", status="cancelled")  # cancelled: not a job done


def test_right_first_time_is_jobs_fixed_at_the_first_visit_split_by_audience(jobs):
    # All: 2 of the 3 jobs whose first visit was in the period; external 1 of 2; internal 1 of 1.
    assert field.right_first_time(PERIOD, "all").value == pytest.approx(66.7)
    assert field.right_first_time(PERIOD, "all").count == 3
    assert field.right_first_time(PERIOD, "external").value == 50.0
    assert field.right_first_time(PERIOD, "internal").value == 100.0
    assert field.right_first_time(PERIOD, "all").waiting_on == ""


def test_rework_costs_return_visit_hours_and_reordered_parts(jobs):
    # 3 hours of return visits at the default £60 an hour, plus 2 valves at £48.50.
    figure = field.rework_cost(PERIOD, "all")

    assert (figure.value, figure.count) == (277.0, 2)
    assert field.rework_cost(PERIOD, "internal").value == 0.0


def test_dashboard_field_figures_agree_with_the_field_apps_quality_report(jobs):
    report = quality_report(PERIOD.start, PERIOD.end)

    assert field.right_first_time(PERIOD, "all").count == report.cases
    assert field.rework_cost(PERIOD, "all").value == float(report.rework_cost)


def test_a_visit_done_is_the_customers_last_personal_contact():
    case = job()
    done(case, 3)
    visit(case, -2, status="confirmed")  # booked, not yet made

    contacts = last_personal_contacts([case.customer_id])

    assert contacts == {case.customer_id: NOW - timedelta(days=3)}


def test_owners_visits_are_counted_by_case_kind(owner, technician):
    done(job(kind="complaint"), 2, technician=owner)
    done(job(kind="repair"), 3, technician=owner)
    done(job(kind="repair"), 4, technician=owner)
    visit(job(kind="repair"), 1, technician=owner, status="cancelled")
    done(job(kind="repair"), 1, technician=technician)  # not the owner
    done(job(kind="repair"), 40, technician=owner)  # before the period

    visits = {row["kind"]: row["visits"] for row in owner_time(PERIOD)}

    assert (visits["complaint"], visits["repair"], visits["question"]) == (1, 2, 0)

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from rightthere.accounts.models import Role, User
from rightthere.cases.models import Case, CaseEvent, EventKind, Message, Status
from rightthere.cases.search import search_case_ids
from rightthere.customers.models import Customer
from rightthere.demo.seed import seed_demo
from rightthere.recovery.models import Recovery, RootCause

pytestmark = pytest.mark.django_db

A_WEDNESDAY_AFTERNOON = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def database_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "customers": Customer.objects.count(),
        "cases": Case.objects.count(),
        "messages": Message.objects.count(),
        "events": CaseEvent.objects.count(),
    }


def test_seeding_the_demo_twice_leaves_one_demo():
    # The default is 200 cases; fewer keep the test quick and exercise the option.
    first_output = seed(cases=40)
    after_first = database_counts()
    second_output = seed(cases=40)

    assert "Seeded" in first_output
    assert "already there" in second_output
    assert database_counts() == after_first
    roles = dict(User.objects.values_list("role").annotate(n=Count("id")))
    assert roles == {Role.OWNER: 1, Role.AGENT: 2, Role.TECHNICIAN: 3, Role.SUBCONTRACTOR: 1}
    olivia = User.objects.get(username="olivia")
    assert olivia.is_staff and olivia.is_superuser
    assert olivia.check_password("rightthere-demo")
    sam = User.objects.select_related("partner").get(username="sam")
    assert sam.partner is not None
    assert sam.partner.name == "Northside Plumbing Ltd"
    assert after_first["customers"] == 40
    assert Customer.objects.filter(internal=True).count() == 2
    # 40 planned, plus one customer who wrote twice and the bad review's complaint.
    assert after_first["cases"] == 42
    assert after_first["messages"] > 3 * after_first["cases"]


def test_demo_cases_have_a_real_history():
    seed_demo(cases=100, now=A_WEDNESDAY_AFTERNOON)

    # One duplicate, one complaint from a bad review.
    assert CaseEvent.objects.filter(kind=EventKind.CREATED).count() == 102
    assert CaseEvent.objects.filter(kind=EventKind.STATUS).exists()
    assert CaseEvent.objects.filter(kind=EventKind.ASSIGNEE).exists()
    directions = set(Message.objects.values_list("direction", flat=True))
    assert directions == {"inbound", "outbound", "note"}
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {Status.CLOSED, Status.SOLVED} <= statuses
    assert statuses & {Status.NEW, Status.OPEN, Status.WAITING_US, Status.WAITING_CUSTOMER}
    assert Case.objects.filter(assignee__username="sam", partner__isnull=False).exists()
    assert not Case.objects.filter(created_at__gt=A_WEDNESDAY_AFTERNOON).exists()
    assert not Message.objects.filter(created_at__gt=A_WEDNESDAY_AFTERNOON).exists()
    assert search_case_ids("boiler")
    closed_complaints = Recovery.objects.filter(case__status=Status.CLOSED)
    assert closed_complaints.exists()
    assert not closed_complaints.filter(root_cause__isnull=True).exists()
    assert not closed_complaints.exclude(satisfied=True).exists()


def test_reset_rebuilds_the_same_demo_from_the_fixed_seed():
    seed_demo(cases=30, now=A_WEDNESDAY_AFTERNOON)
    before = list(
        Case.objects.order_by("id").values_list("subject", "status", "assignee__username")
    )

    seed_demo(cases=30, now=A_WEDNESDAY_AFTERNOON, reset=True)

    after = list(Case.objects.order_by("id").values_list("subject", "status", "assignee__username"))
    assert after == before
    assert User.objects.count() == 7
    assert Customer.objects.count() == 40


def test_demo_has_canned_replies_a_duplicate_to_merge_and_logged_time():
    from rightthere.canned.models import CannedReply
    from rightthere.merging.duplicates import likely_duplicates
    from rightthere.timetracking.models import TimeEntry

    seed_demo(cases=60, now=A_WEDNESDAY_AFTERNOON)

    assert CannedReply.objects.count() == 6  # four for the front desk, one each for Tom and Sam
    newest = Case.objects.filter(subject__startswith="Re: ").order_by("-id").first()
    suggestions = likely_duplicates(newest, Case.objects.all())
    assert suggestions, "the customer's second message is offered as a duplicate"
    assert TimeEntry.objects.filter(ended_at__isnull=False).count() >= 10

    seed_demo(cases=60, reset=True, now=A_WEDNESDAY_AFTERNOON)

    assert CannedReply.objects.count() == 6  # four for the front desk, one each for Tom and Sam


def test_the_demo_seeds_on_a_desk_whose_root_cause_list_was_emptied():
    """The defaults come back first, so every improvement is about the root cause its
    story names (it used to take the first cause for the first story, and a later
    story with the same improvement then failed)."""
    RootCause.objects.all().delete()

    # (On this date the first complaint's cause is not the first in the list.)
    seed_demo(cases=80, now=datetime(2026, 12, 5, 5, 0, tzinfo=UTC))

    recoveries = Recovery.objects.filter(improvement__isnull=False)
    assert recoveries.exists()
    for recovery in recoveries.select_related("improvement", "root_cause"):
        assert recovery.improvement.root_cause_id == recovery.root_cause_id
    assert RootCause.objects.filter(name="Skill").exists()

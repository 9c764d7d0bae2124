"""The inbox's live view counts: one statement, and the same numbers as the views.

`view_counts` counts every view in one SQL statement (five of them in one scan
with conditional aggregates). Whatever the SQL, each count must be the number
of cases the view itself lists for that user, for every role.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case, Status
from rightthere.cases.models.case import IS_OPEN
from rightthere.coach.models import MessageSentiment
from rightthere.core.compiled import compiled_statements, forget_compiled
from rightthere.inbox import VIEWS, InboxFilters, inbox_cases, view_counts
from rightthere.promises.models import Promise, PromiseSource, PromiseState
from tests.checklists.factories import make_checklist
from tests.factories import SubcontractorFactory, TechnicianFactory, UserFactory, make_case

# Data minutes and hours from now stays on today and in this week at any hour.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eleven_today")]

COUNTED = [view.slug for view in VIEWS if view.slug != "all"]


def listed(user) -> dict[str, int]:
    """What each view lists for the user, counted one view at a time."""
    return {slug: inbox_cases(user, slug, InboxFilters(), sort="due").count() for slug in COUNTED}


def promise(case: Case, *, state=PromiseState.OPEN, due_in=timedelta(hours=1), owner=None,
            broken_ago=None) -> Promise:  # fmt: skip
    now = timezone.now()
    return Promise.objects.create(
        case=case, what="Call back", due_at=now + due_in, owner=owner, state=state,
        source=PromiseSource.MANUAL, created_at=now,
        broken_at=now - broken_ago if broken_ago is not None else None,
    )  # fmt: skip


@pytest.fixture
def desk(owner, agent):
    """Cases for every counted view, spread over an agent, a technician and a partner."""
    now = timezone.now()
    technician = TechnicianFactory(username="tess")
    subcontractor = SubcontractorFactory(username="sid")
    other_subcontractor = SubcontractorFactory(username="sue")

    def case(subject, **kwargs) -> Case:
        opened = make_case(subject=subject, **kwargs)
        # Take away the first-response promise, so each case has only the promises given here.
        Promise.objects.filter(case=opened).update(state=PromiseState.KEPT)
        return opened

    mine = case("Mine", assignee=agent)
    unassigned = case("Nobody's")
    technicians = case("The technician's", assignee=technician)
    partners = case("The partner's", assignee=subcontractor)
    case("The other partner's", assignee=other_subcontractor)
    Case.objects.filter(pk=mine.pk).update(next_due_at=now + timedelta(hours=1))  # due soon
    Case.objects.filter(pk=technicians.pk).update(next_due_at=now - timedelta(hours=1))  # overdue
    Case.objects.filter(pk=partners.pk).update(next_due_at=now + timedelta(days=3))
    make_checklist(case("Checklist untouched", assignee=technician), at=now - timedelta(days=2))
    waiting_us = case("Waiting on a part", assignee=agent)
    waiting_us_promised = case("Waiting on a part, date given", assignee=subcontractor)
    waiting_customer = case("Waiting on the customer", assignee=technician)
    Case.objects.filter(pk__in=[waiting_us.pk, waiting_us_promised.pk]).update(
        status=Status.WAITING_US
    )
    Case.objects.filter(pk=waiting_customer.pk).update(status=Status.WAITING_CUSTOMER)
    promise(waiting_us_promised, due_in=timedelta(days=2), owner=subcontractor)
    promise(mine, due_in=timedelta(minutes=30), owner=agent)  # today and soon
    promise(unassigned, due_in=timedelta(hours=2), owner=owner)
    solved = case("Solved, promise broken", assignee=technician)
    closed = case("Closed, promise due", assignee=agent)
    Case.objects.filter(pk=solved.pk).update(status=Status.SOLVED)
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    promise(
        solved, state=PromiseState.BROKEN, due_in=-timedelta(days=2), broken_ago=timedelta(days=1)
    )
    promise(closed, due_in=timedelta(minutes=10), owner=agent)
    # Broken too long ago to count.
    promise(technicians, state=PromiseState.BROKEN, due_in=-timedelta(days=40),
            broken_ago=timedelta(days=35))  # fmt: skip
    MessageSentiment.objects.filter(case__in=[unassigned, partners]).update(upset=True)
    return {"technician": technician, "subcontractor": subcontractor}


@pytest.mark.parametrize(
    "who", ["owner", "agent", "technician", "subcontractor", "partnerless", "inactive"]
)
def test_each_count_is_what_its_view_lists(who, desk, owner, agent):
    user = {
        "owner": owner,
        "agent": agent,
        "technician": desk["technician"],
        "subcontractor": desk["subcontractor"],
        "partnerless": SubcontractorFactory(partner=None),
        "inactive": UserFactory(is_active=False),
    }[who]

    assert view_counts(user) == listed(user)


def test_the_desk_has_a_case_in_every_view(desk, agent):
    """So that the comparisons above compare numbers, not zeros."""
    counts = view_counts(agent)

    assert all(counts.values()), counts
    assert counts["open"] < Case.objects.count()  # solved and closed cases are left out


def test_counting_every_view_is_one_query(desk, agent, django_assert_num_queries):
    with django_assert_num_queries(1):
        view_counts(agent)


def test_one_statement_serves_every_user_of_a_kind_at_any_time(desk, agent, owner):
    """The statement is compiled once per kind of user; the user and the time are
    bound on each run, so a cached statement never answers with someone else's
    cases or an old clock."""
    forget_compiled()
    technician = desk["technician"]
    other_technician = TechnicianFactory(username="theo")
    make_case(subject="Theo's", assignee=other_technician)

    assert view_counts(technician) == listed(technician)
    theos = view_counts(other_technician)
    assert theos == listed(other_technician)
    assert theos["open"] == theos["mine"] == 1
    assert view_counts(agent) == listed(agent)
    assert view_counts(owner)["mine"] != view_counts(agent)["mine"]
    # One statement for technicians, one for owners and agents.
    assert len(compiled_statements()) == 2


def test_counts_follow_the_clock(desk, agent):
    now = timezone.now()
    view_counts(agent)  # compiled with today's clock

    later = view_counts(agent, now=now + timedelta(days=4))

    # Four days on, every open case with a due time is overdue and none is due soon.
    open_with_due = Case.objects.filter(IS_OPEN, next_due_at__isnull=False).count()
    assert later["overdue"] == open_with_due > view_counts(agent)["overdue"]
    assert later["due-soon"] == 0


def test_no_status_or_state_is_a_parameter_of_the_counting_statement(desk, agent):
    """Every status and state is written into the SQL (compiled.Inline): with one as a
    parameter, PostgreSQL could not estimate how many cases it selects, found its
    generic plan dearer than planning each run and planned the statement anew on every
    request (~1.3 ms at 10k cases, #23)."""
    forget_compiled()
    view_counts(agent)

    (statement,) = compiled_statements().values()

    assert [p for p in statement.params if isinstance(p, str)] == []  # no status or state
    assert "'waiting_us'" in statement.sql
    assert "'waiting_customer'" in statement.sql

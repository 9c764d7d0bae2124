"""The benchmark's synthetic loader writes rows directly; check they are what the
case actions would have written (nothing here is timed)."""

from datetime import UTC, datetime

import pytest
from benchmarks.dataset import load_cases
from django.db.models import Count, F, Max, Min, Q

from rightthere.accounts.models import Role, User
from rightthere.cases.business_hours import compute_due_times
from rightthere.cases.models import Case, CaseEvent, Direction, EventKind, Message
from rightthere.cases.models.case import IS_OPEN
from rightthere.cases.search import rebuild_index, search_case_ids
from rightthere.customers.models import Contact, Customer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


@pytest.fixture
def loaded():
    return load_cases(200, seed=7, chunk=64, now=NOW)


def test_loader_creates_staff_of_every_role_customers_and_contacts(loaded):
    roles = set(User.objects.values_list("role", flat=True))

    assert roles == {Role.OWNER, Role.AGENT, Role.TECHNICIAN, Role.SUBCONTRACTOR}
    assert Case.objects.count() == loaded.cases == 200
    assert Customer.objects.count() == loaded.customers == 10
    assert Contact.objects.count() == loaded.contacts
    assert Message.objects.count() == loaded.messages
    assert CaseEvent.objects.count() == loaded.events
    assert not Case.objects.exclude(contact__customer=F("customer")).exists()
    assert not Case.objects.exclude(internal=F("customer__internal")).exists()


def test_loaded_cases_have_consistent_due_times_and_statuses(loaded):
    open_cases = Case.objects.filter(IS_OPEN)

    assert 0 < open_cases.count() < 40
    assert (
        not open_cases.filter(first_responded_at__isnull=True)
        .exclude(next_due_at=F("first_response_due"))
        .exists()
    )
    assert (
        not open_cases.filter(first_responded_at__isnull=False)
        .exclude(next_due_at=F("resolution_due"))
        .exists()
    )
    assert not Case.objects.exclude(IS_OPEN).filter(next_due_at__isnull=False).exists()
    assert not Case.objects.filter(status="closed", closed_at__lt=F("solved_at")).exists()
    assert not Case.objects.filter(Q(created_at__gt=NOW) | Q(updated_at__gt=NOW)).exists()
    for case in Case.objects.all():
        due = compute_due_times(case.created_at, case.priority)
        assert (case.first_response_due, case.resolution_due) == (
            due.first_response,
            due.resolution,
        )


def test_loaded_conversations_match_their_cases(loaded):
    replies = Case.objects.annotate(
        first_reply=Min("messages__created_at", filter=Q(messages__direction=Direction.OUTBOUND)),
        last_message=Max("messages__created_at"),
        message_events=Count("events", filter=Q(events__kind=EventKind.MESSAGE), distinct=True),
        messages_count=Count("messages", distinct=True),
    )

    for case in replies:
        assert case.first_responded_at == case.first_reply
        assert case.updated_at >= case.last_message >= case.created_at
        assert case.message_events == case.messages_count >= 1
        if case.solved_at is not None:
            assert case.solved_at >= case.last_message
    assert (
        not Message.objects.exclude(author_contact__isnull=True)
        .exclude(author_contact__customer=F("case__customer"))
        .exists()
    )
    assert CaseEvent.objects.filter(kind=EventKind.CREATED).count() == 200


def test_subcontractor_cases_are_handed_to_their_company(loaded):
    with_partner = Case.objects.filter(partner__isnull=False)

    assert not with_partner.exclude(assignee__role=Role.SUBCONTRACTOR).exists()
    assert not with_partner.exclude(partner=F("assignee__partner")).exists()
    assert not Case.objects.filter(assignee__role=Role.SUBCONTRACTOR, partner__isnull=True).exists()


def test_a_second_load_adds_cases_after_the_first_and_search_finds_them(loaded):
    more = load_cases(20, seed=8, now=NOW)
    rebuild_index()

    assert more.first_case_id == loaded.last_case_id + 1
    assert Case.objects.count() == 220
    assert search_case_ids("boiler")

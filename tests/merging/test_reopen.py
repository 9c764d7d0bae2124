"""An open request merged into a solved or closed case reopens that case; undo
closes it again exactly as it was (unless someone moved it on since)."""

import pytest
from django.urls import reverse

from rightthere.cases.models import CaseEvent, EventKind, Status
from rightthere.desk import casework
from rightthere.merging.actions import merge_cases, undo_merge
from tests.factories import make_case
from tests.merging.snapshot import _fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_survivor(contact, agent):
    survivor = make_case(subject="Boiler banging at night", contact=contact)
    casework.change_status(survivor, actor=agent, status=Status.SOLVED)
    survivor = casework.change_status(survivor, actor=agent, status=Status.CLOSED)
    merged = make_case(subject="Boiler bangs again at night", contact=contact)
    return merged, survivor


def test_merging_an_open_request_into_a_closed_case_reopens_it(closed_survivor, agent):
    merged, survivor = closed_survivor

    merge = merge_cases(merged, into=survivor, actor=agent)

    survivor.refresh_from_db()
    assert survivor.status == Status.OPEN
    assert (survivor.solved_at, survivor.closed_at) == (None, None)
    assert survivor.next_due_at is not None  # back on the due list
    assert merge.survivor_previous["status"] == Status.CLOSED
    assert CaseEvent.objects.filter(case=survivor, kind=EventKind.STATUS).latest("id").after == (
        "Open"
    )


def test_undo_closes_it_again_exactly_as_it_was(closed_survivor, agent):
    merged, survivor = closed_survivor
    before = _fields(survivor)
    merge = merge_cases(merged, into=survivor, actor=agent)

    undo_merge(merge, actor=agent)

    assert _fields(survivor) == before
    event = CaseEvent.objects.filter(case=survivor, kind=EventKind.STATUS).latest("id")
    assert event.after == "Closed again: the merge that reopened it was undone"


def test_undo_leaves_a_survivor_someone_moved_on_since(closed_survivor, agent):
    merged, survivor = closed_survivor
    merge = merge_cases(merged, into=survivor, actor=agent)
    survivor.refresh_from_db()
    casework.change_status(survivor, actor=agent, status=Status.WAITING_CUSTOMER,
                          waiting_reason="information")  # fmt: skip

    undo_merge(merge, actor=agent)

    survivor.refresh_from_db()
    assert survivor.status == Status.WAITING_CUSTOMER


def test_a_closed_duplicate_merged_into_a_closed_case_reopens_nothing(contact, agent):
    survivor = make_case(contact=contact)
    merged = make_case(contact=contact)
    for case in (survivor, merged):
        casework.change_status(case, actor=agent, status=Status.SOLVED)

    merge = merge_cases(merged, into=survivor, actor=agent)

    survivor.refresh_from_db()
    assert survivor.status == Status.SOLVED
    assert merge.survivor_previous == {}


def test_the_preview_says_the_merge_reopens_the_case(closed_survivor, agent, as_user):
    merged, survivor = closed_survivor

    page = as_user(agent).get(reverse("merging_preview", args=[merged.pk, survivor.pk]))

    assert f"{survivor.reference} is closed: the merge reopens it" in page.content.decode()

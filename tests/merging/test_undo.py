"""Undo puts both cases back exactly as they were, within a day, by an owner or agent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases import search
from rightthere.cases.models import CaseEvent, Direction, EventKind
from rightthere.core.errors import NotAllowed
from rightthere.desk import messages as desk_messages
from rightthere.merging.actions import merge_cases, undo_merge
from rightthere.merging.errors import MergeConflict
from rightthere.merging.models import CaseMerge
from tests.factories import make_case
from tests.merging.snapshot import snapshot

pytestmark = pytest.mark.django_db


def test_undo_restores_both_cases_exactly(pair, agent):
    merged, survivor = pair
    before = snapshot(merged, survivor)

    merge = merge_cases(merged, into=survivor, actor=agent)
    during = snapshot(merged, survivor)
    undo_merge(merge, actor=agent)

    assert during != before  # the merge did change things
    assert snapshot(merged, survivor) == before


def test_undo_leaves_the_merge_and_unmerge_events_as_history(pair, agent):
    merged, survivor = pair
    merge = merge_cases(merged, into=survivor, actor=agent)

    undo_merge(merge, actor=agent)

    for case in (merged, survivor):
        kinds = list(
            CaseEvent.objects.filter(case=case, kind__in=[EventKind.MERGE, EventKind.UNMERGE])
            .order_by("id")
            .values_list("kind", flat=True)
        )
        assert kinds == [EventKind.MERGE, EventKind.UNMERGE]
    merge.refresh_from_db()
    assert merge.undone_by == agent
    assert merge.undone_at is not None


def test_undo_bumps_the_versions_so_forms_opened_before_are_refused(pair, agent):
    merged, survivor = pair
    version = merged.version
    merge = merge_cases(merged, into=survivor, actor=agent)

    undo_merge(merge, actor=agent)

    merged.refresh_from_db()
    assert merged.version > version


def test_what_was_added_to_the_survivor_after_the_merge_stays_there(pair, agent):
    merged, survivor = pair
    merge = merge_cases(merged, into=survivor, actor=agent)
    later = desk_messages.add_message(
        survivor, actor=agent, direction=Direction.NOTE, body_text="Called the customer."
    )

    undo_merge(merge, actor=agent)

    later.refresh_from_db()
    assert later.case == survivor


def test_search_finds_the_messages_in_their_own_case_again(pair, agent):
    merged, survivor = pair
    merge = merge_cases(merged, into=survivor, actor=agent)

    undo_merge(merge, actor=agent)

    assert search.search_case_ids("around two") == [merged.pk]


def test_undo_is_refused_after_a_day_with_a_clear_reason(pair, agent):
    merged, survivor = pair
    merge = merge_cases(merged, into=survivor, actor=agent)
    CaseMerge.objects.filter(pk=merge.pk).update(created_at=timezone.now() - timedelta(hours=25))

    with pytest.raises(MergeConflict, match="can be undone for 24 hours"):
        undo_merge(merge, actor=agent)

    merged.refresh_from_db()
    assert merged.merged_into == survivor


def test_undo_is_refused_when_the_survivor_was_merged_elsewhere_since(agent):
    first = make_case(subject="Boiler bangs")
    second = make_case(subject="Boiler bangs", customer=first.customer)
    third = make_case(subject="Boiler bangs", customer=first.customer)
    merge = merge_cases(first, into=second, actor=agent)
    merge_cases(second, into=third, actor=agent)

    with pytest.raises(
        MergeConflict, match=f"merged into {third.reference}; undo that merge first"
    ):
        undo_merge(merge, actor=agent)


def test_a_merge_is_undone_only_once(pair, agent):
    merged, survivor = pair
    merge = merge_cases(merged, into=survivor, actor=agent)
    undo_merge(merge, actor=agent)

    with pytest.raises(MergeConflict, match="already undone"):
        undo_merge(merge, actor=agent)


def test_an_undone_case_can_be_merged_again(pair, agent):
    merged, survivor = pair
    undo_merge(merge_cases(merged, into=survivor, actor=agent), actor=agent)

    again = merge_cases(merged, into=survivor, actor=agent)

    assert again.undone_at is None
    assert CaseMerge.objects.filter(merged=merged).count() == 2


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_only_owners_and_agents_may_undo(role, request, pair, agent):
    merged, survivor = pair
    merge = merge_cases(merged, into=survivor, actor=agent)

    with pytest.raises(NotAllowed):
        undo_merge(merge, actor=request.getfixturevalue(role))

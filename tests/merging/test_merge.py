"""Merging a duplicate moves everything to the survivor and closes the duplicate."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases import search
from rightthere.cases.models import Attachment, CaseEvent, EventKind, Status
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.desk import casework
from rightthere.merging.actions import merge_cases
from rightthere.merging.errors import DifferentCustomers, MergeConflict
from rightthere.merging.relations import Rule, case_relations
from rightthere.recovery.models import Recovery
from rightthere.satisfaction.actions import answer_case
from rightthere.satisfaction.models import SatisfactionAnswer
from tests.factories import make_case

pytestmark = pytest.mark.django_db

# What the issue names, and what the full case in conftest has of each.
EXPECTED_MOVES = {
    "cases.Message.case",
    "cases.CaseEvent.case",
    "promises.Promise.case",
    "field.Visit.case",
    "field.PartOrder.case",
    "checklists.CaseChecklistItem.case",
    "mail.InboundMail.case",
    "outbox.OutboundMail.case",
    "reviews.Review.case",
    "coach.MessageSentiment.case",
    "recovery.Recovery.case",
}


def moving_relations():
    return [relation for relation in case_relations() if relation.rule != Rule.KEEP]


def test_merge_moves_every_related_object_to_the_survivor(pair, agent):
    merged, survivor = pair
    before = {r.key: set(r.rows_of(merged).values_list("pk", flat=True)) for r in case_relations()}
    attachments = set(Attachment.objects.filter(message__case=merged).values_list("pk", flat=True))

    merge = merge_cases(merged, into=survivor, actor=agent)

    assert set(merge.moved) >= EXPECTED_MOVES
    for relation in moving_relations():
        moved = before[relation.key]
        assert set(merge.moved.get(relation.key, [])) == moved, relation.key
        assert set(relation.rows_of(survivor).values_list("pk", flat=True)) >= moved
    # Only the merge's own event is left on the merged case.
    assert list(merged.events.values_list("kind", flat=True)) == [EventKind.MERGE]
    assert merged.messages.count() == 0
    assert attachments
    assert (
        set(Attachment.objects.filter(message__case=survivor).values_list("pk", flat=True))
        >= attachments
    )


def test_merged_case_is_closed_with_merged_into_and_both_timelines_say_so(pair, agent):
    merged, survivor = pair

    merge_cases(merged, into=survivor, actor=agent)

    merged.refresh_from_db()
    assert merged.status == Status.CLOSED
    assert merged.closed_at is not None
    assert merged.merged_into == survivor
    assert merged.next_due_at is None
    survivor_event = CaseEvent.objects.get(case=survivor, kind=EventKind.MERGE)
    merged_event = CaseEvent.objects.get(case=merged, kind=EventKind.MERGE)
    assert survivor_event.after == f"{merged.reference} “{merged.subject}” merged into this case"
    assert merged_event.after == f"merged into {survivor.reference} and closed"
    assert survivor_event.actor == merged_event.actor == agent


def test_merge_records_what_moved_and_the_merged_cases_previous_fields(pair, agent):
    merged, survivor = pair
    status_before = merged.status

    merge = merge_cases(merged, into=survivor, actor=agent)

    assert merge.actor == agent
    assert merge.previous["status"] == status_before
    assert merge.previous["merged_into_id"] is None
    assert merge.moved["cases.Message.case"] == sorted(merge.moved["cases.Message.case"])
    assert merge.moved_count() > 10


def test_status_link_and_satisfaction_stay_with_the_merged_case(agent):
    merged = make_case(subject="Tap drips")
    survivor = make_case(subject="Tap drips again", customer=merged.customer)
    from rightthere.portal.links import live_link

    link = live_link(merged)
    casework.change_status(merged, actor=agent, status=Status.SOLVED)
    answer_case(merged, actor=None, via="email", rating="good")

    merge = merge_cases(merged, into=survivor, actor=agent)

    link.refresh_from_db()
    assert link.case == merged
    assert SatisfactionAnswer.objects.get().case == merged
    assert "portal.StatusLink.case" not in merge.moved


def test_a_survivor_with_its_own_recovery_keeps_it_and_the_merged_one_stays(agent):
    merged = make_case(subject="Nobody came", kind="complaint")
    survivor = make_case(
        subject="Nobody came on Monday", kind="complaint", customer=merged.customer
    )

    merge = merge_cases(merged, into=survivor, actor=agent)

    assert Recovery.objects.get(case=merged)
    assert Recovery.objects.get(case=survivor)
    assert "recovery.Recovery.case" not in merge.moved


def test_search_finds_the_merged_messages_in_the_survivor(pair, agent):
    merged, survivor = pair

    merge_cases(merged, into=survivor, actor=agent)

    assert search.search_case_ids("around two") == [survivor.pk]


def test_cases_of_two_different_customers_need_a_confirmation(agent):
    merged = make_case(subject="Boiler bangs")
    survivor = make_case(subject="Boiler bangs")

    with pytest.raises(DifferentCustomers) as refused:
        merge_cases(merged, into=survivor, actor=agent)
    merge = merge_cases(merged, into=survivor, actor=agent, confirm_different_customers=True)

    assert refused.value.http_status == 409
    assert merged.customer.name in refused.value.message
    assert survivor.customer.name in refused.value.message
    assert merge.survivor == survivor


def test_refused_merge_changes_nothing(agent):
    merged = make_case(subject="Boiler bangs")
    survivor = make_case(subject="Boiler bangs")

    with pytest.raises(DifferentCustomers):
        merge_cases(merged, into=survivor, actor=agent)

    merged.refresh_from_db()
    assert merged.merged_into is None
    assert merged.messages.count() == 1
    assert not CaseEvent.objects.filter(kind=EventKind.MERGE).exists()


def test_a_case_cannot_be_merged_into_itself(agent):
    case = make_case()

    with pytest.raises(InvalidInput, match="itself"):
        merge_cases(case, into=case, actor=agent)


def test_a_merged_case_cannot_be_merged_again_nor_receive_a_merge(agent):
    first = make_case(subject="Boiler bangs")
    second = make_case(subject="Boiler bangs", customer=first.customer)
    third = make_case(subject="Boiler bangs", customer=first.customer)
    merge_cases(first, into=second, actor=agent)

    with pytest.raises(MergeConflict, match="already merged into"):
        merge_cases(first, into=third, actor=agent)
    with pytest.raises(MergeConflict, match=f"merge into {second.reference} instead"):
        merge_cases(third, into=first, actor=agent)


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_only_owners_and_agents_may_merge(role, request):
    user = request.getfixturevalue(role)
    merged = make_case(subject="Boiler bangs")
    survivor = make_case(subject="Boiler bangs", customer=merged.customer)

    with pytest.raises(NotAllowed):
        merge_cases(merged, into=survivor, actor=user)


def test_owner_may_merge(owner):
    merged = make_case(subject="Boiler bangs", opened_at=timezone.now() - timedelta(hours=1))
    survivor = make_case(subject="Boiler bangs", customer=merged.customer)

    assert merge_cases(merged, into=survivor, actor=owner).actor == owner


def test_the_customer_is_not_asked_to_rate_a_merged_duplicate(contact, agent):
    from rightthere.satisfaction.sending import due_cases

    merged = make_case(subject="Tap drips", contact=contact)
    survivor = make_case(subject="Tap drips again", contact=contact)

    merge_cases(merged, into=survivor, actor=agent)

    merged.refresh_from_db()
    assert merged.solved_at is None  # closed as a duplicate, not solved
    assert merged not in due_cases(timezone.now() + timedelta(days=2))

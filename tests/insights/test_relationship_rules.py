"""Each relationship rule at its boundaries; override and history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.desk import casework
from rightthere.insights import actions as insight_actions
from rightthere.insights.models import RelationshipChange, RelationshipRules
from rightthere.insights.relationships import Facts, decide, refresh_relationships, relationship_of
from tests.factories import CustomerFactory, make_case

NOW = timezone.now()
RULES = RelationshipRules()  # defaults: lost after 365 days, Bad at 2 unresolved complaints


def status(**facts):
    return decide(Facts(**facts), RULES, NOW)[0]


def test_a_customer_never_served_is_none():
    assert status() == "none"


def test_work_completed_exactly_365_days_ago_is_still_good():
    assert status(last_work_at=NOW - timedelta(days=365)) == "good"


def test_work_completed_a_second_over_365_days_ago_is_lost():
    assert status(last_work_at=NOW - timedelta(days=365, seconds=1)) == "lost"


def test_one_unresolved_complaint_is_lost_not_bad():
    assert status(last_work_at=NOW, unresolved_complaints=1, open_complaints=1) == "lost"


def test_two_unresolved_complaints_are_bad():
    assert status(last_work_at=NOW, unresolved_complaints=2) == "bad"


def test_a_customer_marked_gone_is_lost_even_with_recent_work():
    assert status(last_work_at=NOW, gone=True) == "lost"


@pytest.mark.parametrize("flag", ["abusive", "unpaid"])
def test_abusive_or_unpaid_is_bad_even_when_gone(flag):
    assert status(last_work_at=NOW, gone=True, **{flag: True}) == "bad"


def test_rules_are_configurable():
    rules = RelationshipRules(lost_after_days=30, bad_unresolved_complaints=1)
    assert decide(Facts(last_work_at=NOW - timedelta(days=31)), rules, NOW)[0] == "lost"
    assert decide(Facts(last_work_at=NOW, unresolved_complaints=1), rules, NOW)[0] == "bad"


def _solved_case(customer, days_ago):
    case = make_case(customer=customer, opened_at=NOW - timedelta(days=days_ago, hours=2))
    casework.change_status(case, actor=None, status="solved")
    type(case).objects.filter(pk=case.pk).update(solved_at=NOW - timedelta(days=days_ago))
    return case


@pytest.mark.django_db
def test_refresh_computes_from_cases_and_records_history():
    served = CustomerFactory(name="Served")
    _solved_case(served, days_ago=10)
    gone_quiet = CustomerFactory(name="Gone quiet")
    _solved_case(gone_quiet, days_ago=400)
    prospect = CustomerFactory(name="Prospect")

    refresh_relationships(now=NOW)

    assert relationship_of(served).status == "good"
    assert relationship_of(gone_quiet).status == "lost"
    assert relationship_of(prospect).status == "none"
    assert (
        RelationshipChange.objects.filter(relationship__customer=served, after="good").count() == 1
    )


@pytest.mark.django_db
def test_two_open_complaints_make_a_customer_bad():
    customer = CustomerFactory()
    _solved_case(customer, days_ago=5)
    make_case(customer=customer, kind="complaint")
    make_case(customer=customer, kind="complaint")

    refresh_relationships(now=NOW)

    assert relationship_of(customer).status == "bad"


@pytest.mark.django_db
def test_override_wins_over_the_rules_with_reason_and_history_until_removed(owner):
    customer = CustomerFactory()
    relationship = relationship_of(customer)

    insight_actions.override_status(
        relationship, actor=owner, status="good", reason="Signed a contract"
    )
    refresh_relationships(now=NOW)
    relationship.refresh_from_db()

    assert (relationship.status, relationship.computed_status) == ("good", "none")
    assert relationship.reason == "Signed a contract"
    change = relationship.changes.first()
    assert (change.before, change.after, change.source, change.actor) == (
        "none",
        "good",
        "override",
        owner,
    )

    insight_actions.override_status(
        relationship, actor=owner, status=None, reason="Contract fell through"
    )
    relationship.refresh_from_db()

    assert relationship.status == "none"
    assert relationship.changes.first().reason == "Override removed: Contract fell through"


@pytest.mark.django_db
def test_flagging_abusive_makes_bad_with_suggested_owner_review(agent):
    relationship = relationship_of(CustomerFactory())

    insight_actions.set_flags(relationship, actor=agent, reason="Shouted at Tom", abusive=True)

    assert relationship.status == "bad"
    assert relationship.suggested_action.startswith("Review with the owner")
    assert relationship.changes.first().reason == "Abusive set: Shouted at Tom"


@pytest.mark.django_db
def test_an_override_needs_a_reason(agent):
    from rightthere.core.errors import InvalidInput

    with pytest.raises(InvalidInput):
        insight_actions.override_status(relationship_of(CustomerFactory()), actor=agent,
                                        status="bad", reason="  ")  # fmt: skip


def test_lost_and_bad_have_different_suggested_actions():
    from rightthere.insights.models import SUGGESTED_ACTIONS

    assert "Win-back call" in SUGGESTED_ACTIONS["lost"]
    assert SUGGESTED_ACTIONS["lost"] != SUGGESTED_ACTIONS["bad"]


@pytest.mark.django_db
def test_customer_list_filters_and_counts_by_relationship(agent, as_user):
    served = CustomerFactory(name="Served")
    _solved_case(served, days_ago=10)
    CustomerFactory(name="Prospect")
    refresh_relationships(now=NOW)

    response = as_user(agent).get("/customers/?relationship=good")

    assert [c.name for c in response.context["customers"]] == ["Served"]
    counts = {value: n for value, _, n in response.context["relationship_counts"]}
    assert counts == {"good": 1, "lost": 0, "none": 1, "bad": 0}

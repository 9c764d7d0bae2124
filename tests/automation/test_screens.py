"""The Automation rules screen (/settings/automation/): owners only, each refusal next to
its field with what was typed kept, the test on recent cases saving nothing, and each
change in the settings change log."""

import pytest
from django.urls import reverse

from rightthere.accounts.models import SettingsChange
from rightthere.automation import setup
from rightthere.automation.models import Rule, Trigger
from rightthere.cases.models import Channel
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_rule(owner):
    return setup.create_rule(owner, name="Reviews to the owner", trigger=Trigger.CASE_OPENED,
                             conditions=[{"field": "channel", "op": "is", "value": "review"}],
                             actions=[{"type": "tag", "value": "review"}])  # fmt: skip


def form(**changes):
    data = {
        "name": "Reviews to the owner", "trigger": "case_opened", "active": "1",
        "condition_1_field": "channel", "condition_1_op": "is", "condition_1_value": "review",
        "action_1_type": "tag", "action_1_text": "review",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def routes(rule):
    return [
        ("get", reverse("automation_rules")),
        ("get", reverse("automation_rule_new")),
        ("post", reverse("automation_rule_new")),
        ("get", reverse("automation_rule", args=[rule.pk])),
        ("post", reverse("automation_rule", args=[rule.pk])),
        ("post", reverse("automation_rule_move", args=[rule.pk])),
        ("post", reverse("automation_rule_active", args=[rule.pk])),
        ("post", reverse("automation_rule_delete", args=[rule.pk])),
    ]


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_reach_the_screen(role, request, a_rule, as_user):
    client = as_user(request.getfixturevalue(role))
    for method, url in routes(a_rule):
        answer = getattr(client, method)(url, form(name="Taken over"))
        assert answer.status_code == 403, (role, method, url)
    assert Rule.objects.get().name == "Reviews to the owner"


def one_rule_routes(rule_id):
    return [
        ("get", reverse("automation_rule", args=[rule_id])),
        ("post", reverse("automation_rule", args=[rule_id])),
        ("post", reverse("automation_rule_move", args=[rule_id])),
        ("post", reverse("automation_rule_active", args=[rule_id])),
        ("post", reverse("automation_rule_delete", args=[rule_id])),
    ]


def test_an_owner_opens_a_rule_and_a_missing_one_is_not_found(owner, a_rule, as_user):
    client = as_user(owner)

    page = client.get(reverse("automation_rule", args=[a_rule.pk]))

    assert page.status_code == 200 and 'value="Reviews to the owner"' in page.content.decode()
    for method, url in one_rule_routes(a_rule.pk + 1):
        assert getattr(client, method)(url, form()).status_code == 404, (method, url)
    assert Rule.objects.count() == 1


@pytest.mark.parametrize("role", ["agent", "technician"])
def test_others_are_refused_before_the_rule_is_looked_up(role, request, as_user):
    client = as_user(request.getfixturevalue(role))
    for method, url in one_rule_routes(12345):
        assert getattr(client, method)(url, form()).status_code == 403, (role, method, url)


def test_anonymous_is_sent_to_log_in(a_rule, client):
    for method, url in routes(a_rule):
        answer = getattr(client, method)(url, form())
        assert answer.status_code == 302 and "/login/" in answer["Location"], (method, url)
    assert Rule.objects.count() == 1


def test_an_owner_sees_the_rules_in_order_with_their_words(owner, a_rule, as_user):
    page = as_user(owner).get(reverse("automation_rules")).content.decode()
    assert "Reviews to the owner" in page
    assert "Channel is Review" in page and "Add the tag “review”" in page
    assert 'aria-current="page"' in page and "Automation rules" in page  # in the nav


def test_an_owner_adds_a_rule_and_it_is_logged(owner, as_user):
    answer = as_user(owner).post(reverse("automation_rule_new"), form(
        action_2_type="assign", action_2_value=str(owner.pk)))  # fmt: skip

    assert answer.status_code == 302
    made = Rule.objects.get()
    assert made.conditions == [{"field": "channel", "op": "is", "value": "review"}]
    assert made.actions == [{"type": "tag", "value": "review"},
                            {"type": "assign", "value": str(owner.pk)}]  # fmt: skip
    assert SettingsChange.objects.get(screen="automation").actor == owner


@pytest.mark.parametrize(
    ("changes", "says", "near"),
    [
        ({"name": ""}, "Give the rule a name", 'id="rule-name-error"'),
        ({"trigger": "no_reply", "wait_minutes": "two"}, "whole number of minutes", "rule-wait"),
        (
            {"condition_2_field": "subject", "condition_2_op": "contains", "condition_2_text": ""},
            "Say what “Subject” should contain",
            'id="c2-field"',
        ),
        (
            {"action_1_type": None, "action_1_text": None},
            "Choose at least one action",
            'id="a1-type"',
        ),
        ({"action_2_type": "assign", "action_2_value": ""}, "from the list", 'id="a2-type"'),
    ],
)
def test_bad_input_shows_next_to_its_field_and_nothing_typed_is_lost(
    owner, as_user, changes, says, near
):
    answer = as_user(owner).post(reverse("automation_rule_new"), form(**changes))

    page = answer.content.decode()
    assert answer.status_code == 400
    assert says in page
    # The message sits in the same field block as the field it is about.
    block = page[page.index(near) :]
    assert says in block[: block.index("</div>")]
    assert 'value="review"' in page  # the tag typed is still there
    assert not Rule.objects.exists()


def test_a_duplicate_name_is_refused_next_to_the_name(owner, a_rule, as_user):
    answer = as_user(owner).post(reverse("automation_rule_new"), form())
    assert answer.status_code == 400
    assert "There is already a rule called" in answer.content.decode()
    assert Rule.objects.count() == 1


def test_the_test_on_recent_cases_lists_matches_and_saves_nothing(owner, as_user):
    review = make_case(channel=Channel.REVIEW, subject="One star from Anna")
    make_case(channel=Channel.EMAIL, subject="Boiler bangs")

    answer = as_user(owner).post(reverse("automation_rule_new"), form(preview="1"))

    page = answer.content.decode()
    assert answer.status_code == 200
    assert "1 of the last 2 cases match" in page
    assert review.reference in page and "Boiler bangs" not in page
    assert 'value="Reviews to the owner"' in page  # the form is kept to save next
    assert not Rule.objects.exists() and not SettingsChange.objects.exists()


def test_an_owner_edits_moves_switches_off_and_removes(owner, a_rule, as_user):
    other = setup.create_rule(owner, name="Urgent words", trigger=Trigger.CUSTOMER_REPLIED,
                              conditions=[{"field": "message", "op": "contains", "value": "flood"}],
                              actions=[{"type": "priority", "value": "urgent"}])  # fmt: skip
    client = as_user(owner)

    client.post(reverse("automation_rule", args=[a_rule.pk]), form(name="Reviews to Olivia"))
    client.post(reverse("automation_rule_move", args=[other.pk]), {"direction": "up"})
    client.post(reverse("automation_rule_active", args=[other.pk]), {"active": "0"})

    assert list(Rule.objects.values_list("name", "active")) == [
        ("Urgent words", False), ("Reviews to Olivia", True),
    ]  # fmt: skip
    client.post(reverse("automation_rule_delete", args=[other.pk]))
    assert list(Rule.objects.values_list("name", flat=True)) == ["Reviews to Olivia"]
    assert SettingsChange.objects.filter(screen="automation").count() == 6

"""`rightthere routing_rules`: the same rules from the command line (#17)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rightthere.insights.models import PickBy, RoutingRule
from tests.factories import CustomerFactory, TeamFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("routing_rules", *args, stdout=out)
    return out.getvalue()


def test_an_owner_adds_changes_lists_and_removes_a_rule(owner):
    TeamFactory(name="Office")
    customer = CustomerFactory(name="Hotel Bellevue")

    added = run("add", "--kind", "repair", "--team", "Office", "--as", "olivia")
    rule = RoutingRule.objects.get()
    run("change", str(rule.pk), "--customer", str(customer.pk), "--pick-by", "least_loaded",
        "--as", "olivia")  # fmt: skip
    listed = run("list")
    removed = run("remove", str(rule.pk), "--as", "olivia")

    assert added == f"Added rule {rule.pk}: Kind: Repair.\n"
    assert listed == f"{rule.pk}\tCustomer: Hotel Bellevue\tall agents\t{PickBy.LEAST_LOADED}\n"
    assert removed == f"Removed rule {rule.pk}: Customer: Hotel Bellevue.\n"
    assert not RoutingRule.objects.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", "--kind", "repair"], "Say which owner does this: --as USERNAME."),
        (["add", "--team", "Nobody", "--as", "olivia"], "There is no team named 'Nobody'."),
        (["change", "4242", "--as", "olivia"], "There is no routing rule with id 4242"),
        (["add", "--kind", "repair", "--as", "adam"], "owner"),
    ],
)
def test_a_bad_command_says_what_is_wrong_and_changes_nothing(owner, agent, args, says):
    with pytest.raises(CommandError, match=says):
        run(*args)

    assert not RoutingRule.objects.exists()

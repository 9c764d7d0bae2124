"""The routing settings page: owners set who gets new cases; agents see it (#17)."""

import pytest
from django.urls import reverse

from rightthere.insights.models import PickBy, RoutingRule
from tests.factories import CustomerFactory, TeamFactory

pytestmark = pytest.mark.django_db

PAGE = "/insights/routing/"


@pytest.fixture
def office():
    return TeamFactory(name="Office")


@pytest.fixture
def a_rule(owner, office):
    from rightthere.insights.actions import RuleFields, add_routing_rule

    return add_routing_rule(actor=owner, fields=RuleFields(kind="repair", team=office))


def test_an_owner_adds_a_rule_for_a_customer_and_sees_it_listed(owner, as_user, office):
    customer = CustomerFactory(name="Hotel Bellevue")
    client = as_user(owner)

    response = client.post(PAGE, {"channel": "web", "kind": "", "customer": customer.pk,
                                  "team": office.pk, "pick_by": "least_loaded"}, follow=True)  # fmt: skip

    rule = RoutingRule.objects.get()
    assert (rule.channel, rule.kind, rule.customer, rule.team, rule.pick_by) == (
        "web", "", customer, office, PickBy.LEAST_LOADED)  # fmt: skip
    page = response.content.decode()
    assert "Saved: Customer: Hotel Bellevue · By: Web form → Office." in page
    assert "Customer: Hotel Bellevue · By: Web form</strong> → Office" in page


def test_an_owner_edits_and_deletes_a_rule(owner, as_user, office, a_rule):
    client = as_user(owner)

    edit_page = client.get(reverse("insights_routing_rule", args=[a_rule.pk]))
    client.post(reverse("insights_routing_rule", args=[a_rule.pk]),
                {"kind": "complaint", "team": "", "pick_by": "round_robin"})  # fmt: skip
    changed = RoutingRule.objects.get()
    client.post(reverse("insights_routing_delete", args=[a_rule.pk]))

    assert '<option value="repair" selected>' in edit_page.content.decode()
    assert (changed.kind, changed.team) == ("complaint", None)
    assert not RoutingRule.objects.exists()


def test_a_refused_rule_keeps_what_was_typed_and_says_why(owner, as_user, office, a_rule):
    client = as_user(owner)
    client.post(PAGE, {"channel": "web", "team": office.pk})

    response = client.post(reverse("insights_routing_rule", args=[a_rule.pk]),
                           {"channel": "web", "team": office.pk, "pick_by": "least_loaded"})  # fmt: skip
    unknown_team = client.post(PAGE, {"kind": "question", "team": "999999"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Another rule already has these conditions" in page
    assert '<option value="web" selected>' in page
    assert 'value="least_loaded" checked' in page
    assert RoutingRule.objects.get(pk=a_rule.pk).kind == "repair"
    assert unknown_team.status_code == 400
    assert "There is no team with id 999999." in unknown_team.content.decode()
    assert '<option value="question" selected>' in unknown_team.content.decode()


def test_an_agent_sees_the_rules_but_cannot_change_them(agent, as_user, a_rule):
    client = as_user(agent)

    page = client.get(PAGE)
    added = client.post(PAGE, {"kind": "question"})
    edited = client.post(reverse("insights_routing_rule", args=[a_rule.pk]), {"kind": "question"})
    deleted = client.post(reverse("insights_routing_delete", args=[a_rule.pk]))

    assert page.status_code == 200
    assert "Kind: Repair</strong> → Office" in page.content.decode()
    assert "Add a rule" not in page.content.decode()
    assert (added.status_code, edited.status_code, deleted.status_code) == (403, 403, 403)
    assert list(RoutingRule.objects.values_list("kind", flat=True)) == ["repair"]


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_field_people_and_partners_do_not_see_the_routing_page(role, request, as_user, a_rule):
    client = as_user(request.getfixturevalue(role))

    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"kind": "question"}).status_code == 403
    assert client.get(reverse("insights_routing_rule", args=[a_rule.pk])).status_code == 403


def test_someone_not_logged_in_is_sent_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_owners_insights_navigation_links_to_the_routing_page(owner, as_user):
    page = as_user(owner).get(reverse("insights_staff")).content.decode()

    assert f'href="{PAGE}"' in page

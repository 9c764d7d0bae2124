"""Owners set where new cases go through the API, as on the routing settings page (#17)."""

import pytest

from rightthere.cases.models import Case, Kind
from rightthere.insights.models import RoutingRule
from tests.factories import CustomerFactory, TeamFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    team = TeamFactory(name="Office")
    team.members.add(UserFactory(first_name="Olivia", username="olivia.office"))
    return team


def test_an_owner_adds_a_rule_and_the_next_case_follows_it(owner, api_as, office):
    customer = CustomerFactory(name="Hotel Bellevue")
    client = api_as(owner)

    added = client.post("/api/routing-rules", {"kind": "repair", "customer_id": customer.pk,
                        "team_id": office.pk, "pick_by": "least_loaded"},
                        content_type="application/json")  # fmt: skip
    case = make_case(kind=Kind.REPAIR, customer=customer)

    assert added.status_code == 201, added.content
    assert added.json() == {
        "id": RoutingRule.objects.get().pk, "channel": "", "kind": "repair",
        "customer_id": customer.pk, "customer": "Hotel Bellevue", "team_id": office.pk,
        "team": "Office", "pick_by": "least_loaded",
        "conditions": "Customer: Hotel Bellevue · Kind: Repair",
    }  # fmt: skip
    assert case.assignee.first_name == "Olivia"


def test_an_owner_lists_changes_and_removes_rules(owner, api_as, office):
    client = api_as(owner)
    rule_id = client.post("/api/routing-rules", {"channel": "web"},
                          content_type="application/json").json()["id"]  # fmt: skip

    changed = client.put(f"/api/routing-rules/{rule_id}", {"channel": "email", "team_id": office.pk},
                         content_type="application/json")  # fmt: skip
    listed = client.get("/api/routing-rules").json()
    removed = client.delete(f"/api/routing-rules/{rule_id}")

    assert changed.status_code == 200
    assert [(r["channel"], r["team"], r["pick_by"]) for r in listed] == [
        ("email", "Office", "round_robin")
    ]
    assert removed.status_code == 204
    assert not RoutingRule.objects.exists()
    assert client.get(f"/api/routing-rules/{rule_id}").status_code == 404


def test_a_rule_posted_again_with_the_same_conditions_replaces_it(owner, api_as, office):
    client = api_as(owner)
    client.post("/api/routing-rules", {"kind": "repair"}, content_type="application/json")

    client.post("/api/routing-rules", {"kind": "repair", "team_id": office.pk},
                content_type="application/json")  # fmt: skip

    assert list(RoutingRule.objects.values_list("kind", "team")) == [("repair", office.pk)]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"team_id": 999999}, 400, "There is no team with id 999999."),
        ({"customer_id": 999999}, 400, "There is no customer with id 999999."),
        ({"channel": "pigeon"}, 422, "channel"),
        ({"pick_by": "whoever"}, 422, "pick_by"),
    ],
)
def test_a_bad_rule_is_refused_with_a_clear_error(owner, api_as, body, status, says):
    response = api_as(owner).post("/api/routing-rules", body, content_type="application/json")

    assert response.status_code == status
    assert says in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_two_rules_cannot_have_the_same_conditions(owner, api_as):
    client = api_as(owner)
    client.post("/api/routing-rules", {"kind": "repair"}, content_type="application/json")
    web = client.post("/api/routing-rules", {"channel": "web"}, content_type="application/json")

    clash = client.put(f"/api/routing-rules/{web.json()['id']}", {"kind": "repair"},
                       content_type="application/json")  # fmt: skip

    assert clash.status_code == 400
    assert "Another rule already has these conditions" in clash.json()["detail"]
    assert RoutingRule.objects.get(pk=web.json()["id"]).channel == "web"


def test_a_case_opened_through_the_api_or_the_web_form_is_routed_the_same(
    owner, agent, api_as, as_user, office
):
    client = api_as(owner)
    client.post("/api/routing-rules", {"kind": "repair", "team_id": office.pk},
                content_type="application/json")  # fmt: skip
    customer = CustomerFactory(name="Hotel Bellevue")

    by_api = api_as(agent).post("/api/cases", {"subject": "Lift stuck", "kind": "repair",
                                "customer_id": customer.pk}, content_type="application/json")  # fmt: skip
    web = as_user(agent).post("/cases/new/", {"customer": customer.pk, "subject": "Lift stuck again",
                        "body": "Called at 9:10.", "kind": "repair", "priority": "normal",
                        "new_customer_kind": "person"})  # fmt: skip

    assert by_api.json()["assignee"]["name"].startswith("Olivia")
    assert by_api.json()["team"] == {"id": office.pk, "name": "Office"}
    assert web.status_code == 302
    by_phone = Case.objects.get(subject="Lift stuck again")
    assert (by_phone.team, by_phone.assignee.first_name) == (office, "Olivia")

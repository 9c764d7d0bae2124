import json
from dataclasses import dataclass

import pytest
from django.test import Client

from rightthere.accounts.tokens import create_api_token
from tests.accounts.api_routes import extend_world as security_world
from tests.automation.api_routes import extend_world as automation_world
from tests.canned.api_routes import extend_world as canned_world
from tests.cases.api_routes import extend_world as opening_hours_world
from tests.checklists.api_routes import extend_world as checklist_setup_world
from tests.factories import ContactFactory, CustomerFactory
from tests.field.api_routes import extend_world as field_setup_world
from tests.mail.api_routes import extend_world as stored_mail_world
from tests.merging.api_routes import extend_world as merging_world
from tests.moving_in.api_routes import extend_world as moving_in_world
from tests.notifications.api_routes import extend_world as notifications_world
from tests.outbox.api_routes import extend_world as outbox_world
from tests.portal.api_routes import extend_world as status_link_world
from tests.recovery.api_routes import extend_world as root_causes_world
from tests.reviews.api_routes import extend_world as reviews_world
from tests.saved_views.api_routes import extend_world as saved_views_world
from tests.setup_screens.api_routes import extend_world as settings_twins_world
from tests.similar.api_routes import extend_world as similar_world
from tests.timetracking.api_routes import extend_world as timetracking_world
from tests.webhooks.api_routes import extend_world as webhooks_world
from tests.world import World, fresh, make_people, once_per_module, open_case_for

ROLES = ("owner", "agent", "technician", "subcontractor", "anonymous")
# Each app adds the objects its API routes need (tests/<app>/api_routes.py).
WORLD_EXTENSIONS = [
    security_world,
    saved_views_world,
    canned_world,
    merging_world,
    similar_world,
    timetracking_world,
    status_link_world,
    notifications_world,
    field_setup_world,
    opening_hours_world,
    outbox_world,
    stored_mail_world,
    reviews_world,
    webhooks_world,
    automation_world,
    moving_in_world,
    checklist_setup_world,
    root_causes_world,
    settings_twins_world,
]


def send(client, method, path, body=None):
    """Send `body` as JSON with any HTTP method (nothing at all when it is None)."""
    payload = "" if body is None else json.dumps(body)
    return client.generic(method.upper(), path, payload, content_type="application/json")


@pytest.fixture
def api_as(db):
    """A client that sends the user's API token: `api_as(agent).get("/api/cases")`."""

    def client_for(user):
        _, key = create_api_token(user, "tests")
        return Client(headers={"authorization": f"Bearer {key}"})

    return client_for


@dataclass(frozen=True)
class ApiWorld(World):
    """The people, and the ids of the objects the routes' paths and bodies name."""

    ids: dict[str, int]


def build_world(people) -> ApiWorld:
    """One case every role can see, one only owners and agents see, an unused customer."""
    shared = open_case_for("everyone", people, subject="Boiler bangs")
    other = open_case_for("managers", people, subject="Gutter overflows")
    unused = CustomerFactory(name="Nobody Yet")
    base = {
        "shared_case": shared.pk,
        "other_case": other.pk,
        "shared_customer": shared.customer_id,
        "other_customer": other.customer_id,
        "unused_customer": unused.pk,
        "shared_contact": shared.contact_id,
        "spare_contact": ContactFactory(customer=shared.customer).pk,
        "other_contact": other.contact_id,
        "shared_promise": shared.promises.get().pk,
        "other_promise": other.promises.get().pk,
        **_complaints(people),
        **_insights(people["agent"]),
        **_field(shared, other, people["subcontractor"]),
    }
    for extend in WORLD_EXTENSIONS:
        base.update(extend(base, **people))
    return ApiWorld(people=people, cases={"shared_case": shared, "other_case": other}, ids=base)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The world, built once per test module (tests/world.py): the matrix asks it 790 times."""
    yield from once_per_module(django_db_blocker, lambda: build_world(make_people()))


@pytest.fixture
def world(module_world, db):
    """This test's own copy of the module's world, in this test's own transaction. Its
    people are the world's own: tests using it do not ask for `owner`, `agent`, ..."""
    return fresh(module_world)


@pytest.fixture
def caller(world, api_as):
    """`caller("technician")`: a token client for that role's user (none for "anonymous")
    and the id of a token the caller owns (the owner's, for anonymous)."""

    def for_role(role):
        user = world.people["owner" if role == "anonymous" else role]
        client = api_as(user)
        token_id = user.api_tokens.get().pk
        return (Client() if role == "anonymous" else client), token_id

    return for_role


def _complaints(people):
    """A complaint every role can see and one only owners and agents see, options offered."""
    from rightthere.desk.recovery import offer_options
    from rightthere.recovery.actions import create_improvement
    from rightthere.recovery.models import RootCause

    shared = open_case_for("everyone", people, subject="Nobody came", kind="complaint")
    other = open_case_for("managers", people, subject="Wrong part fitted", kind="complaint")
    offer_options(shared.recovery, actor=None, labels=["Repair", "Refund"])
    offer_options(other.recovery, actor=None, labels=["Repair"])
    cause = RootCause.objects.first()
    improvement = create_improvement(actor=people["owner"], title="Check parts", root_cause=cause)
    return {
        "shared_complaint": shared.pk,
        "other_complaint": other.pk,
        "shared_option": shared.recovery.options.first().pk,
        "other_option": other.recovery.options.first().pk,
        "root_cause": cause.pk,
        "improvement": improvement.pk,
    }


def _field(shared, other, subcontractor):
    """Visits by the subcontractor's company on the shared case (every role sees them) and on
    the other case (only owners and agents), a part, orders, and visits needing a return."""
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from rightthere.field.models import Part, PartnerProfile, PartOrder, Vendor, Visit
    from rightthere.recovery.models import RootCause
    from tests.factories import PartnerCompanyFactory

    PartnerProfile.objects.create(partner=subcontractor.partner, crews=5)
    stranger = PartnerCompanyFactory(name="Not Theirs Ltd")
    PartnerProfile.objects.create(partner=stranger, crews=5)
    vendor = Vendor.objects.create(name="Valves & Co")
    part = Part.objects.create(sku="V-22", name="Valve", vendor=vendor, cost=Decimal("9"))
    start = datetime(2099, 1, 7, 10, tzinfo=UTC)  # a Wednesday, within partners' hours

    def visit(case, **kwargs):
        partner = subcontractor.partner if case == shared else stranger
        return Visit.objects.create(case=case, partner=partner, starts_at=start,
                                    ends_at=start + timedelta(hours=1), created_at=timezone.now(),
                                    status="confirmed", **kwargs).pk  # fmt: skip

    def order(case):
        return PartOrder.objects.create(case=case, part=part, vendor=vendor, ordered_at=start,
                                        expected_arrival=start + timedelta(days=2)).pk  # fmt: skip

    office = RootCause.objects.get(name="Office or order error")
    failed = {"outcome": "return_needed", "return_reason": "wrong_part", "root_cause": office}
    return {
        "shared_visit": visit(shared),
        "other_visit": visit(other),
        "failed_visit": visit(shared, **failed),
        "other_failed_visit": visit(other, **failed),
        "shared_order": order(shared),
        "other_order": order(other),
        "part": part.pk,
        "field_partner": subcontractor.partner_id,
    }


def _insights(agent):
    """A team to route cases to, a routing rule, and a person to record an absence for."""
    from django.utils import timezone

    from rightthere.insights.models import RoutingRule
    from tests.factories import TeamFactory

    team = TeamFactory(name="Repairs desk")
    rule = RoutingRule.objects.create(kind="question", team=team, created_at=timezone.now())
    return {"team": team.pk, "staff_member": agent.pk, "routing_rule": rule.pk}

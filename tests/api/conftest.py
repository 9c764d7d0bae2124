import json

import pytest
from django.test import Client

from rightthere.accounts.tokens import create_api_token
from rightthere.cases import actions
from tests.factories import ContactFactory, CustomerFactory, make_case

ROLES = ("owner", "agent", "technician", "subcontractor", "anonymous")


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


@pytest.fixture
def caller(request, api_as, owner):
    """`caller("technician")`: a token client for that role's user (none for "anonymous")
    and the id of a token the caller owns (the owner's, for anonymous)."""

    def for_role(role):
        user = owner if role == "anonymous" else request.getfixturevalue(role)
        client = api_as(user)
        token_id = user.api_tokens.get().pk
        return (Client() if role == "anonymous" else client), token_id

    return for_role


@pytest.fixture
def world(owner, agent, technician, subcontractor):
    """One case every role can see, one only owners and agents see, an unused customer."""
    shared = make_case(subject="Boiler bangs", assignee=technician)
    actions.hand_to_partner(shared, actor=None, partner=subcontractor.partner)
    other = make_case(subject="Gutter overflows")
    unused = CustomerFactory(name="Nobody Yet")
    return {
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
        **_complaints(technician, subcontractor),
    }


def _complaints(technician, subcontractor):
    """A complaint every role can see and one only owners and agents see, options offered."""
    from rightthere.recovery.actions import create_improvement, offer_options
    from rightthere.recovery.models import RootCause

    shared = make_case(subject="Nobody came", kind="complaint", assignee=technician)
    actions.hand_to_partner(shared, actor=None, partner=subcontractor.partner)
    other = make_case(subject="Wrong part fitted", kind="complaint")
    offer_options(shared.recovery, actor=None, labels=["Repair", "Refund"])
    offer_options(other.recovery, actor=None, labels=["Repair"])
    cause = RootCause.objects.first()
    owner = type(technician).objects.filter(role="owner").first()
    improvement = create_improvement(actor=owner, title="Check parts", root_cause=cause)
    return {
        "shared_complaint": shared.pk,
        "other_complaint": other.pk,
        "shared_option": shared.recovery.options.first().pk,
        "other_option": other.recovery.options.first().pk,
        "root_cause": cause.pk,
        "improvement": improvement.pk,
    }

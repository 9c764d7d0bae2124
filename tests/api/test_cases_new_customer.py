"""POST /api/cases with `new_customer`: the customer is created with the case, unless an
existing customer has its e-mail or phone number (409, code customer_exists, naming them);
`allow_duplicate_customer: true` creates it anyway, `customer_id` uses the one named."""

import pytest

from rightthere.cases.models import Case
from rightthere.customers.models import Customer
from tests.api.conftest import send
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db


def _body(**more):
    return {
        "subject": "Boiler pressure drops",
        "body_text": "Pressure falls to 0.5 bar overnight.",
        "new_customer": {
            "name": "Arjun Patel",
            "contact": {"name": "Arjun Patel", "phone": "07700 900126"},
        },
        **more,
    }


@pytest.fixture
def arjun():
    customer = CustomerFactory(name="Arjun Patel")
    contact = ContactFactory(customer=customer, email="arjun@example.com", phone="+447700900126")
    make_case(customer=customer, contact=contact, subject="Boiler bangs")
    return customer


def test_a_new_customer_is_created_with_the_case(api_as, agent):
    response = send(api_as(agent), "post", "/api/cases", _body())

    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.customer.name == "Arjun Patel"
    assert case.contact.phone == "+447700900126"


def test_a_known_phone_number_gets_409_then_the_explicit_override(api_as, agent, arjun):
    client = api_as(agent)

    refused = send(client, "post", "/api/cases", _body())

    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "This looks like Arjun Patel (1 open case): the same phone number.",
        "code": "customer_exists",
        "customer": {"id": arjun.pk, "name": "Arjun Patel", "open_cases": 1, "matched_by": "phone"},
    }
    assert Customer.objects.count() == 1 and Case.objects.count() == 1

    anyway = send(client, "post", "/api/cases", _body(allow_duplicate_customer=True))

    assert anyway.status_code == 201, anyway.content
    assert anyway.json()["customer"]["id"] != arjun.pk
    assert Customer.objects.filter(name="Arjun Patel").count() == 2


def test_a_known_e_mail_gets_409_and_the_named_customer_can_be_used(api_as, agent, arjun):
    client = api_as(agent)
    body = _body()
    body["new_customer"]["contact"] = {"name": "A. Patel", "email": "ARJUN@example.com"}

    refused = send(client, "post", "/api/cases", body)
    used = send(client, "post", "/api/cases", {
        "subject": body["subject"], "customer_id": refused.json()["customer"]["id"],
    })  # fmt: skip

    assert refused.json()["customer"]["matched_by"] == "email"
    assert used.status_code == 201
    assert used.json()["customer"] == {"id": arjun.pk, "name": "Arjun Patel"}
    assert Customer.objects.count() == 1


def test_new_customer_with_a_customer_id_or_a_bad_phone_is_refused(api_as, agent, arjun):
    client = api_as(agent)
    bad_phone = _body()
    bad_phone["new_customer"]["contact"]["phone"] = "12"

    both = send(client, "post", "/api/cases", _body(customer_id=arjun.pk))
    unreadable = send(client, "post", "/api/cases", bad_phone)

    assert both.status_code == 400
    assert "not both" in both.json()["detail"]
    assert unreadable.status_code == 400
    assert "is not a phone number" in unreadable.json()["detail"]
    assert Customer.objects.count() == 1 and Case.objects.count() == 1


def test_a_technician_cannot_open_a_case_for_a_new_customer(api_as, technician, arjun):
    response = send(api_as(technician), "post", "/api/cases", _body())

    assert response.status_code == 403
    assert Customer.objects.count() == 1

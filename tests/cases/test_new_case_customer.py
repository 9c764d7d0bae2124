"""The New case form finds the caller among the customers (by name, e-mail or phone, typed
any way) and, for a "new" caller whose phone or e-mail a customer has already, asks
before making a second customer. Without JavaScript: plain form posts."""

import pytest
from django.urls import reverse

from rightthere.cases.models import Case
from rightthere.customers.models import Contact, Customer
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db

CALL = {
    "new_customer_name": "Arjun Patel",
    "new_customer_kind": "person",
    "contact_phone": "07700 900126",
    "subject": "Boiler pressure drops",
    "body": "Pressure falls to 0.5 bar overnight.",
    "kind": "repair",
    "priority": "normal",
}


@pytest.fixture
def arjun():
    customer = CustomerFactory(name="Arjun Patel")
    contact = ContactFactory(
        customer=customer, name="Arjun Patel", email="arjun@example.com", phone="+447700900126"
    )
    make_case(customer=customer, contact=contact, subject="Boiler bangs")
    make_case(customer=customer, contact=contact, subject="Radiator cold")
    return customer


def test_find_lists_the_customers_a_phone_number_finds_and_keeps_what_was_typed(
    agent, as_user, arjun
):
    CustomerFactory(name="Someone Else")

    page = as_user(agent).post(
        reverse("new_case"), {**CALL, "find_customer": "07700 900126", "find": "1"}
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert f'name="customer" value="{arjun.pk}"' in html
    assert "Arjun Patel" in html and "2 open cases" in html
    assert "Someone Else" not in html
    assert "Pressure falls to 0.5 bar overnight." in html  # nothing typed is lost
    assert "has-error" not in html
    assert Case.objects.count() == 2


def test_typing_in_the_search_field_lists_matches_by_e_mail_or_name(agent, as_user, arjun):
    client = as_user(agent)

    by_mail = client.get(reverse("new_case_customers"), {"find_customer": "ARJUN@example"})
    by_name = client.get(reverse("new_case_customers"), {"find_customer": "patel"})
    nothing = client.get(reverse("new_case_customers"), {"find_customer": "Zebedee"})

    assert f'value="{arjun.pk}"' in by_mail.content.decode()
    assert f'value="{arjun.pk}"' in by_name.content.decode()
    assert "No customer found" in nothing.content.decode()


def test_the_picked_customer_stays_listed_while_the_text_changes(agent, as_user, arjun):
    answer = as_user(agent).get(
        reverse("new_case_customers"), {"find_customer": "Zebedee", "customer": arjun.pk}
    )

    assert f'value="{arjun.pk}" checked' in answer.content.decode()


def test_picking_a_found_customer_opens_the_case_on_them(agent, as_user, arjun):
    page = as_user(agent).post(reverse("new_case"), {**CALL, "customer": arjun.pk})

    case = Case.objects.get(subject="Boiler pressure drops")
    assert page.status_code == 302
    assert case.customer == arjun
    assert case.contact.email == "arjun@example.com"  # the number's contact, not a new one
    assert Contact.objects.filter(customer=arjun).count() == 1


def test_a_new_caller_with_a_known_phone_is_asked_then_uses_the_customer(agent, as_user, arjun):
    client = as_user(agent)

    asked = client.post(reverse("new_case"), CALL)

    html = asked.content.decode()
    assert asked.status_code == 200
    assert "This looks like Arjun Patel (2 open cases): the same phone number." in html
    assert f'name="use_customer" value="{arjun.pk}"' in html
    assert "Create a new one anyway" in html
    assert "Pressure falls to 0.5 bar overnight." in html
    assert Customer.objects.count() == 1 and Case.objects.count() == 2

    used = client.post(reverse("new_case"), {**CALL, "use_customer": arjun.pk})

    case = Case.objects.get(subject="Boiler pressure drops")
    assert used["Location"] == reverse("case_detail", args=[case.pk])
    assert case.customer == arjun
    assert Customer.objects.count() == 1
    assert Contact.objects.filter(customer=arjun).count() == 1


def test_a_new_caller_with_a_known_e_mail_may_be_created_anyway(agent, as_user, arjun):
    call = {**CALL, "contact_phone": "", "contact_email": "Arjun@Example.com"}
    client = as_user(agent)

    asked = client.post(reverse("new_case"), call)
    created = client.post(reverse("new_case"), {**call, "allow_duplicate_customer": "1"})

    assert "the same e-mail address" in asked.content.decode()
    case = Case.objects.get(subject="Boiler pressure drops")
    assert created.status_code == 302
    assert case.customer != arjun
    assert Customer.objects.filter(name="Arjun Patel").count() == 2


def test_a_new_caller_nobody_knows_becomes_a_customer_without_a_question(agent, as_user, arjun):
    page = as_user(agent).post(reverse("new_case"), {**CALL, "contact_phone": "07700 900999"})

    assert page.status_code == 302
    assert Customer.objects.filter(name="Arjun Patel").count() == 2


def test_the_customer_search_is_for_owners_and_agents_only(
    technician, subcontractor, as_user, client, arjun
):
    url = reverse("new_case_customers")

    assert client.get(url, {"find_customer": "Arjun"})["Location"].startswith("/login/")
    for worker in (technician, subcontractor):
        answer = as_user(worker).get(url, {"find_customer": "Arjun"})
        assert answer.status_code == 403
        assert "Arjun" not in answer.content.decode()

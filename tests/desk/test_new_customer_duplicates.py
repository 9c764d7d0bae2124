"""A case opened for a "new" caller whose e-mail or phone number a customer has already
(desk.opening.open_case_for_new_customer): refused, naming that customer, unless the new
customer is wanted anyway; nothing is written by the refusal."""

import pytest

from rightthere.cases.models import Case, Channel
from rightthere.core.errors import CustomerExists
from rightthere.customers.models import Customer
from rightthere.desk import opening
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def arjun():
    customer = CustomerFactory(name="Arjun Patel")
    contact = ContactFactory(
        customer=customer, name="Arjun Patel", email="arjun@example.com", phone="+447700900126"
    )
    make_case(customer=customer, contact=contact, subject="Boiler bangs")
    make_case(customer=customer, contact=contact, subject="Radiator cold")
    return customer


def _open(agent, new_customer, **more):
    return opening.open_case_for_new_customer(
        new_customer=new_customer,
        actor=agent,
        subject="Tap drips",
        channel=Channel.PHONE,
        body_text="The kitchen tap drips all night.",
        **more,
    )


@pytest.mark.parametrize("typed", ["07700 900126", "07700-900-126", "+44 (0)7700 900126"])
def test_a_phone_number_typed_another_way_names_the_existing_customer(agent, arjun, typed):
    new = opening.NewCustomer(name="Arjun Patel", phone=typed)

    with pytest.raises(CustomerExists) as refused:
        _open(agent, new)

    assert refused.value.existing.id == arjun.pk
    assert refused.value.existing.open_cases == 2
    assert refused.value.http_status == 409
    assert refused.value.message == (
        "This looks like Arjun Patel (2 open cases): the same phone number."
    )
    assert Customer.objects.count() == 1
    assert Case.objects.count() == 2


def test_a_number_imported_as_dialled_at_home_is_found_too(agent):
    old = CustomerFactory(name="Mo Old")
    ContactFactory(customer=old, email="", phone="07700 900555")

    with pytest.raises(CustomerExists) as refused:
        _open(agent, opening.NewCustomer(name="Mo", phone="+44 7700 900555"))

    assert refused.value.existing.id == old.pk


def test_the_same_e_mail_in_other_letters_names_the_existing_customer(agent, arjun):
    new = opening.NewCustomer(name="A. Patel", email="Arjun@Example.COM")

    with pytest.raises(CustomerExists) as refused:
        _open(agent, new)

    assert refused.value.existing.id == arjun.pk
    assert refused.value.existing.matched_by == "email"
    assert "the same e-mail address" in refused.value.message


def test_no_match_makes_a_new_customer_with_the_case(agent, arjun):
    new = opening.NewCustomer(name="Arjun Patel", phone="07700 900127", email="ap@example.org")

    case = _open(agent, new)

    assert case.customer.pk != arjun.pk
    assert case.customer.name == "Arjun Patel"
    assert case.contact.phone == "+447700900127"
    assert Customer.objects.count() == 2


def test_a_part_of_the_number_or_the_name_alone_is_no_match(agent, arjun):
    case = _open(agent, opening.NewCustomer(name="Arjun Patel", phone="0161 496 0126"))

    assert case.customer.pk != arjun.pk


def test_asked_for_anyway_a_second_customer_is_made(agent, arjun):
    new = opening.NewCustomer(name="Arjun Patel", phone="07700 900126")

    case = _open(agent, new, allow_duplicate_customer=True)

    assert case.customer.pk != arjun.pk
    assert Customer.objects.filter(name="Arjun Patel").count() == 2

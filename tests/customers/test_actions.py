import pytest

from rightthere.customers.actions import contact_for_sender, update_customer
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db


def test_marking_a_customer_internal_moves_their_cases_to_the_internal_filter():
    customer = CustomerFactory()
    case = make_case(customer=customer)

    update_customer(customer, internal=True)

    case.refresh_from_db()
    assert case.internal is True


def test_sender_is_matched_case_insensitively_or_becomes_a_new_customer():
    known = ContactFactory(email="Ann@Example.com")

    assert contact_for_sender(name="Ann", email="ann@example.COM") == known
    stranger = contact_for_sender(name="", email="bob@example.net")
    assert stranger.customer.name == "bob"
    assert stranger.email == "bob@example.net"

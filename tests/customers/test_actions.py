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


def test_a_new_sender_in_a_doors_transaction_is_looked_up_once(django_assert_num_queries):
    # (A test runs in a transaction, as the web form and mail intake open theirs.) The
    # lookup, the customer, the contact: no savepoint, no second lookup, no read-back.
    with django_assert_num_queries(3):
        stranger = contact_for_sender(name="Cleo Lane ", email=" cleo@example.net")

    assert (stranger.customer.name, stranger.name, stranger.email) == (
        "Cleo Lane", "Cleo Lane", "cleo@example.net",
    )  # fmt: skip
    assert stranger.customer.contacts.get() == stranger


@pytest.mark.django_db(transaction=True)
def test_a_new_sender_outside_a_transaction_is_created_once():
    stranger = contact_for_sender(name="", email="dee@example.net")

    assert contact_for_sender(name="Dee", email="DEE@example.net") == stranger
    assert stranger.customer.name == "dee"
    assert stranger.customer.contacts.get() == stranger

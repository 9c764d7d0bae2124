"""A caller gives their number: the Customers page and GET /api/customers?q= find the
customer by a contact's phone number however it is typed, as the inbox's search does
(customers.search.phone_patterns), within the customers the searcher may see. The same
statements run on SQLite and PostgreSQL (the suite runs on both)."""

import pytest
from django.urls import reverse

from tests.desk.parity import api
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db

TYPED = ["07700 900123", "+44 7700 900123", "7700900123", "0044 7700 900123", "900 123"]


@pytest.fixture
def maria(db):
    customer = CustomerFactory(name="Maria Lopez")
    # Fixed addresses: the factory's contact{n}@example.com would match digits typed
    # (contact1077@... for "77") once the suite has made enough contacts.
    ContactFactory(customer=customer, name="Maria Lopez", phone="+447700900123",
                   email="maria@lopez.example")  # fmt: skip
    return customer


@pytest.fixture
def someone_else(db):
    customer = CustomerFactory(name="Tom Baker")
    ContactFactory(customer=customer, name="Tom Baker", phone="+447700900555",
                   email="tom@baker.example")  # fmt: skip
    return customer


def listed(client, text: str) -> list[int]:
    """The ids of the customers the Customers page lists for `text`, in order."""
    html = client.get(reverse("customer_list"), {"q": text}).content.decode()
    return [int(part.split("/")[0]) for part in html.split('<td><a href="/customers/')[1:]]


def found_by_api(user, text: str) -> list[int]:
    response = api(user).get("/api/customers", {"q": text})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("typed", TYPED)
def test_the_customers_page_finds_a_customer_by_phone_however_typed(
    agent, as_user, maria, someone_else, typed
):
    assert listed(as_user(agent), typed) == [maria.pk]


@pytest.mark.parametrize("typed", TYPED)
def test_the_api_finds_a_customer_by_phone_however_typed(agent, maria, someone_else, typed):
    assert found_by_api(agent, typed) == [maria.pk]


@pytest.mark.parametrize("typed", ["+44 7700 900123", "07700900123", "7700 900123"])
def test_a_number_imported_as_it_was_written_is_found_too(agent, as_user, typed):
    imported = CustomerFactory(name="Imported Ida")
    ContactFactory(customer=imported, phone="07700 900-123")

    assert listed(as_user(agent), typed) == [imported.pk]
    assert found_by_api(agent, typed) == [imported.pk]


def test_names_and_emails_still_find_customers_on_both_doors(agent, as_user, maria):
    greenhouse = CustomerFactory(name="Greenhouse Ltd")
    ContactFactory(customer=greenhouse, email="books@greenhouse.example")
    client = as_user(agent)

    assert listed(client, "lopez") == [maria.pk]
    assert listed(client, "books@green") == [greenhouse.pk]
    assert found_by_api(agent, "lopez") == [maria.pk]
    assert found_by_api(agent, "books@green") == [greenhouse.pk]


def test_a_customer_with_two_matching_contacts_is_listed_once(agent, as_user, maria):
    ContactFactory(customer=maria, name="Maria's office", phone="+447700900123",
                   email="office@lopez.example")  # fmt: skip

    assert listed(as_user(agent), "07700 900123") == [maria.pk]
    assert found_by_api(agent, "07700 900123") == [maria.pk]


def test_too_few_digits_do_not_match_every_number(agent, as_user, maria, someone_else):
    assert listed(as_user(agent), "77") == []
    assert found_by_api(agent, "77") == []


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_managers_find_any_customer_by_phone(role, request, as_user, maria):
    user = request.getfixturevalue(role)

    assert listed(as_user(user), "07700 900123") == [maria.pk]
    assert found_by_api(user, "07700 900123") == [maria.pk]


def test_a_technician_finds_by_phone_only_the_customers_of_their_cases(
    technician, as_user, maria, someone_else
):
    make_case(customer=someone_else, contact=someone_else.contacts.get(), assignee=technician)

    assert listed(as_user(technician), "07700 900123") == []
    assert found_by_api(technician, "07700 900123") == []
    assert listed(as_user(technician), "07700 900555") == [someone_else.pk]
    assert found_by_api(technician, "07700 900555") == [someone_else.pk]


def test_signed_out_nobody_searches_customers(client, maria):
    page = client.get(reverse("customer_list"), {"q": "07700 900123"})
    assert page.status_code == 302
    assert client.get("/api/customers", {"q": "07700 900123"}).status_code == 401

from rightthere.customers.models import Customer
from tests.api.conftest import send
from tests.factories import ContactFactory, CustomerFactory, make_case


def test_agent_adds_a_customer_with_a_first_contact(api_as, agent, owner):
    client = api_as(agent)

    response = send(client, "post", "/api/customers", {
        "name": "Bakery Brown", "kind": "organisation", "account_owner_id": owner.pk,
        "contact": {"name": "Bea Brown", "email": "bea@bakery.example", "phone": "0161 496 0000"},
    })  # fmt: skip

    assert response.status_code == 201, response.content
    customer = response.json()
    assert customer["kind"] == "organisation"
    assert customer["account_owner"] == {"id": owner.pk, "name": owner.display_name}
    contacts = client.get(f"/api/customers/{customer['id']}/contacts").json()["items"]
    assert [(c["name"], c["email"]) for c in contacts] == [("Bea Brown", "bea@bakery.example")]


def test_customers_are_found_by_part_of_their_name(api_as, agent):
    CustomerFactory(name="Greenhouse Ltd")
    CustomerFactory(name="Mrs Green")
    CustomerFactory(name="Blue Lagoon")

    response = api_as(agent).get("/api/customers?q=green")

    assert [c["name"] for c in response.json()["items"]] == ["Greenhouse Ltd", "Mrs Green"]


def test_walking_customer_pages_lists_each_once_alphabetically(api_as, agent):
    names = ["delta", "Alpha", "charlie", "Bravo", "echo", "alpha"]
    for name in names:
        CustomerFactory(name=name)
    client = api_as(agent)

    first = client.get("/api/customers?limit=4").json()
    second = client.get(f"/api/customers?limit=4&cursor={first['next']}").json()

    listed = [c["name"] for c in first["items"] + second["items"]]
    assert sorted(listed, key=str.lower) == listed
    assert sorted(listed) == sorted(names)
    assert second["next"] is None


def test_technician_sees_only_customers_of_their_cases(api_as, technician):
    mine = make_case(assignee=technician).customer
    CustomerFactory()

    response = api_as(technician).get("/api/customers")

    assert [c["id"] for c in response.json()["items"]] == [mine.pk]


def test_agent_renames_a_customer_and_clears_its_account_owner(api_as, agent, owner):
    customer = CustomerFactory(name="Old Name", account_owner=owner)

    response = send(api_as(agent), "patch", f"/api/customers/{customer.pk}", {
        "name": " New Name ", "account_owner_id": None,
    })  # fmt: skip

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["account_owner"]) == ("New Name", None)


def test_customer_with_cases_cannot_be_deleted(api_as, agent):
    case = make_case(customer=CustomerFactory(name="Loyal Larry"))

    response = api_as(agent).delete(f"/api/customers/{case.customer_id}")

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Loyal Larry has cases, so it cannot be deleted: cases keep their customer.",
        "code": "conflict",
    }
    assert Customer.objects.filter(pk=case.customer_id).exists()


def test_deleted_customer_is_gone(api_as, agent):
    customer = CustomerFactory()
    client = api_as(agent)

    response = client.delete(f"/api/customers/{customer.pk}")

    assert response.status_code == 204
    assert client.get(f"/api/customers/{customer.pk}").status_code == 404


def test_agent_corrects_a_contacts_email_then_deletes_them(api_as, agent):
    contact = ContactFactory(email="old@example.com")
    client = api_as(agent)

    changed = send(client, "patch", f"/api/contacts/{contact.pk}", {"email": "new@example.com"})
    deleted = client.delete(f"/api/contacts/{contact.pk}")

    assert changed.json()["email"] == "new@example.com"
    assert deleted.status_code == 204
    assert client.get(f"/api/customers/{contact.customer_id}/contacts").json()["items"] == []


def test_contact_with_a_bad_email_is_refused(api_as, agent):
    customer = CustomerFactory()

    response = send(api_as(agent), "post", f"/api/customers/{customer.pk}/contacts", {
        "name": "Ann", "email": "not-an-address",
    })  # fmt: skip

    assert response.status_code == 422
    assert response.json()["detail"] == "email: is not a valid e-mail address"

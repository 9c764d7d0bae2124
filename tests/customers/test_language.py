"""Agents set the language a customer's mails and status page are in, on the customer's
page and through the API (one function, customers.actions.update_customer); empty means
the business's language (Business profile)."""

import pytest
from django.urls import reverse

from rightthere.accounts.profile import update_business_profile
from rightthere.customers.language import language_of
from tests.api.conftest import api_as, send  # noqa: F401, F811 - api_as is a fixture
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def _form(customer, **changes):
    return {"name": customer.name, "kind": customer.kind, "address": customer.address,
            "account_owner": "", "language": customer.language, **changes}  # fmt: skip


def test_an_agent_sets_a_customers_language_on_their_page(agent, client):
    customer = CustomerFactory(name="Ada Byron")
    client.force_login(agent)

    saved = client.post(
        reverse("customer_edit", args=[customer.pk]), _form(customer, language="de")
    )
    page = client.get(reverse("customer_detail", args=[customer.pk])).content.decode()

    assert saved.status_code == 302
    customer.refresh_from_db()
    assert customer.language == "de"
    assert 'Mails and status page in <strong lang="de">Deutsch</strong>' in page


def test_the_edit_form_offers_the_business_language_and_each_language(agent, client):
    customer = CustomerFactory()
    client.force_login(agent)

    page = client.get(reverse("customer_edit", args=[customer.pk])).content.decode()

    assert '<option value="" selected>The business&#x27;s language</option>' in page
    assert '<option value="de">Deutsch</option>' in page


def test_a_language_not_offered_is_refused_next_to_the_field_and_nothing_is_lost(agent, client):
    customer = CustomerFactory(name="Ada Byron", address="1 Mill Lane")
    client.force_login(agent)

    response = client.post(reverse("customer_edit", args=[customer.pk]),
                           _form(customer, name="Ada King", language="xx"))  # fmt: skip

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice. xx is not one of the available choices." in page
    assert 'value="Ada King"' in page  # what was typed stays in the form
    customer.refresh_from_db()
    assert (customer.name, customer.language) == ("Ada Byron", "")


@pytest.mark.parametrize(
    ("role", "status"),
    [("owner", 302), ("agent", 302), ("technician", 404), ("subcontractor", 404)],
)
def test_only_owners_and_agents_change_a_customers_language(role, status, request, client):
    customer = ContactFactory().customer
    client.force_login(request.getfixturevalue(role))

    response = client.post(
        reverse("customer_edit", args=[customer.pk]), _form(customer, language="de")
    )

    assert response.status_code == status
    customer.refresh_from_db()
    assert customer.language == ("de" if status == 302 else "")


def test_anonymous_visitors_are_sent_to_log_in(client):
    customer = CustomerFactory()

    response = client.post(
        reverse("customer_edit", args=[customer.pk]), _form(customer, language="de")
    )

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_api_sets_reads_and_clears_the_language(api_as, agent):  # noqa: F811
    api = api_as(agent)
    created = send(api, "post", "/api/customers", {"name": "Hans Weber", "language": "de"})
    customer_id = created.json()["id"]

    assert created.status_code == 201
    assert created.json()["language"] == "de"
    cleared = send(api, "patch", f"/api/customers/{customer_id}", {"language": ""})
    assert cleared.json()["language"] == ""
    again = send(api, "patch", f"/api/customers/{customer_id}", {"language": "en-us"})
    assert api.get(f"/api/customers/{customer_id}").json()["language"] == "en-us"
    assert again.status_code == 200


def test_the_api_refuses_a_language_not_offered(api_as, agent):  # noqa: F811
    customer = CustomerFactory()

    response = send(api_as(agent), "patch", f"/api/customers/{customer.pk}", {"language": "xx"})

    assert response.status_code == 400
    assert "Choose one of the languages offered (en-gb, en-us, de)." in response.content.decode()
    customer.refresh_from_db()
    assert customer.language == ""


def test_a_customer_without_a_language_reads_the_business_language(owner):
    customer = CustomerFactory()
    assert language_of(customer) == "en-gb"

    update_business_profile(owner, language="de")

    assert language_of(customer) == "de"


def test_an_agent_adds_a_contact_who_reads_german_to_an_english_organisation(agent, client):
    firm = CustomerFactory(name="Acme Ltd", language="en-gb")
    client.force_login(agent)

    client.post(reverse("contact_add", args=[firm.pk]),
                {"name": "Jonas Klein", "email": "jonas@acme.example", "language": "de"})  # fmt: skip
    page = client.get(reverse("customer_detail", args=[firm.pk])).content.decode()

    jonas = firm.contacts.get(name="Jonas Klein")
    assert jonas.language == "de"
    assert 'Mails in <span lang="de">Deutsch</span>' in page
    assert language_of(firm, jonas) == "de"
    assert language_of(firm, ContactFactory(customer=firm)) == "en-gb"  # the organisation's


def test_the_api_sets_and_refuses_a_contacts_language(api_as, agent):  # noqa: F811
    api = api_as(agent)
    customer = CustomerFactory()

    added = send(api, "post", f"/api/customers/{customer.pk}/contacts",
                 {"name": "Jonas Klein", "language": "de"})  # fmt: skip
    refused = send(api, "patch", f"/api/contacts/{added.json()['id']}", {"language": "xx"})

    assert added.status_code == 201
    assert added.json()["language"] == "de"
    assert refused.status_code == 400
    assert "Choose one of the languages offered" in refused.content.decode()

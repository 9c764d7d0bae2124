"""Staff give a customer's address where a visit then goes: on the New case form, on the
customer page when it is missing, and with a case opened through the API."""

import pytest
from django.urls import reverse

from rightthere.cases.models import Case
from rightthere.customers.models import Customer
from tests.desk.parity import api
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

NEW_CASE = {
    "new_customer_name": "Maria Lopez",
    "new_customer_kind": "person",
    "contact_phone": "07700 900123",
    "subject": "Boiler makes a banging noise",
    "body": "Called at 9:10.",
    "kind": "repair",
    "priority": "normal",
}


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_the_new_case_form_keeps_a_new_caller_s_address(role, request, as_user):
    client = as_user(request.getfixturevalue(role))

    response = client.post(reverse("new_case"), {**NEW_CASE, "address": "12 Mill Lane"})

    assert response.status_code == 302
    assert Case.objects.get().customer.address == "12 Mill Lane"


def test_the_new_case_form_changes_a_known_customer_s_address(agent, as_user):
    customer = CustomerFactory(address="3 Old Road")

    as_user(agent).post(reverse("new_case"), {**NEW_CASE, "customer": customer.pk,
                                              "address": "12 Mill Lane"})  # fmt: skip

    customer.refresh_from_db()
    assert customer.address == "12 Mill Lane"


def test_the_new_case_form_without_an_address_keeps_the_customer_s(agent, as_user):
    customer = CustomerFactory(address="3 Old Road")

    as_user(agent).post(reverse("new_case"), {**NEW_CASE, "customer": customer.pk})

    customer.refresh_from_db()
    assert customer.address == "3 Old Road"


def test_a_bad_phone_on_the_new_case_form_keeps_everything_typed(agent, as_user):
    response = as_user(agent).post(
        reverse("new_case"), {**NEW_CASE, "contact_phone": "12", "address": "12 Mill Lane"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a phone number we can text or call" in page
    assert "12 Mill Lane" in page
    assert "Called at 9:10." in page
    assert Case.objects.count() == 0


def test_the_new_case_form_is_not_for_technicians(technician, as_user):
    response = as_user(technician).get(reverse("new_case"))

    assert response.status_code == 403


def test_the_customer_page_asks_staff_for_a_missing_address_and_saves_it(agent, as_user):
    customer = CustomerFactory(address="")
    client = as_user(agent)

    page = client.get(reverse("customer_detail", args=[customer.pk])).content.decode()
    response = client.post(reverse("customer_address", args=[customer.pk]),
                           {"address": "12 Mill Lane"})  # fmt: skip

    customer.refresh_from_db()
    assert "No address yet" in page
    assert response.status_code == 302
    assert customer.address == "12 Mill Lane"


def test_a_too_long_address_on_the_customer_page_is_shown_again_with_the_reason(owner, as_user):
    customer = CustomerFactory(address="")

    response = as_user(owner).post(
        reverse("customer_address", args=[customer.pk]), {"address": "Mill Lane " * 120}
    )

    customer.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 400
    assert "Keep the address under 1,000 characters" in page
    assert "Mill Lane Mill Lane" in page
    assert customer.address == ""


def test_a_technician_cannot_set_a_customer_s_address(technician, as_user):
    customer = CustomerFactory(address="")

    response = as_user(technician).post(
        reverse("customer_address", args=[customer.pk]), {"address": "12 Mill Lane"}
    )

    customer.refresh_from_db()
    assert response.status_code in (403, 404)
    assert customer.address == ""


def test_a_case_opened_through_the_api_with_an_address_puts_it_on_the_customer(agent):
    customer = CustomerFactory(address="")

    response = api(agent).post("/api/cases", {"subject": "Boiler", "customer_id": customer.pk,
                                              "address": "12 Mill Lane"},
                               content_type="application/json")  # fmt: skip

    customer.refresh_from_db()
    assert response.status_code == 201, response.content
    assert customer.address == "12 Mill Lane"


def test_a_too_long_address_through_the_api_opens_no_case(agent):
    customer = CustomerFactory(address="")

    response = api(agent).post("/api/cases", {"subject": "Boiler", "customer_id": customer.pk,
                                              "address": "x" * 1001},
                               content_type="application/json")  # fmt: skip

    assert response.status_code == 422
    assert Case.objects.count() == 0
    assert Customer.objects.get().address == ""


def test_a_refused_api_case_changes_no_address_and_the_next_request_still_works(agent):
    """An unknown team is refused before anything is written, so neither the customer's
    address nor the caller's own transaction (a test's, here) is left half done."""
    customer = CustomerFactory(address="")
    client = api(agent)

    refused = client.post("/api/cases", {"subject": "Boiler", "customer_id": customer.pk,
                                         "address": "12 Mill Lane", "team_id": 999},
                          content_type="application/json")  # fmt: skip
    opened = client.post("/api/cases", {"subject": "Boiler", "customer_id": customer.pk},
                         content_type="application/json")  # fmt: skip

    assert refused.status_code == 400, refused.content
    assert Customer.objects.get().address == ""
    assert opened.status_code == 201, opened.content

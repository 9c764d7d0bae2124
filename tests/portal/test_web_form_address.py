"""The contact form asks for an address and a phone number (both optional), so that a
visit booked on the case has somewhere to go and the technician someone to call."""

import pytest
from django.urls import reverse

from rightthere.cases.models import Case
from rightthere.core.errors import InvalidField
from rightthere.customers.models import Customer
from rightthere.portal.intake import submit_web_form
from rightthere.portal.models import FormSubmission
from tests.factories import ContactFactory, CustomerFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Maria Lopez",
    "email": "maria@example.org",
    "subject": "Boiler makes a banging noise",
    "message": "Every night around two.",
}


def test_the_form_shows_an_optional_address_and_phone_to_anyone(client):
    page = client.get(reverse("contact")).content.decode()

    assert 'name="address"' in page
    assert 'name="phone"' in page
    assert "Your address (optional)" in page


def test_a_new_customer_s_address_and_phone_are_kept_for_the_visit(client):
    client.post(reverse("contact"), {**FORM, "address": "12 Mill Lane\nLeeds LS1 4AB",
                                     "phone": "07700 900123"})  # fmt: skip

    case = Case.objects.get()
    assert case.customer.address == "12 Mill Lane\nLeeds LS1 4AB"
    assert case.contact.phone == "+447700900123"


def test_a_known_customer_without_an_address_gets_the_one_given(client):
    contact = ContactFactory(email="maria@example.org", customer=CustomerFactory(address=""))

    client.post(reverse("contact"), {**FORM, "address": "12 Mill Lane"})

    contact.customer.refresh_from_db()
    assert contact.customer.address == "12 Mill Lane"
    assert not Case.objects.get().messages.filter(direction="note").exists()


def test_a_different_address_for_a_known_customer_is_left_to_the_staff(client):
    customer = CustomerFactory(address="3 Old Road")
    ContactFactory(email="maria@example.org", customer=customer, phone="+447700900999")

    client.post(reverse("contact"), {**FORM, "address": "12 Mill Lane",
                                     "phone": "07700 900123"})  # fmt: skip

    customer.refresh_from_db()
    note = Case.objects.get().messages.get(direction="note").body_text
    assert customer.address == "3 Old Road"
    assert "Address: 12 Mill Lane" in note
    assert "Phone: +44 7700 900123" in note


def test_an_invalid_phone_is_refused_next_to_the_field_keeping_what_was_typed(client):
    response = client.post(reverse("contact"), {**FORM, "phone": "12", "address": "12 Mill Lane"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a phone number we can text or call" in page
    assert "12 Mill Lane" in page
    assert "Every night around two." in page
    assert Case.objects.count() == 0
    assert FormSubmission.objects.count() == 0


def test_a_too_long_address_is_refused_keeping_the_message(client):
    response = client.post(reverse("contact"), {**FORM, "address": "x" * 1001})

    page = response.content.decode()
    assert "at most 1000 characters" in page
    assert "Every night around two." in page
    assert Customer.objects.count() == 0


def test_the_use_case_refuses_a_too_long_address_for_any_door():
    with pytest.raises(InvalidField, match="under 1,000 characters"):
        submit_web_form(**FORM, ip_address="192.0.2.1", address="x" * 1001)
    assert Case.objects.count() == 0

"""The public contact form: no login, honeypot, rate limit, same open_case action."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rightthere.cases.models import Case, CaseEvent
from rightthere.customers.models import Contact
from rightthere.portal.models import FormSubmission
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Priya Shah",
    "email": "priya@example.org",
    "subject": "Oven door will not close",
    "message": "The hinge on the left looks bent.",
}


def test_customer_writes_through_form_and_gets_status_link(client):
    response = client.post(reverse("contact"), FORM)

    case = Case.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert case.channel == "web"
    assert case.customer.name == "Priya Shah"
    assert case.contact.email == "priya@example.org"
    assert case.messages.first().body_text == "The hinge on the left looks bent."
    assert case.reference in page
    assert 'id="status-link" href="/s/' in page
    assert CaseEvent.objects.filter(case=case, kind="created").exists()


def test_known_contact_is_matched_case_insensitively(client):
    contact = ContactFactory(email="Priya@Example.org")

    client.post(reverse("contact"), FORM)

    assert Case.objects.get().contact == contact
    assert Contact.objects.count() == 1


def test_attachment_is_kept(client):
    photo = SimpleUploadedFile("hinge.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")

    client.post(reverse("contact"), {**FORM, "attachments": photo})

    attachment = Case.objects.get().messages.first().attachments.get()
    assert attachment.filename == "hinge.jpg"
    assert attachment.file.read() == b"\xff\xd8\xff fake jpeg"


def test_honeypot_filled_by_a_bot_creates_nothing_but_looks_fine(client):
    response = client.post(reverse("contact"), {**FORM, "website": "http://spam.example"})

    assert response.status_code == 200
    assert Case.objects.count() == 0


def test_flood_from_one_address_is_refused_with_a_clear_message(client, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEB_FORM_MAX_PER_IP": 2}
    client.post(reverse("contact"), FORM)
    client.post(reverse("contact"), {**FORM, "subject": "Second"})

    refused = client.post(reverse("contact"), {**FORM, "subject": "Third"})

    assert refused.status_code == 429
    assert "Please wait a little" in refused.content.decode()
    assert Case.objects.count() == 2
    assert FormSubmission.objects.filter(accepted=False).count() == 1


def test_invalid_form_shows_errors_and_stores_nothing(client):
    response = client.post(reverse("contact"), {**FORM, "email": "not-an-address", "message": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address" in page
    assert "This field is required" in page
    assert Case.objects.count() == 0


def test_script_in_form_message_is_escaped_for_staff(client, agent):
    client.post(reverse("contact"), {**FORM, "message": "<script>alert(1)</script>"})
    case = Case.objects.get()
    client.force_login(agent)

    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

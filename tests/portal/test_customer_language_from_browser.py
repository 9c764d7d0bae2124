"""A first-time customer reads the desk in their browser's language (audit 2, item 6): the
contact form is shown in the language their browser asks for when the desk offers it, a
new customer keeps it for their mails and status page, and a customer with no language
stored sees their status page in their browser's. An explicit choice is never overridden."""

import pytest
from django.urls import reverse

from rightthere.cases.models import Case, Direction
from rightthere.customers.models import Customer
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}
FORM = {
    "name": "Jonas Weber",
    "email": "jonas@example.de",
    "subject": "Heizung kalt",
    "message": "Die Heizung ist seit gestern kalt.",
}


def test_the_contact_form_is_in_the_browser_s_language(client):
    german = client.get(reverse("contact"), **GERMAN)
    english = client.get(reverse("contact"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    french = client.get(reverse("contact"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert '<html lang="de"' in german.content.decode()
    assert "Wie können wir helfen?" in german.content.decode()
    assert "Accept-Language" in german["Vary"]
    # English (any spelling) and languages not offered: the business's.
    for page in (english, french):
        assert '<html lang="en-gb"' in page.content.decode()
        assert "How can we help?" in page.content.decode()


def test_the_form_s_errors_are_in_the_browser_s_language(client):
    page = client.post(reverse("contact"), {**FORM, "message": ""}, **GERMAN).content.decode()

    assert "Dieses Feld ist zwingend erforderlich." in page
    assert not Case.objects.exists()


def test_a_new_customer_writing_from_a_german_browser_gets_german_mail_and_pages(
    client, mailoutbox, run_tasks
):
    thanks = client.post(reverse("contact"), FORM, **GERMAN).content.decode()
    run_tasks()

    case = Case.objects.get()
    assert case.customer.language == "de"
    assert "Vielen Dank" in thanks
    acknowledgement = OutboundMail.objects.get(case=case, to_address="jonas@example.de")
    assert acknowledgement.body_text.startswith("Hallo Jonas,")
    (mail,) = [m for m in mailoutbox if m.to == ["jonas@example.de"]]
    assert f"haben wir unter der Nummer {case.reference} aufgenommen" in mail.body
    # The status page is German even from a browser that asks for English.
    status = client.get(status_path(case), HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert '<html lang="de"' in status and "Ihre Anfrage" in status
    assert "antwortet Ihnen bis" in status and "Send the first answer" not in status


def test_an_english_browser_stores_nothing_the_customer_follows_the_business(client):
    client.post(reverse("contact"), FORM, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert Customer.objects.get().language == ""


def test_a_known_customer_without_a_language_gets_the_browser_s(client, run_tasks):
    ContactFactory(customer=CustomerFactory(name="Jonas Weber"), name="Jonas Weber",
                   email="jonas@example.de")  # fmt: skip

    client.post(reverse("contact"), FORM, **GERMAN)
    run_tasks()

    case = Case.objects.get()
    assert Customer.objects.get().language == "de"
    ack = case.messages.get(direction=Direction.OUTBOUND)
    assert ack.body_text.startswith("Hallo Jonas,")


@pytest.mark.parametrize("on", ["customer", "contact"])
def test_an_explicit_english_choice_is_kept(client, run_tasks, on):
    customer = CustomerFactory(name="Jonas Weber", language="en-gb" if on == "customer" else "")
    ContactFactory(customer=customer, name="Jonas Weber", email="jonas@example.de",
                   language="en-gb" if on == "contact" else "")  # fmt: skip

    client.post(reverse("contact"), FORM, **GERMAN)
    run_tasks()

    customer.refresh_from_db()
    assert customer.language == ("en-gb" if on == "customer" else "")
    ack = Case.objects.get().messages.get(direction=Direction.OUTBOUND)
    assert ack.body_text.startswith("Hello Jonas,")
    status = client.get(status_path(Case.objects.get()), **GERMAN).content.decode()
    assert '<html lang="en-gb"' in status


def test_the_status_page_follows_the_browser_while_the_customer_has_no_language(client):
    case = make_case(subject="Heizung kalt")
    path = status_path(case)

    german = client.get(path, **GERMAN)
    plain = client.get(path)

    assert '<html lang="de"' in german.content.decode()
    assert "Ihre Anfrage" in german.content.decode()
    assert "Accept-Language" in german["Vary"]
    assert '<html lang="en-gb"' in plain.content.decode()
    assert "Your request" in plain.content.decode()


def test_a_reply_on_the_status_page_is_thanked_in_the_browser_s_language(client):
    case = make_case()
    token = status_path(case).strip("/").split("/")[1]

    response = client.post(reverse("status_reply", args=[token]), {"text": "Danke!"},
                           follow=True, **GERMAN)  # fmt: skip

    assert "Vielen Dank, Ihre Nachricht ist angekommen." in response.content.decode()

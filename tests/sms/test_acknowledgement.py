"""A customer who rang and left only a mobile number is acknowledged by text (issue #21
item 3): who has the request, by when, and the status link; one with an e-mail address
is not texted. Through the New case form and the API alike. The provider is out of reach
here: the text goes to a local server implementing its Messages API."""

import pytest
from django.urls import reverse

from rightthere.cases.models import Case, Message
from rightthere.sms.models import SmsKind, SmsMessage
from tests.api.conftest import api_as, send  # noqa: F401 - shared fixture and helper
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

CALL = {"new_customer_kind": "person", "subject": "Boiler bangs", "body": "Rang: it bangs.",
        "kind": "request", "priority": "normal"}  # fmt: skip


def test_a_caller_with_only_a_mobile_number_gets_the_acknowledgement_by_text(
    provider,
    as_user,
    agent,
    run_tasks,  # noqa: F811
):
    answer = as_user(agent).post(reverse("new_case"), {**CALL, "new_customer_name": "Ada Byron",
                                                       "contact_phone": "07700 900123"})  # fmt: skip
    assert answer.status_code == 302
    case = Case.objects.get()
    sms = SmsMessage.objects.get(case=case)
    assert sms.kind == SmsKind.ACKNOWLEDGEMENT and sms.to_number == "+447700900123"
    run_tasks()
    [text] = provider.messages
    assert text["body"].startswith(f"Customer service: we have your request {case.reference}.")
    assert "will answer you by" in text["body"] and "/s/" in text["body"]
    assert text["body"].endswith("Reply STOP to stop texts.")
    # The same words are on the case as an automatic message.
    assert Message.objects.filter(case=case, automatic=True, body_text=text["body"]).exists()


def test_a_caller_with_an_e_mail_address_is_not_texted(provider, as_user, agent):  # noqa: F811
    as_user(agent).post(reverse("new_case"), {**CALL, "new_customer_name": "Ada Byron",
                                              "contact_phone": "07700 900123",
                                              "contact_email": "ada@example.com"})  # fmt: skip
    assert Case.objects.exists() and not SmsMessage.objects.exists()


def test_no_text_while_sms_is_off(as_user, agent):
    as_user(agent).post(reverse("new_case"), {**CALL, "new_customer_name": "Ada Byron",
                                              "contact_phone": "07700 900123"})  # fmt: skip
    case = Case.objects.get()
    assert not SmsMessage.objects.exists()
    assert not Message.objects.filter(case=case, automatic=True).exists()


def test_the_api_texts_a_phone_only_customer_the_same_way(provider, api_as, agent, run_tasks):  # noqa: F811
    customer = CustomerFactory(name="Ada Byron")
    contact = customer.contacts.create(name="Ada Byron", phone="+447700900123")
    answer = send(api_as(agent), "post", "/api/cases", {
        "subject": "Boiler bangs", "customer_id": customer.pk, "contact_id": contact.pk,
        "body_text": "Rang: it bangs.", "channel": "phone",
    })  # fmt: skip
    assert answer.status_code == 201, answer.content
    run_tasks()
    [text] = provider.messages
    assert "we have your request" in text["body"] and text["to"] == "+447700900123"

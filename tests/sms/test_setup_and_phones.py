"""SMS set-up (owners: the SMS screen, its API twin, the Set-up page's state) and phone
numbers stored in E.164 whichever door they come through (issue #21 item 3)."""

import pytest
from django.urls import reverse

from rightthere.accounts.models import SettingsChange
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.customers import phones
from rightthere.customers.actions import add_contact, update_contact
from rightthere.setup_screens.gaps import missing
from rightthere.sms.models import SmsSettings
from rightthere.sms.setup import set_from_number, sms_setup
from tests.api.conftest import api_as, send  # noqa: F401 - shared fixture and helper
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


# --- Phone numbers -----------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [
    ("07700 900123", "+447700900123"),
    ("+44 (0)7700 900123", "+447700900123"),
    ("0044 7700 900123", "+447700900123"),
    ("+1 202-555-0143", "+12025550143"),
    ("0117 496 0000", "+441174960000"),
    ("", ""),
])  # fmt: skip
def test_numbers_are_stored_in_e164(typed, stored):
    contact = add_contact(CustomerFactory(), name="Ada", phone=typed)
    assert contact.phone == stored


def test_a_number_without_its_country_code_is_read_as_the_business_country(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "PHONE_REGION": "DE"}
    assert phones.normalise("030 901820") == "+4930901820"


@pytest.mark.parametrize("typed", ["12", "call me", "+44 12", "07700", "0" * 20])
def test_what_is_not_a_number_is_refused_with_the_reason(typed):
    customer = CustomerFactory()
    with pytest.raises(InvalidInput, match="is not a phone number we can text or call"):
        add_contact(customer, name="Ada", phone=typed)
    contact = add_contact(customer, name="Ada", phone="07700 900123")
    with pytest.raises(InvalidInput):
        update_contact(contact, phone=typed)
    contact.refresh_from_db()
    assert contact.phone == "+447700900123"  # nothing lost


def test_the_contact_form_says_why_a_number_is_refused(as_user, agent):
    customer = CustomerFactory()
    page = as_user(agent).post(reverse("contact_add", args=[customer.pk]),
                               {"name": "Ada Byron", "email": "ada@example.com", "phone": "call me"},
                               follow=True)  # fmt: skip
    html = page.content.decode()
    assert "Check the contact: phone: “call me” is not a phone number we can text or call" in html
    assert not customer.contacts.exists()


def test_the_new_case_form_shows_a_bad_number_next_to_the_field(as_user, agent):
    page = as_user(agent).post(reverse("new_case"), {
        "new_customer_name": "Ada Byron", "new_customer_kind": "person", "contact_phone": "12",
        "subject": "Boiler", "body": "Leaks", "kind": "request", "priority": "normal",
    })  # fmt: skip
    assert "is not a phone number we can text or call" in page.content.decode()


def test_the_api_stores_e164_and_refuses_a_bad_number(api_as, agent):  # noqa: F811
    customer = CustomerFactory()
    client = api_as(agent)
    made = send(client, "post", f"/api/customers/{customer.pk}/contacts",
                {"name": "Ada", "phone": "07700 900123"})  # fmt: skip
    assert made.status_code == 201 and made.json()["phone"] == "+447700900123"
    refused = send(client, "post", f"/api/customers/{customer.pk}/contacts",
                   {"name": "Ada", "phone": "call me"})  # fmt: skip
    assert refused.status_code == 400
    assert "is not a phone number we can text or call" in refused.json()["detail"]


def test_the_migration_normalises_old_numbers_and_keeps_unreadable_ones():
    from importlib import import_module

    from django.apps import apps

    from rightthere.customers.models import Contact

    customer = CustomerFactory()
    good = Contact.objects.create(customer=customer, name="A", phone="07700 900123")
    odd = Contact.objects.create(customer=customer, name="B", phone="ask at reception")
    migration = import_module("rightthere.customers.migrations.0002_contact_phone_e164")
    migration.to_e164(apps, None)
    good.refresh_from_db()
    odd.refresh_from_db()
    assert (good.phone, odd.phone) == ("+447700900123", "ask at reception")


# --- The SMS screen and its API twin -------------------------------------------------


@pytest.mark.parametrize("who, status", [
    ("owner", 200), ("agent", 403), ("technician", 403), ("subcontractor", 403),
])  # fmt: skip
def test_only_owners_see_and_change_the_sms_screen(request, as_user, who, status):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse("settings_sms")).status_code == status
    posted = client.post(reverse("settings_sms"), {"from_number": "07700 900001"})
    assert posted.status_code == (302 if status == 200 else status)
    assert SmsSettings.objects.exists() == (status == 200)


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(reverse("settings_sms"))["Location"].startswith("/login/")
    assert client.post(reverse("settings_sms"), {"from_number": "+447700900001"}).status_code == 302
    assert not SmsSettings.objects.exists()


def test_the_screen_says_what_is_missing_and_saves_the_from_number(as_user, owner, settings):
    settings.SMS_BACKEND = "rightthere.sms.backends.twilio.TwilioBackend"
    settings.SMS_FROM_NUMBER = ""
    client = as_user(owner)
    page = client.get(reverse("settings_sms")).content.decode()
    assert "Texts are not sent yet." in page
    assert "SMS_ACCOUNT_SID is not set" in page and "SMS_AUTH_TOKEN is not set" in page
    assert "no From number" in page

    saved = client.post(reverse("settings_sms"), {"from_number": "07700 900001"}, follow=True)
    assert "From number saved." in saved.content.decode()
    assert sms_setup().from_number == "+447700900001"
    assert SettingsChange.objects.filter(screen="sms").exists()


def test_a_bad_from_number_is_shown_next_to_the_field(as_user, owner):
    page = as_user(owner).post(reverse("settings_sms"), {"from_number": "call me"})
    assert page.status_code == 422
    html = page.content.decode()
    assert "is not a phone number we can text or call" in html and 'value="call me"' in html
    assert not SmsSettings.objects.exists()


def test_the_api_twin_for_owners_only(api_as, owner, agent, technician, subcontractor):  # noqa: F811
    answer = send(api_as(owner), "put", "/api/sms/from-number", {"from_number": "07700 900001"})
    assert answer.status_code == 200 and answer.json()["from_number"] == "+447700900001"
    bad = send(api_as(owner), "put", "/api/sms/from-number", {"from_number": "12"})
    assert bad.status_code == 400 and "From number:" in bad.json()["detail"]
    for user in (agent, technician, subcontractor):
        assert send(api_as(user), "put", "/api/sms/from-number",
                    {"from_number": "+447700900002"}).status_code == 403  # fmt: skip
        assert api_as(user).get("/api/sms/setup").status_code == 403
    assert api_as(owner).get("/api/sms/setup").json()["from_number"] == "+447700900001"
    assert api_as(agent).get("/api/sms").status_code == 200
    assert api_as(technician).get("/api/sms").status_code == 403
    assert api_as(owner).get("/api/sms/setup").json()["on"] is False
    assert send(__import__("django.test").test.Client(), "put", "/api/sms/from-number",
                {"from_number": "+447700900002"}).status_code == 401  # fmt: skip


def test_set_from_number_refuses_anyone_but_an_owner(agent):
    with pytest.raises(NotAllowed):
        set_from_number(agent, "+447700900001")


def test_the_set_up_page_shows_the_sms_state(as_user, owner, settings):
    client = as_user(owner)
    page = client.get(reverse("settings_setup")).content.decode()
    assert "<strong>off</strong>: visit reminders and “on my way” go by mail only" in page
    assert "sms" not in [gap.key for gap in missing()]  # off is a choice, not a to-do

    settings.SMS_BACKEND = "rightthere.sms.backends.twilio.TwilioBackend"
    page = client.get(reverse("settings_setup")).content.decode()
    assert "switched on but not working" in page and "SMS_AUTH_TOKEN is not set" in page
    assert "sms" in [gap.key for gap in missing()]

    settings.SMS_ACCOUNT_SID, settings.SMS_AUTH_TOKEN = "AC1", "token"
    settings.SMS_FROM_NUMBER = "+447700900001"
    page = client.get(reverse("settings_setup")).content.decode()
    assert "<strong>on</strong>, from +447700900001 through Twilio Messages API" in page
    assert "sms" not in [gap.key for gap in missing()]


def test_the_command_shows_the_state_and_sets_the_from_number(owner, agent, settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    settings.SMS_BACKEND = "rightthere.sms.backends.twilio.TwilioBackend"
    out = StringIO()
    call_command("sms", "status", stdout=out)
    assert "SMS: on" in out.getvalue() and "Missing: SMS_AUTH_TOKEN is not set" in out.getvalue()

    out = StringIO()
    call_command("sms", "from-number", "07700 900001", "--as", owner.username, stdout=out)
    assert "From number: +447700900001" in out.getvalue()
    with pytest.raises(CommandError, match="Only owners"):
        call_command("sms", "from-number", "+447700900002", "--as", agent.username)
    with pytest.raises(CommandError, match="not a phone number"):
        call_command("sms", "from-number", "12", "--as", owner.username)
    assert sms_setup().from_number == "+447700900001"


def test_pages_show_a_stored_number_as_people_read_it(as_user, agent):
    customer = CustomerFactory()
    add_contact(customer, name="Ada", phone="07700 900123")
    page = as_user(agent).get(reverse("customer_detail", args=[customer.pk])).content.decode()
    assert '<a href="tel:+447700900123">+44 7700 900123</a>' in page

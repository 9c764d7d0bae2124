"""Refusals reach people in German (issue #21 item 5): people, teams and the business
profile (accounts), complaints (recovery), customers, promises, the customer's pages
(portal, satisfaction), texts (sms) and outgoing mail (outbox).

For a business whose language is German, a refused action on a staff page shows the
German message and the same refusal through the API answers German; a German customer
on their status page is refused in German. The tests themselves run in English, so each
also checks that nothing German leaked into the English default.
"""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import SettingsChange
from rightthere.accounts.profile import update_business_profile
from rightthere.accounts.tokens import create_api_token
from rightthere.portal.links import status_path
from rightthere.recovery import actions as recovery_actions
from tests.factories import CustomerFactory, OwnerFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_business(owner):
    update_business_profile(owner, language="de")


def api(client, user, method, path, body=None):
    _, key = create_api_token(user, "test")
    return getattr(client, method)(path, body, content_type="application/json",
                                   HTTP_AUTHORIZATION=f"Bearer {key}")  # fmt: skip


def text_of(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


# -- accounts: people, teams, the business profile -----------------------------------------


def test_the_last_owner_stepping_down_is_refused_in_german_on_the_team_page(
    as_user, owner, german_business
):
    page = as_user(owner).post(reverse("settings_person", args=[owner.pk]), {"role": "agent"})

    assert "ist der einzige Inhaber: zuerst jemand anderen zum Inhaber machen" in text_of(page)
    assert "is the only owner" not in text_of(page)


def test_the_last_owner_stepping_down_is_refused_in_german_through_the_api(
    client, owner, german_business
):
    response = api(client, owner, "patch", f"/api/users/{owner.pk}", {"role": "agent"})

    assert response.status_code == 400
    assert "ist der einzige Inhaber" in response.json()["detail"]


def test_an_agent_setting_up_a_team_is_refused_in_german_through_the_api(
    client, agent, german_business
):
    response = api(client, agent, "post", "/api/teams", {"name": "Kundendienst"})

    assert response.status_code == 403
    assert response.json()["detail"] == "Nur Inhaber können Teams einrichten."


def test_a_taken_username_is_refused_in_german(client, owner, german_business):
    OwnerFactory(username="oskar")

    response = api(client, owner, "post", "/api/users", {"username": "oskar", "role": "agent"})

    assert response.json()["detail"] == "Der Benutzername 'oskar' ist schon vergeben."


def test_the_same_refusal_stays_english_for_an_english_business(client, owner, agent):
    response = api(client, agent, "post", "/api/teams", {"name": "Service"})

    assert response.json()["detail"] == "Only owners can set up teams."


# -- recovery: a complaint, on the status page and through the API -------------------------


def german_customers_complaint():
    return make_case(
        kind="complaint", customer=CustomerFactory(name="Familie Weber", language="de")
    )


def test_a_german_customer_choosing_again_is_refused_in_german_on_the_status_page(client, agent):
    case = german_customers_complaint()
    recovery = recovery_actions.start_recovery(case, actor=agent)
    recovery_actions.store_options(recovery, actor=agent, labels=["Besuch morgen", "Erstattung"])
    option = recovery.options.first()
    recovery_actions.choose_option(recovery, option_id=option.pk, actor=None, by_customer=True)
    recovery.refresh_from_db()
    recovery_actions.follow_through(
        recovery, actor=agent, due_at=timezone.now() + timedelta(days=1)
    )
    token = status_path(case).strip("/").split("/")[1]

    page = client.post(f"/s/{token}/recovery/choose/", {"option": option.pk}, follow=True)

    assert "Wir setzen die gewählte Möglichkeit bereits um." in text_of(page)
    assert "already putting" not in text_of(page)


def test_closing_a_complaint_too_early_is_refused_in_german_through_the_api(
    client, agent, german_business
):
    case = make_case(kind="complaint")

    response = api(client, agent, "patch", f"/api/cases/{case.pk}", {"status": "closed"})

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("Diese Beschwerde kann noch nicht abgeschlossen werden. Noch zu tun: ")
    assert "2. Möglichkeiten anbieten; der Kunde wählt" in detail


def test_an_empty_option_list_is_refused_in_german_on_the_case_page(
    as_user, agent, german_business
):
    case = make_case(kind="complaint", assignee=agent)
    recovery_actions.start_recovery(case, actor=agent)

    page = as_user(agent).post(
        reverse("recovery_step", args=[case.pk, "options"]), {"option": [""]}, follow=True
    )

    assert "Eine bis vier Möglichkeiten anbieten." in text_of(page)


# -- customers -------------------------------------------------------------------------------


def test_deleting_a_customer_with_cases_is_refused_in_german_through_the_api(
    client, agent, german_business
):
    customer = CustomerFactory(name="Familie Weber")
    make_case(customer=customer)

    response = api(client, agent, "delete", f"/api/customers/{customer.pk}")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Familie Weber hat Fälle und kann deshalb nicht gelöscht werden: Fälle behalten ihren Kunden."
    )


def test_a_technician_adding_a_customer_is_refused_in_german(client, technician, german_business):
    response = api(client, technician, "post", "/api/customers", {"name": "Familie Weber"})

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Nur Inhaber und Sachbearbeiter können Kunden und Kontakte ändern."
    )


def test_a_phone_number_that_is_not_one_is_refused_in_german_on_the_customer_page(
    as_user, agent, german_business
):
    customer = CustomerFactory(name="Familie Weber")

    page = as_user(agent).post(reverse("contact_add", args=[customer.pk]),
                               {"name": "Hans Weber", "phone": "12"}, follow=True)  # fmt: skip

    assert "„12“ ist keine Telefonnummer" in text_of(page)


# -- promises --------------------------------------------------------------------------------


def test_a_promise_dated_in_the_past_is_refused_in_german_through_the_api(
    client, agent, german_business
):
    case = make_case(assignee=agent)
    yesterday = (timezone.now() - timedelta(days=1)).isoformat()

    response = api(client, agent, "post", f"/api/cases/{case.pk}/promises",
                   {"what": "Rückruf", "due_at": yesterday})  # fmt: skip

    assert response.status_code == 400
    assert response.json()["detail"] == "Eine Zusage braucht ein Datum in der Zukunft."


def test_keeping_a_kept_promise_is_refused_in_german_on_the_case_page(
    as_user, agent, german_business
):
    from rightthere.promises.actions import keep_promise, make_promise

    case = make_case(assignee=agent)
    promise = make_promise(case, actor=agent, what="Rückruf",
                           due_at=timezone.now() + timedelta(days=1))  # fmt: skip
    keep_promise(promise, actor=agent)

    page = as_user(agent).post(reverse("promise_keep", args=[promise.pk]), follow=True)

    assert "Diese Zusage ist schon eingehalten." in text_of(page)


# -- portal: the customer's sign-in and the status link ---------------------------------------


def test_a_german_customer_asking_for_too_many_sign_in_links_is_refused_in_german(client, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SIGN_IN_LINKS_PER_ADDRESS": 1}
    german = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}
    client.post(reverse("my_sign_in"), {"email": "hans@example.de"}, **german)

    refused = client.post(reverse("my_sign_in"), {"email": "hans@example.de"}, **german)

    assert refused.status_code == 429
    assert "Sie haben in kurzer Zeit mehrere Links angefordert." in text_of(refused)


def test_a_new_status_link_is_confirmed_in_german_on_the_case_page(as_user, agent, german_business):
    case = make_case(assignee=agent)

    page = as_user(agent).post(reverse("status_link_new", args=[case.pk]), follow=True)

    assert "Ein neuer Link wurde erstellt; der alte funktioniert nicht mehr." in text_of(page)


def test_an_agent_deciding_what_customers_see_is_refused_in_german_through_the_api(
    client, agent, german_business
):
    response = api(client, agent, "put", "/api/customer-pages", {"organisation_sharing": True})

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Nur Inhaber können festlegen, was Kunden nach der Anmeldung sehen."
    )


# -- satisfaction: the customer's answer ---------------------------------------------------------


def test_a_german_customer_rating_an_open_request_is_refused_in_german_on_the_status_page(client):
    case = german_customers_complaint()
    token = status_path(case).strip("/").split("/")[1]

    page = client.post(reverse("satisfaction_answer", args=[token]), {"rating": "good"},
                       follow=True)  # fmt: skip

    assert "Eine Anfrage kann bewertet werden, sobald sie erledigt ist." in text_of(page)


def test_staff_overwriting_the_customers_own_answer_is_refused_in_german_through_the_api(
    client, agent, german_business
):
    from rightthere.desk import casework
    from rightthere.satisfaction.actions import answer_case

    case = casework.change_status(make_case(), actor=None, status="solved")
    answer_case(case, actor=None, via="status_page", rating="bad")

    response = api(client, agent, "put", f"/api/cases/{case.pk}/satisfaction", {"rating": "good"})

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Der Kunde hat diese Antwort selbst gegeben; nur er kann sie ändern."
    )


# -- sms and outgoing mail: the owner's set-up -----------------------------------------------


def test_a_from_number_that_is_not_one_is_refused_in_german_on_the_sms_screen(
    as_user, owner, german_business
):
    page = as_user(owner).post(reverse("settings_sms"), {"from_number": "12"})

    assert page.status_code == 422
    assert "„12“ ist keine Telefonnummer" in text_of(page)


def test_an_agent_asking_for_the_sms_set_up_is_refused_in_german_through_the_api(
    client, agent, german_business
):
    response = api(client, agent, "get", "/api/sms/setup")

    assert response.status_code == 403
    assert response.json()["detail"] == "Nur Inhaber können die SMS-Einrichtung sehen."


def test_a_test_mail_without_a_mail_server_is_answered_in_german_through_the_api(
    client, owner, german_business, settings
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": False}

    response = api(client, owner, "post", "/api/outgoing-mail/test", {"to": "olga@example.de"})

    assert response.json()["ok"] is False
    assert response.json()["detail"].startswith("Es ist kein Mailserver eingestellt:")
    change = SettingsChange.objects.get(screen="outgoing_mail")
    assert change.summary.startswith("Sent a test mail to olga@example.de: No mail server")


def test_an_agent_asking_for_the_outgoing_mail_is_refused_in_german_through_the_api(
    client, agent, german_business
):
    response = api(client, agent, "get", "/api/outgoing-mail")

    assert response.json()["detail"] == (
        "Nur Inhaber können die Einrichtung der ausgehenden E-Mails sehen."
    )

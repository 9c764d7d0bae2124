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

import pytest
from django.urls import reverse

from rightthere.accounts.profile import update_business_profile
from rightthere.accounts.tokens import create_api_token
from tests.factories import OwnerFactory

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

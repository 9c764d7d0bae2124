"""The web UI's session may call the API, but changes must carry the CSRF token."""

import pytest
from django.test import Client

from rightthere.accounts.models import ApiToken
from rightthere.accounts.tokens import create_api_token
from tests.api.conftest import send
from tests.factories import make_case

CSRF_SECRET = "a" * 32


@pytest.fixture
def browser(agent):
    """A logged-in browser whose requests go through Django's real CSRF checks."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    return client


def test_logged_in_browser_reads_without_a_csrf_token(browser):
    assert browser.get("/api/cases").status_code == 200


def test_logged_in_browser_post_without_csrf_token_is_refused(browser, agent):
    response = send(browser, "post", "/api/tokens", {"name": "Forged"})

    assert response.status_code == 403
    assert response.json()["code"] == "csrf"
    assert not ApiToken.objects.filter(user=agent).exists()


def test_logged_in_browser_patch_without_csrf_token_is_refused(browser):
    case = make_case()

    response = send(browser, "patch", f"/api/cases/{case.pk}", {"subject": "Forged"})

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.subject != "Forged"


def test_logged_in_browser_post_with_csrf_token_is_accepted(browser):
    browser.cookies["csrftoken"] = CSRF_SECRET

    response = browser.post(
        "/api/tokens",
        {"name": "From the settings page"},
        content_type="application/json",
        headers={"x-csrftoken": CSRF_SECRET},
    )

    assert response.status_code == 201


def test_api_token_needs_no_csrf_token(agent):
    _, key = create_api_token(agent, "Script")
    client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {key}"})

    response = send(client, "post", "/api/tokens", {"name": "Another"})

    assert response.status_code == 201


def test_anonymous_post_gets_401_not_a_csrf_complaint(db):
    response = send(Client(enforce_csrf_checks=True), "post", "/api/cases", {"subject": "Hi"})

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_deactivated_users_session_is_refused(as_user, agent):
    client = as_user(agent)
    agent.is_active = False
    agent.save()

    assert client.get("/api/cases").status_code == 401

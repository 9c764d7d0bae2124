import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_five_wrong_passwords_lock_the_login_even_with_the_right_one(client, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "LOGIN_MAX_FAILURES": 5}
    UserFactory(username="ann")
    for _ in range(5):
        client.post(reverse("login"), {"username": "ann", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "ann", "password": PASSWORD})

    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_logs_in_after_a_few_mistakes(client):
    UserFactory(username="ann")
    client.post(reverse("login"), {"username": "ann", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "ann", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_login_form_needs_a_csrf_token():
    from django.test import Client

    UserFactory(username="ann")
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("login"), {"username": "ann", "password": PASSWORD})

    assert response.status_code == 403

"""Where each role lands after logging in (user audit, item 2): technicians and
subcontractors on My day (their phone's page), owners and agents on the inbox; a page
asked for (`next`) wins, and two-factor log-in asks for the code first and then lands
on the same page."""

import pytest
from django.test import Client

from rightthere.accounts.models import User
from tests.accounts.test_two_factor import code_for, no_wait, turn_on  # noqa: F401 - fixture
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LANDS_ON = [("owner", "/"), ("agent", "/"), ("technician", "/my-day/"),
            ("subcontractor", "/my-day/")]  # fmt: skip


def log_in(user: User, **data: str) -> tuple[Client, str]:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD, **data})
    assert response.status_code == 302
    return client, response["Location"]


@pytest.mark.parametrize(("role", "landing"), LANDS_ON)
def test_each_role_lands_on_its_page_after_logging_in(role, landing, request):
    user = request.getfixturevalue(role)

    client, location = log_in(user)

    assert location == landing
    assert client.get(location).status_code == 200


@pytest.mark.parametrize(("role", "landing"), LANDS_ON)
def test_opening_the_log_in_page_when_logged_in_goes_to_the_roles_page(role, landing, request):
    client, _ = log_in(request.getfixturevalue(role))

    response = client.get("/login/")

    assert response.status_code == 302 and response["Location"] == landing


def test_a_page_asked_for_wins_over_my_day(technician):
    _, location = log_in(technician, next="/?status=open")

    assert location == "/?status=open"


def test_a_technician_can_still_open_the_inbox(technician):
    client, _ = log_in(technician)

    response = client.get("/")

    assert response.status_code == 200


def test_with_two_factor_a_technician_types_the_code_and_lands_on_my_day(technician, no_wait):  # noqa: F811
    _, secret, _ = turn_on(technician)
    client, location = log_in(technician)

    asked = client.get(location)
    assert asked.status_code == 302 and asked["Location"] == "/login/verify/?next=%2Fmy-day%2F"
    verified = client.post("/login/verify/", {"code": code_for(secret, step=1),
                                              "next": "/my-day/"})  # fmt: skip

    assert verified.status_code == 302 and verified["Location"] == "/my-day/"
    assert "My day" in client.get("/my-day/").content.decode()

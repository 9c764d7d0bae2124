"""Solved cases, the customer's one-click links, and a desk for the permission tests.

The desk, and the case each role acts on (tests/world.py's ACTING):
- owner and agent see every case;
- a technician the case assigned to them ("own") but not the subcontractor's
  ("other"); a subcontractor likewise the other way round;
- an anonymous visitor nothing.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.accounts.tokens import create_api_token
from rightthere.cases.models import Case, Status
from rightthere.desk import casework
from rightthere.satisfaction.actions import answer_case
from rightthere.satisfaction.links import rating_path, status_token
from rightthere.satisfaction.sending import send_due_requests
from tests.factories import make_case
from tests.world import ACTING_ROLES as ROLES  # noqa: F401 - for this folder's tests
from tests.world import (
    MAY_NOT_SEE,  # noqa: F401 - for this folder's tests
    MAY_SEE,  # noqa: F401 - for this folder's tests
    World,
    open_case_for,
    people_of,
)

AFTER_THE_DELAY = timedelta(hours=25)


@pytest.fixture
def now():
    return timezone.now()


def solve(case: Case, status: str = Status.SOLVED) -> Case:
    return casework.change_status(case, actor=None, status=status)


@pytest.fixture
def solved_case(db):
    """A case solved just now: `solved_case()` or `solved_case(subject=..., assignee=...)`."""

    def make(**kwargs) -> Case:
        return solve(make_case(**kwargs))

    return make


@pytest.fixture
def asked_case(solved_case, now):
    """A solved case whose customer has been e-mailed the question."""

    def make(**kwargs) -> Case:
        case = solved_case(**kwargs)
        send_due_requests(now + AFTER_THE_DELAY)
        return case

    return make


def answer_path(case: Case) -> str:
    """Where the status page's buttons and comment box post to."""
    return reverse("satisfaction_answer", args=[status_token(case)])


def status_page_path(case: Case) -> str:
    return reverse("status_page", args=[status_token(case)])


def email_link(case: Case, rating: str) -> str:
    """The one-click link in the e-mail, as a path."""
    return rating_path(case, rating)


@pytest.fixture
def unrated_desk(owner, agent, technician, subcontractor):
    """Two solved cases, one the technician's and one the subcontractor's; no answers yet."""
    people = people_of(owner, agent, technician, subcontractor)
    cases = {
        "technician_case": solve(open_case_for("technician", people, subject="Boiler leaking")),
        "subcontractor_case": solve(open_case_for("subcontractor", people, subject="Gate jammed")),
    }
    return World(people=people, cases=cases)


@pytest.fixture
def desk(unrated_desk, now):
    """The same two cases, each rated by its customer with a comment: good and not good."""
    for case, rating in zip(unrated_desk.cases.values(), ["good", "bad"], strict=True):
        answer_case(
            case, actor=None, via="email", rating=rating, comment=f"About {case.subject}", now=now
        )
    return unrated_desk


@pytest.fixture
def api_as(db):
    """A client sending the user's API token; no token at all for None (anonymous)."""

    def client_for(user: User | None) -> Client:
        if user is None:
            return Client()
        _, key = create_api_token(user, "tests")
        return Client(headers={"authorization": f"Bearer {key}"})

    return client_for


@pytest.fixture
def web_as(client):
    """The test client logged in as the user (left logged out for None)."""

    def login(user: User | None) -> Client:
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login

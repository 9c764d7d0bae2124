import os

import pytest

os.environ.setdefault("RIGHTTHERE_TESTING", "1")

from tests.factories import (  # noqa: E402
    OwnerFactory,
    SubcontractorFactory,
    TechnicianFactory,
    UserFactory,
)


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture
def owner(db):
    return OwnerFactory(username="olivia")


@pytest.fixture
def agent(db):
    return UserFactory(username="adam")


@pytest.fixture
def technician(db):
    return TechnicianFactory(username="tom")


@pytest.fixture
def subcontractor(db):
    return SubcontractorFactory(username="sam")


@pytest.fixture
def as_user(client):
    """Log a user in on the test client: `as_user(agent)`."""

    def login(user):
        client.force_login(user)
        return client

    return login

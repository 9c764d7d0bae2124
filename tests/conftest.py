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


@pytest.fixture
def run_tasks(monkeypatch):
    """Run what the background worker would: first the after-commit hooks that
    enqueue tasks, then every ready task, until nothing is left."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes "old" database connections between tasks; inside a test
    # transaction that would close the test's own connection (PostgreSQL).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        # on_commit hooks never fire inside a test's transaction; run them by hand.
        from django.db import connection

        for _ in range(20):
            hooks = list(connection.run_on_commit)
            connection.run_on_commit.clear()
            for _, callback, _ in hooks:
                callback()
            call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
            if not connection.run_on_commit:
                break
        return DBTaskResult.objects.all()

    return run

import os
import shutil

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


# --- Browser tests: one headless Debian Chromium for the whole run -----------------
# `make test` installs Chromium with apt-get when it is missing; if it still is not
# there the browser tests fail with a clear message instead of being skipped.

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# in the same test (factories, asserts) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it with `apt-get install -y chromium` "
            "(make test does this) or set CHROMIUM_PATH."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 860})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    def login(username, password):
        page.goto("/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
        return page

    return login

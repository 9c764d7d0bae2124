import os
import shutil
import time
from pathlib import Path

import pytest

os.environ.setdefault("RIGHTTHERE_TESTING", "1")

from tests.factories import (  # noqa: E402
    OwnerFactory,
    SubcontractorFactory,
    TechnicianFactory,
    UserFactory,
)

REPO = Path(__file__).resolve().parents[1]
# The screenshots the README and docs show, committed; tests write them only when asked.
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"


def pytest_addoption(parser):
    parser.addoption(
        "--update-screenshots",
        action="store_true",
        default=False,
        help="write the screenshots the README and docs show into docs/screenshots/ "
        "(by default every screenshot goes to a temporary folder, one per session)",
    )


def pytest_report_header(config):
    from django.conf import settings

    header = [f"database: {settings.DATABASES['default']['ENGINE']}"]
    if config.getoption("update_screenshots"):
        header.append(f"screenshots: updating {DOCS_SCREENSHOTS.relative_to(REPO)}/")
    return header


def start_with_the_empty_profile() -> None:
    """Put the business profile of an empty desk in its per-process cache (no query)."""
    from time import monotonic

    from rightthere.accounts import profile
    from rightthere.accounts.models import BusinessProfile
    from rightthere.core.config_cache import _Entry

    profile._profile._entry = _Entry(profile.profile_of(BusinessProfile()), monotonic())


@pytest.fixture
def eleven_today(monkeypatch):
    """A clock that reads 11:00 today and ticks on, for tests whose data sits minutes or
    hours from now and must stay on today and in this week whenever the suite runs
    (near midnight, or early on a Monday, "in 30 minutes" or "2 hours ago" changes day
    or week). Everything reads the time through django.utils.timezone.now."""
    return _ticking_clock(monkeypatch, weekday=None)


@pytest.fixture
def wednesday_eleven(monkeypatch):
    """The same clock on this week's Wednesday at 11:00: data from "a day ago" or "in two
    days" stays in this week and this month's week rows (on a Monday "a day ago" is last
    week)."""
    return _ticking_clock(monkeypatch, weekday=2)


def _ticking_clock(monkeypatch, weekday: int | None):
    from datetime import timedelta

    from django.utils import timezone

    real_now = timezone.now
    started = real_now()
    local = timezone.localtime(started).replace(hour=11, minute=0, second=0, microsecond=0)
    if weekday is not None:
        local += timedelta(days=weekday - local.weekday())
    monkeypatch.setattr(timezone, "now", lambda: local + (real_now() - started))
    return local


@pytest.fixture(autouse=True)
def business_profile_read_once():
    """Every request reads the business profile (its time zone and language) through a
    per-process cache that a server reads once every few seconds, not once per request.
    Each test starts with no profile saved, so start with that in the cache: the counted
    queries of a page are then the page's own, whichever test ran before. Saving a
    profile (the screens, update_business_profile, a factory) clears it as in production."""
    start_with_the_empty_profile()


# --- Nothing a test writes lands in the working tree --------------------------------


@pytest.fixture(scope="session")
def session_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_outside_the_tree(settings, session_media):
    """Attachments stored by any test go to this session's temporary folder, not the
    project's var/media/ (folders that need an empty one per test override this)."""
    settings.MEDIA_ROOT = session_media


@pytest.fixture(scope="session")
def session_screenshots(tmp_path_factory):
    """This session's screenshots (pytest's temporary folder, never the working tree)."""
    return tmp_path_factory.mktemp("screenshots")


def screenshot_path(config, session_screenshots, path) -> Path:
    """Where a screenshot meant for `path` is written: docs/screenshots/ only with
    --update-screenshots; any other place in the working tree becomes the session's
    temporary folder; places outside the tree (a test's tmp_path) stay as they are."""
    path = Path(path).resolve()
    if path.is_relative_to(session_screenshots):
        return path
    if path.is_relative_to(DOCS_SCREENSHOTS):
        if config.getoption("update_screenshots"):
            return path
        return session_screenshots / path.relative_to(DOCS_SCREENSHOTS)
    if path.is_relative_to(REPO):
        return session_screenshots / path.relative_to(REPO)
    return path


def check_screenshot(path: Path) -> Path:
    assert path.is_file(), f"no screenshot at {path}"
    assert path.stat().st_size > 0, f"empty screenshot at {path}"
    return path


@pytest.fixture
def screenshot(request, session_screenshots):
    """Take and check a full-page screenshot: `screenshot(page, "inbox.png", docs=True)`.

    Every screenshot goes to the session's temporary folder; one the README or docs show
    (`docs=True`) goes to docs/screenshots/ instead when pytest runs with
    --update-screenshots. Returns the file's path."""

    def take(page, name, *, docs=False, **options) -> Path:
        folder = DOCS_SCREENSHOTS if docs else session_screenshots
        path = screenshot_path(request.config, session_screenshots, folder / name)
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, **{"full_page": True, **options})
        return check_screenshot(path)

    return take


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


@pytest.fixture(autouse=True)
def _one_thread_at_a_time_on_shared_sqlite(request, monkeypatch):
    """A test with the live server on SQLite: its threads take turns on the one in-memory
    connection they share (tests/shared_sqlite.py says why)."""
    if "live_server" not in request.fixturenames:
        yield
        return
    from tests import shared_sqlite

    live_server = request.getfixturevalue("live_server")
    if not shared_sqlite.shares_the_connection():
        yield
        return
    shared_sqlite.take_turns_in_the_server(live_server)
    with shared_sqlite.test_thread_takes_turns(monkeypatch):
        yield


@pytest.fixture
def page(request, browser, live_server, session_screenshots):
    # The browser asks for British English, the desk's default language: a signed-in
    # person without a language of their own gets what their browser asks for
    # (accounts.languages), and Chromium's own en-US would show American dates.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 860},
                                  extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)

    # A test that still calls page.screenshot(path=...) with a place in the working tree
    # (docs/screenshots/...) is routed like the `screenshot` fixture, and checked.
    take = page.screenshot

    def screenshot(*, path=None, **options):
        if path is None:
            return take(**options)
        path = screenshot_path(request.config, session_screenshots, path)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = take(path=path, **options)
        check_screenshot(path)
        return data

    page.screenshot = screenshot
    yield page
    # Stop the page's scripts (presence heartbeats, polling) and let a request already
    # sent finish before the test's database is flushed: one landing during the flush was
    # refused database access mid-transaction and left the shared SQLite connection out
    # of autocommit, failing every live-server test after it.
    page.goto("about:blank")
    context.close()
    time.sleep(0.3)


def downloaded(page, download) -> bytes:
    """The bytes of a file the browser started downloading, fetched again with the page's
    session and its timeout. Waiting on the browser's own copy (download.path(), save_as)
    has no timeout: a full run once hung at a download for ten minutes."""
    response = page.request.get(download.url)
    download.cancel()
    assert response.ok, f"{download.url}: {response.status}"
    return response.body()


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

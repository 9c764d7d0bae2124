"""Two web servers behind one load balancer: a person logged in through one is
logged in on the other, and logging out on one logs out on both. Sessions live in
the database (Django's default session engine), not in a server's memory."""

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import global_settings
from django.db import connection
from django.test import Client

from rightthere.accounts.models import StaffSession
from tests.factories import PASSWORD, UserFactory
from tests.faults.conftest import VENV_BIN, Process, free_port, wait_for
from tests.jobs.live import live_env

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_session_engine_is_the_database(settings):
    assert settings.SESSION_ENGINE == "rightthere.accounts.sessions"


def test_a_session_from_one_handler_is_accepted_by_another():
    UserFactory(username="ann")
    first, second = Client(), Client()  # each with its own handler and middleware

    assert first.post("/login/", {"username": "ann", "password": PASSWORD}).status_code == 302
    second.cookies = first.cookies  # the browser sends its cookie to whichever server

    assert second.get("/").status_code == 200
    assert StaffSession.objects.count() == 1


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # hand the 302 back to the caller


class Browser:
    """Keeps cookies for 127.0.0.1 (any port): one browser talking to two servers."""

    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def request(self, url: str, form: dict | None = None) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=10) as response:  # noqa: S310
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(), answer.headers.get("Location", "")
        except urllib.error.URLError:
            return 0, "", ""  # not listening yet

    def csrf_token(self, page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two server processes need a database they can share; the SQLite test "
    "database is in this process's memory (run with DATABASE_URL=postgres://...)",
)
def test_two_server_processes_share_log_ins_and_log_outs(settings, tmp_path):
    # The servers run production settings: store the password with their hasher.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    UserFactory(username="ann", first_name="Ann")
    servers = []
    for name in ("a", "b"):
        port = free_port()
        process = Process(
            [str(VENV_BIN / "rightthere"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            live_env(tmp_path),
            tmp_path / f"server-{name}.log",
        )
        servers.append((f"http://127.0.0.1:{port}", process))
    (a, _), (b, _) = servers
    browser = Browser()
    try:
        started = time.monotonic()
        for url, _ in servers:
            wait_for(
                lambda url=url: browser.request(f"{url}/health/")[0] == 200,
                timeout=30,
                interval=0.2,
                what=f"the server at {url}",
            )

        # Logged out, server B sends the browser to the log-in page.
        assert browser.request(f"{b}/")[0] == 302
        # Log in through server A...
        _, page, _ = browser.request(f"{a}/login/")
        status, _, location = browser.request(
            f"{a}/login/",
            {
                "username": "ann",
                "password": PASSWORD,
                "csrfmiddlewaretoken": browser.csrf_token(page),
            },
        )
        assert (status, location) == (302, "/"), (status, location)
        # ...and server B knows her.
        status, inbox, _ = browser.request(f"{b}/")
        assert status == 200
        assert "Ann" in inbox

        # Log out through server B: server A no longer knows her.
        _, page, _ = browser.request(f"{b}/")
        status, _, _ = browser.request(
            f"{b}/logout/", {"csrfmiddlewaretoken": browser.csrf_token(page)}
        )
        assert status == 302
        assert browser.request(f"{a}/")[0] == 302
        print(f"\ntwo servers: logged in on A, known on B, logged out on B, gone on A "
              f"({time.monotonic() - started:.1f} s including start-up)")  # fmt: skip
    finally:
        for _, process in servers:
            process.stop()

"""Restart PostgreSQL under load: the running app recovers on its own.

A single-threaded WSGI server (like one gunicorn sync worker: one persistent
database connection, CONN_MAX_AGE=60 with CONN_HEALTH_CHECKS) serves the API
and /health/ while a client sends requests before, during and after
`pg_ctlcluster restart`. Afterwards requests succeed again from the same
server process, without restarting it. The database server is always left
running, even when the test fails (other test runs share it).
"""

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.db import connections

from tests.faults.conftest import free_port, wait_for

pytestmark = pytest.mark.faults

CLUSTER = ["15", "main"]
SERVE = (
    "import sys\n"
    "from wsgiref.simple_server import WSGIRequestHandler, make_server\n"
    "from rightthere.wsgi import application\n"
    "class Quiet(WSGIRequestHandler):\n"
    "    def log_message(self, *args): pass\n"
    "make_server('127.0.0.1', int(sys.argv[1]), application, handler_class=Quiet).serve_forever()\n"
)


def cluster_online() -> bool:
    done = subprocess.run(  # noqa: S603
        ["/usr/bin/pg_isready", "-h", "127.0.0.1", "-p", "5432", "-t", "1"],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def pg_ctl(action: str) -> None:
    subprocess.run(  # noqa: S603
        ["/usr/bin/pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, action],
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def postgres_always_back():
    yield
    # Whatever happened, leave the shared server running.
    if not cluster_online():
        subprocess.run(  # noqa: S603
            ["/usr/bin/pg_ctlcluster", "--skip-systemctl-redirect", *CLUSTER, "start"],
            check=False,
            capture_output=True,
            timeout=60,
        )
    wait_for(cluster_online, timeout=30, interval=0.2, what="PostgreSQL to be back")
    # This process's own connections died with the server: drop them, they reconnect.
    connections.close_all()


def get(url: str, key: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # no answer at all


def test_the_app_recovers_from_a_postgresql_restart_without_being_restarted(
    pg_database, processes, postgres_always_back, tmp_path
):
    key = pg_database.manage(
        "shell",
        "-c",
        "from rightthere.accounts.models import User, Role\n"
        "from rightthere.accounts.tokens import create_api_token\n"
        "owner = User.objects.create_user('load-owner', password='x', role=Role.OWNER)\n"
        "print(create_api_token(owner, 'load')[1])",
    ).split()[-1]  # after the shell's "N objects imported" line
    port = free_port()
    server = processes.start(
        [sys.executable, "-c", SERVE, str(port)], pg_database.env(), tmp_path / "server.log"
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: get(f"{base}/health/", key) == 200, timeout=30, what="the server")

    results: list[tuple[float, str, int]] = []
    stop = threading.Event()

    def load():
        while not stop.is_set():
            for path in ("/health/", "/api/cases"):
                results.append((time.monotonic(), path, get(base + path, key)))
            time.sleep(0.02)

    client = threading.Thread(target=load, daemon=True)
    client.start()
    time.sleep(1.5)
    restart_began = time.monotonic()
    pg_ctl("restart")
    restart_done = time.monotonic()
    wait_for(
        lambda: any(t > restart_done and s == 200 for t, _, s in results[-4:]),
        timeout=30,
        what="a successful request after the restart",
    )
    first_ok = min(t for t, _, s in results if t > restart_done and s == 200)
    time.sleep(2)
    stop.set()
    client.join(timeout=10)

    before = Counter(s for t, _, s in results if t < restart_began)
    during = Counter(s for t, _, s in results if restart_began <= t < first_ok)
    settled = Counter(s for t, _, s in results if t >= first_ok + 0.5)
    print(  # the figures in docs/reliability.md
        "\n"
        + json.dumps(
            {
                "requests": len(results),
                "before": dict(before),
                "during_restart": dict(during),
                "after": dict(settled),
                "restart_command_seconds": round(restart_done - restart_began, 2),
                "first_success_after_restart_began_seconds": round(first_ok - restart_began, 2),
            }
        )
    )

    assert set(before) == {200}
    assert set(settled) == {200} and settled[200] > 20
    assert first_ok - restart_done < 5
    assert server.popen.poll() is None  # the same process: nobody restarted it

"""Fault tests run the real processes (`rightthere worker`, the WSGI server) against
a database of their own: a SQLite file, or a dedicated PostgreSQL database when
the suite itself runs on PostgreSQL (DATABASE_URL). They read that database
with plain SQL, never through the test process's Django connection.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

VENV_BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("FAULTS_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "faults: kills processes and restarts servers (tests/faults, ~1 minute)"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class AppDatabase:
    """A migrated database for subprocesses, read here with plain SQL."""

    url: str
    data_dir: Path

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgres")

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "RIGHTTHERE_DATA_DIR": str(self.data_dir),
            "MEDIA_ROOT": str(self.data_dir / "media"),
            "RIGHTTHERE_TESTING": "1",  # the development secret key is fine here
            "DJANGO_SETTINGS_MODULE": "rightthere.settings",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("PYTEST_CURRENT_TEST", None)
        env.update(extra)
        return env

    def manage(self, *args: str, **extra_env: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own console script
            [str(VENV_BIN / "rightthere"), *args],
            env=self.env(**extra_env),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.is_postgres:
            with psycopg.connect(self.url, autocommit=True) as connection:
                return connection.execute(sql, params).fetchall()  # type: ignore[arg-type]
        path = self.url.removeprefix("sqlite:///")
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()

    def scalar(self, sql: str, params: tuple = ()) -> object:
        return self.rows(sql, params)[0][0]


def _pg_url(name: str) -> str:
    parts = urlsplit(PG_SERVER)
    return parts._replace(path=f"/{name}").geturl()


def _create_pg(name: str) -> str:
    with psycopg.connect(PG_SERVER, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return _pg_url(name)


def _drop_pg(name: str) -> None:
    for _ in range(20):  # the server may still be coming back from a restart test
        try:
            with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=2) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except psycopg.OperationalError:
            time.sleep(0.5)


@pytest.fixture(scope="session")
def pg_database(tmp_path_factory):
    """A dedicated, migrated PostgreSQL database (dropped at the end)."""
    name = f"rt_faults_{os.getpid()}"
    database = AppDatabase(_create_pg(name), tmp_path_factory.mktemp("pg-app"))
    database.manage("migrate", "-v0")
    yield database
    _drop_pg(name)


@pytest.fixture(scope="session")
def app_database(request, tmp_path_factory):
    """The engine the suite runs on: PostgreSQL when DATABASE_URL says so, else a SQLite file."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return request.getfixturevalue("pg_database")
    folder = tmp_path_factory.mktemp("sqlite-app")
    database = AppDatabase(f"sqlite:///{folder / 'rightthere.sqlite3'}", folder)
    database.manage("migrate", "-v0")
    return database


class Process:
    """A child process in its own process group, so kill -9 takes all of it."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.log = log
        self._log_file = log.open("ab")
        self.popen = subprocess.Popen(  # noqa: S603 - our own console scripts
            args, env=env, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill9(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        self._log_file.close()

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill9()
        self._log_file.close()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def processes():
    """Start processes with `processes.start(args, env, log)`; all are killed at the end."""

    class Started(list):
        def start(self, args, env, log):
            process = Process(args, env, log)
            self.append(process)
            return process

    started = Started()
    yield started
    for process in started:
        process.kill9()


def wait_for(condition, timeout: float, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}")


@dataclass
class SlowSmtp:
    """Keeps every accepted mail's Message-ID. When `trap_after` is set, the mail
    that many DATA commands later is accepted (kept), then the server sits on its
    reply for `hold_seconds`: the sender is still waiting for "250" while it is
    killed, like a worker dying just as a real mail server takes the message."""

    port: int
    received: list[str] = field(default_factory=list)
    trap_after: int | None = None
    hold_seconds: float = 5.0
    trapped: threading.Event = field(default_factory=threading.Event)
    trapped_id: str = ""

    def counts(self) -> Counter:
        return Counter(self.received)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        import asyncio
        from email import message_from_bytes

        message_id = message_from_bytes(envelope.content)["Message-ID"] or ""
        self.received.append(message_id)
        if self.trap_after is not None and len(self.received) >= self.trap_after:
            self.trap_after = None
            self.trapped_id = message_id
            self.trapped.set()
            await asyncio.sleep(self.hold_seconds)
        return "250 Message accepted for delivery"


@pytest.fixture
def slow_smtp():
    from aiosmtpd.controller import Controller

    handler = SlowSmtp(port=free_port())
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()

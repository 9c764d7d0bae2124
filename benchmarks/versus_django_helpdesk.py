"""Rightthere against django-helpdesk: same data, same server, same client.

    .venv/bin/python benchmarks/versus_django_helpdesk.py                 # 10k and 100k
    .venv/bin/python benchmarks/versus_django_helpdesk.py --sizes 10000,100000,1000000

What it does, from scratch on each machine:

1. Creates var/bench-helpdesk-venv and pip-installs a pinned django-helpdesk
   (HELPDESK_REQUIREMENTS below) with the Django it pulls in; installs the same
   gunicorn into Rightthere's venv if it is missing there.
2. Generates a minimal host project for it in var/bench-helpdesk/ (DEBUG off,
   PostgreSQL, whitenoise, helpdesk's UI under /helpdesk/ and its DRF API
   under /helpdesk/api/, DRF token auth so no password hashing per request).
3. For each size, a Rightthere database loaded by benchmarks/dataset.py
   (10k: rt_bench_vs_10k, built here; 100k: rt_bench; 1M: rt_bench_1m, as the
   inbox benchmark leaves them) and a helpdesk database hd_bench_vs_<size> that gets
   the same rows copied over with COPY by a process in helpdesk's venv:
   every case becomes a Ticket (same subject, first message as description,
   contact e-mail as submitter, status and priority mapped, same dates and
   assignee), every message a FollowUp, every staff user an auth user with
   the same password hash.
4. Serves both with gunicorn (same version, same worker count, sync workers)
   and times them with the same requests.Session, alternating which app goes
   first on every iteration. For each row it also reads, from /proc, the CPU
   time each app used: its gunicorn processes and the PostgreSQL backends
   connected to its database.

Only the Rightthere databases named above and hd_bench_vs_* are touched; rt_bench_vs_*
and hd_bench_vs_* are dropped and rebuilt when their row count does not match.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
HD_VENV = VAR / "bench-helpdesk-venv"
HD_HOST = VAR / "bench-helpdesk"
RT_PYTHON = ROOT / ".venv" / "bin" / "python"
PG = "postgres://postgres@127.0.0.1:5432"
# Both apps are served by the same gunicorn release.
GUNICORN = "gunicorn==27.0.1"
# 2.6.1 is the newest release and installs with Django 5.2 (it requires >= 5.2).
HELPDESK_REQUIREMENTS = [
    "django-helpdesk==2.6.1",
    "Django==5.2.19",
    "djangorestframework==3.18.3",
    "psycopg[binary]==3.3.9",
    GUNICORN,
    "whitenoise==6.12.0",
]
RT_DATABASES = {10_000: "rt_bench_vs_10k", 100_000: "rt_bench", 1_000_000: "rt_bench_1m"}
USERNAME, PASSWORD = "bench-owner", "rightthere-bench"  # from benchmarks/dataset.py
RT_PORT, HD_PORT = 8611, 8612
SEARCH_WORDS = ("boiler", "chandelier")
# Enough untimed rounds that every gunicorn worker has served each page once
# (a worker's first request of a page loads templates and code).
READ_WARMUP = 10


# --- helpdesk's environment and host project -------------------------------


def ensure_rightthere_gunicorn() -> None:
    """Rightthere's venv gets gunicorn from the `prod` extra, which `make install` leaves
    out: install the same release as helpdesk's if it is not there."""
    version = subprocess.run([str(RT_PYTHON), "-c", "import gunicorn; print(gunicorn.__version__)"],
                             capture_output=True, text=True)  # fmt: skip
    if version.stdout.strip() != GUNICORN.split("==")[1]:
        subprocess.run([str(RT_PYTHON), "-m", "pip", "install", "-q", GUNICORN], check=True)


def ensure_helpdesk_venv() -> None:
    python = HD_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(HD_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *HELPDESK_REQUIREMENTS],
                   check=True)  # fmt: skip


SETTINGS = """
import os
SECRET_KEY = "helpdesk-benchmark-only-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites", "django.contrib.humanize",
    "rest_framework", "rest_framework.authtoken", "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "hostdesk.urls"
WSGI_APPLICATION = "hostdesk.wsgi.application"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.postgresql", "NAME": os.environ["HD_DB"],
    "USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432",
    "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True,
}}
if os.environ.get("HD_PREPARED_STATEMENTS") == "1":  # --helpdesk-prepared-statements
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1
USE_TZ = True
TIME_ZONE = "Europe/London"
STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(os.path.dirname(os.path.dirname(__file__)), "static")
MEDIA_ROOT = os.path.join(os.path.dirname(os.path.dirname(__file__)), "media")
LOGIN_URL = "/helpdesk/login/"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
HELPDESK_TEAMS_MODE_ENABLED = False
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [
    "rest_framework.authentication.TokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]}
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
"""

URLS = """
from django.contrib import admin
from django.urls import include, path
urlpatterns = [
    path("admin/", admin.site.urls),
    path("helpdesk/", include("helpdesk.urls")),
]
"""

WSGI = """
import os
from django.core.wsgi import get_wsgi_application
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostdesk.settings")
application = get_wsgi_application()
"""

# Runs in helpdesk's venv: copies a Rightthere database into a migrated helpdesk one.
LOADER = r"""
import os, sys, json
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostdesk.settings")
import django
django.setup()
import psycopg
from django.contrib.auth.models import User
from django.db import connection
from helpdesk.models import Queue, UserSettings
from rest_framework.authtoken.models import Token

rt_url, username = sys.argv[1], sys.argv[2]
STATUS = ("CASE c.status WHEN 'solved' THEN 3 WHEN 'closed' THEN 4 ELSE 1 END")
PRIORITY = ("CASE c.priority WHEN 'urgent' THEN 1 WHEN 'high' THEN 2 WHEN 'low' THEN 4 "
            "ELSE 3 END")

def pipe(src, dst, select, table, columns):
    with src.cursor().copy(f"COPY ({select}) TO STDOUT") as out:
        with dst.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as into:
            for data in out:
                into.write(data)

queue = Queue.objects.create(title="Support", slug="support", allow_public_submission=True)
connection.ensure_connection()
with psycopg.connect(rt_url) as src, psycopg.connect(
        "host=127.0.0.1 user=postgres dbname=" + os.environ["HD_DB"]) as dst:
    pipe(src, dst,
         "SELECT id, password, last_login, is_superuser, username, first_name, last_name, "
         "email, (is_staff OR role IN ('owner', 'agent')), is_active, date_joined "
         "FROM accounts_user",
         "auth_user", ["id", "password", "last_login", "is_superuser", "username",
                       "first_name", "last_name", "email", "is_staff", "is_active",
                       "date_joined"])
    pipe(src, dst,
         f"SELECT c.id, c.subject, {queue.pk}, c.created_at, c.updated_at, "
         "coalesce(ct.email, ''), c.assignee_id, " + STATUS + ", false, "
         "coalesce(fm.body_text, ''), '', " + PRIORITY + ", md5(c.id::text || random()::text) "
         "FROM cases_case c LEFT JOIN customers_contact ct ON ct.id = c.contact_id "
         "LEFT JOIN LATERAL (SELECT body_text FROM cases_message m WHERE m.case_id = c.id "
         "ORDER BY m.created_at, m.id LIMIT 1) fm ON true ORDER BY c.id",
         "helpdesk_ticket", ["id", "title", "queue_id", "created", "modified",
                             "submitter_email", "assigned_to_id", "status", "on_hold",
                             "description", "resolution", "priority", "secret_key"])
    pipe(src, dst,
         "SELECT m.id, m.case_id, m.created_at, "
         "CASE m.direction WHEN 'inbound' THEN 'Comment' ELSE 'Reply' END, m.body_text, "
         "m.direction <> 'internal', m.author_id, NULL "
         "FROM cases_message m ORDER BY m.id",
         "helpdesk_followup", ["id", "ticket_id", "date", "title", "comment", "public",
                               "user_id", "new_status"])
    dst.commit()
with connection.cursor() as cursor:
    for table in ("auth_user", "helpdesk_ticket", "helpdesk_followup"):
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"(SELECT max(id) FROM {table}))")
for user in User.objects.filter(usersettings_helpdesk__isnull=True):
    UserSettings.objects.create(user=user)
owner = User.objects.get(username=username)
token, _ = Token.objects.get_or_create(user=owner)
with connection.cursor() as cursor:
    cursor.execute("VACUUM ANALYZE")
print(json.dumps({"token": token.key, "queue": queue.pk}))
"""

# Runs in helpdesk's venv: the token and queue of an already loaded database.
CREDENTIALS = r"""
import os, sys, json
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostdesk.settings")
import django
django.setup()
from django.contrib.auth.models import User
from helpdesk.models import Queue
from rest_framework.authtoken.models import Token
token, _ = Token.objects.get_or_create(user=User.objects.get(username=sys.argv[1]))
print(json.dumps({"token": token.key, "queue": Queue.objects.get(slug="support").pk}))
"""

# Runs in Rightthere's venv: an API key for the benchmark owner.
MAKE_RT_API_KEY = r"""
import sys, django
django.setup()
from rightthere.accounts.models import User
from rightthere.accounts.tokens import create_api_token
print(create_api_token(User.objects.get(username=sys.argv[1]), "versus benchmark")[1])
"""


def write_host_project() -> None:
    package = HD_HOST / "hostdesk"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(SETTINGS)
    (package / "urls.py").write_text(URLS)
    (package / "wsgi.py").write_text(WSGI)
    (HD_HOST / "load_from_rightthere.py").write_text(LOADER)
    (HD_HOST / "credentials.py").write_text(CREDENTIALS)


def helpdesk(args: list[str], db: str, capture: bool = False) -> str:
    env = {**os.environ, "HD_DB": db, "DJANGO_SETTINGS_MODULE": "hostdesk.settings",
           "PYTHONPATH": str(HD_HOST)}  # fmt: skip
    done = subprocess.run([str(HD_VENV / "bin" / "python"), *args], cwd=HD_HOST, env=env,
                          check=True, text=True, capture_output=capture)  # fmt: skip
    return done.stdout if capture else ""


def rt_env(db: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"{PG}/{db}", "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-" + "x" * 40, "SECURE_COOKIES": "0",
            "STATIC_ROOT": str(VAR / "bench-rightthere-static"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SETTINGS_MODULE": "rightthere.settings",
            "PYTHONPATH": str(ROOT / "src")}  # fmt: skip


# --- databases --------------------------------------------------------------


def scalar(db: str, sql: str) -> object:
    try:
        with psycopg.connect(f"{PG}/{db}") as conn:
            row = conn.execute(sql).fetchone()
            return row[0] if row else None
    except psycopg.Error:
        return None


def recreate(db: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def prepare_rightthere(size: int) -> str:
    db = RT_DATABASES[size]
    have = scalar(db, "SELECT count(*) FROM cases_case")
    if have is None or (db.startswith("rt_bench_vs_") and have != size):
        if not db.startswith("rt_bench_vs_"):
            sys.exit(
                f"{db} is missing: build it with benchmarks/inbox.py --cases {size} "
                f"--requests 0 --database-url {PG}/{db}"
            )
        print(f"Loading {size:,} cases into {db} (benchmarks/inbox.py)...", flush=True)
        subprocess.run([str(RT_PYTHON), "benchmarks/inbox.py", "--cases", str(size),
                        "--requests", "0", "--database-url", f"{PG}/{db}"],
                       cwd=ROOT, check=True)  # fmt: skip
    return db


def prepare_helpdesk(size: int, rt_db: str) -> tuple[str, dict[str, object]]:
    db = f"hd_bench_vs_{size // 1000}k"
    cases = scalar(rt_db, "SELECT count(*) FROM cases_case")
    tickets = scalar(db, "SELECT count(*) FROM helpdesk_ticket")
    if tickets is not None and tickets == cases:
        return db, json.loads(helpdesk(["credentials.py", USERNAME], db, capture=True))
    print(f"Copying {rt_db} into {db} (helpdesk's venv, COPY)...", flush=True)
    recreate(db)
    helpdesk(["-m", "django", "migrate", "-v0"], db)
    started = time.perf_counter()
    out = helpdesk(["load_from_rightthere.py", f"{PG}/{rt_db}", USERNAME], db, capture=True)
    print(f"  copied in {time.perf_counter() - started:.0f} s", flush=True)
    return db, json.loads(out.strip().splitlines()[-1])


def dataset_summary(rt_db: str, hd_db: str) -> dict[str, object]:
    return {
        "rt_cases": scalar(rt_db, "SELECT count(*) FROM cases_case"),
        "hd_tickets": scalar(hd_db, "SELECT count(*) FROM helpdesk_ticket"),
        "rt_open": scalar(
            rt_db,
            "SELECT count(*) FROM cases_case WHERE status IN "
            "('new','open','waiting_us','waiting_customer')",
        ),
        "hd_open": scalar(hd_db, "SELECT count(*) FROM helpdesk_ticket WHERE status IN (1,2)"),
        "rt_messages": scalar(rt_db, "SELECT count(*) FROM cases_message"),
        "hd_followups": scalar(hd_db, "SELECT count(*) FROM helpdesk_followup"),
    }


# --- servers ------------------------------------------------------------------


class Server:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], cwd: Path, port: int):
        self.name, self.port = name, port
        self.log = (VAR / f"versus-{name}.log").open("w")
        self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        for _ in range(300):
            try:
                requests.get(f"http://127.0.0.1:{port}/admin/login/", timeout=30)
                return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{name} did not start; see var/versus-{name}.log")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)
        self.log.close()


def gunicorn(venv: Path, wsgi: str, port: int, workers: int) -> list[str]:
    return [str(venv / "bin" / "gunicorn"), wsgi, "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", "sync", "--timeout", "300",
            "--access-logfile", "/dev/null"]  # fmt: skip


def start_servers(rt_db: str, hd_db: str, workers: int) -> tuple[Server, Server]:
    rt = Server(
        "rightthere",
        gunicorn(ROOT / ".venv", "rightthere.wsgi:application", RT_PORT, workers),
        rt_env(rt_db),
        ROOT,
        RT_PORT,
    )
    env = {**os.environ, "HD_DB": hd_db, "PYTHONPATH": str(HD_HOST)}
    try:
        hd = Server(
            "helpdesk",
            gunicorn(HD_VENV, "hostdesk.wsgi:application", HD_PORT, workers),
            env,
            HD_HOST,
            HD_PORT,
        )
    except Exception:
        rt.stop()
        raise
    return rt, hd


# --- clients: what a staff user waits for -------------------------------------


def logged_in(port: int) -> requests.Session:
    session = requests.Session()
    base = f"http://127.0.0.1:{port}"
    session.get(f"{base}/admin/login/").raise_for_status()
    reply = session.post(
        f"{base}/admin/login/",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "next": "/admin/",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
    )
    if reply.status_code != 302:
        raise RuntimeError(f"login on port {port} failed: {reply.status_code}")
    return session


def ok(reply: requests.Response, status: int = 200) -> requests.Response:
    if reply.status_code != status:
        raise RuntimeError(
            f"{reply.request.method} {reply.url}: {reply.status_code} {reply.text[:300]}"
        )
    return reply


class Rightthere:
    def __init__(self, token: str) -> None:
        self.base = f"http://127.0.0.1:{RT_PORT}"
        self.session = logged_in(RT_PORT)
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Bearer {token}"

    def list_page(self) -> None:
        ok(self.session.get(f"{self.base}/", allow_redirects=False))

    def list_page_and_counts(self) -> None:
        """The inbox fetches its per-view counts with a second request (htmx)."""
        self.list_page()
        ok(self.session.get(f"{self.base}/inbox/counts/", allow_redirects=False))

    def search(self, words: str) -> None:
        ok(self.session.get(f"{self.base}/", params={"q": words}, allow_redirects=False))

    def create(self, subject: str, body: str, contact_id: int, email: str) -> None:
        ok(
            self.api.post(
                f"{self.base}/api/cases",
                json={"subject": subject, "contact_id": contact_id, "body_text": body},
            ),
            201,
        )


DATATABLE_URL = re.compile(r"datatables_ticket_list/([A-Za-z0-9+/=_-]+)")


class Helpdesk:
    def __init__(self, token: str, queue: int) -> None:
        self.base = f"http://127.0.0.1:{HD_PORT}"
        self.session = logged_in(HD_PORT)
        self.api = requests.Session()
        self.api.headers["Authorization"] = f"Token {token}"
        self.queue = queue

    def _page_and_rows(self, params: dict[str, str]) -> None:
        page = ok(
            self.session.get(f"{self.base}/helpdesk/tickets/", params=params, allow_redirects=False)
        )
        query = DATATABLE_URL.search(page.text)
        if query is None:
            raise RuntimeError("no datatables URL on helpdesk's ticket list")
        # What DataTables sends for the first page (default sort: column 5, created).
        rows = ok(
            self.session.get(
                f"{self.base}/helpdesk/datatables_ticket_list/{query.group(1)}",
                params={
                    "draw": "1",
                    "start": "0",
                    "length": "25",
                    "order[0][column]": "5",
                    "order[0][dir]": "asc",
                    "search[value]": "",
                },
                allow_redirects=False,
            )
        )
        rows.json()

    def list_page(self) -> None:
        self._page_and_rows({})

    def search(self, words: str) -> None:
        self._page_and_rows({"q": words})

    def create(self, subject: str, body: str, contact_id: int, email: str) -> None:
        ok(
            self.api.post(
                f"{self.base}/helpdesk/api/tickets/",
                json={
                    "queue": self.queue,
                    "title": subject,
                    "description": body,
                    "submitter_email": email,
                    "priority": 3,
                },
            ),
            201,
        )


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> tuple[int, float] | None:
    """(process group, CPU seconds used so far) of a process, None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    # After the command: state, ppid, pgrp, ..., utime (12th) and stime (13th).
    return int(fields[2]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@dataclass
class App:
    """One side of the comparison: its server processes and its database's backends."""

    server: Server
    db: str

    def cpu(self) -> dict[int, float]:
        """CPU seconds so far of every process serving this app: gunicorn's master and
        workers (one process group) and the PostgreSQL backends connected to its database."""
        with psycopg.connect(f"{PG}/postgres") as conn:
            backends = {
                pid for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.db])
            }  # fmt: skip
        used = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            found = _process_cpu(int(entry.name))
            if found and (found[0] == self.server.proc.pid or int(entry.name) in backends):
                used[int(entry.name)] = found[1]
        return used


def _cpu_since(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def timed_pair(
    rounds: int,
    warmup: int,
    rt_call: Callable[[int], None],
    hd_call: Callable[[int], None],
    apps: tuple[App, App] | None = None,
) -> tuple[list[float], list[float], tuple[float, float] | None]:
    """Alternate which app goes first, so drift in machine load hits both alike.

    With `apps`, also the CPU milliseconds per request each app used (its server
    and its database backends), over all rounds, warm-up included."""
    samples: dict[str, list[float]] = {"rt": [], "hd": []}
    calls = {"rt": rt_call, "hd": hd_call}
    before = [app.cpu() for app in apps] if apps else []
    for i in range(warmup + rounds):
        for name in ("rt", "hd") if i % 2 == 0 else ("hd", "rt"):
            started = time.perf_counter()
            calls[name](i)
            elapsed = (time.perf_counter() - started) * 1000
            if i >= warmup:
                samples[name].append(elapsed)
    cpu = None
    if apps:
        per_request = 1000 / (warmup + rounds)
        rt_cpu, hd_cpu = (
            _cpu_since(was, app.cpu()) * per_request for app, was in zip(apps, before, strict=True)
        )
        cpu = (rt_cpu, hd_cpu)
    return samples["rt"], samples["hd"], cpu


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def row(
    label: str,
    rt: list[float],
    hd: list[float],
    cpu: tuple[float, float] | None = None,
    per_second: bool = False,
) -> dict:
    result = {"row": label, "rt_p50": pct(rt, 0.5), "rt_p95": pct(rt, 0.95),
              "hd_p50": pct(hd, 0.5), "hd_p95": pct(hd, 0.95), "n": len(rt)}  # fmt: skip
    if cpu is not None:
        result["rt_cpu_ms"], result["hd_cpu_ms"] = cpu
    if per_second:
        result["rt_per_s"] = 1000 / statistics.mean(rt)
        result["hd_per_s"] = 1000 / statistics.mean(hd)
    return result


# --- the run --------------------------------------------------------------------


def contacts(rt_db: str, count: int) -> list[tuple[int, str]]:
    with psycopg.connect(f"{PG}/{rt_db}") as conn:
        return conn.execute(
            "SELECT id, email FROM customers_contact WHERE email <> '' ORDER BY id LIMIT %s",
            [count]).fetchall()  # fmt: skip


def measure_size(
    size: int, args: argparse.Namespace, results: list[dict], datasets: dict[int, dict]
) -> None:
    rt_db = prepare_rightthere(size)
    hd_db, hd_cred = prepare_helpdesk(size, rt_db)
    datasets[size] = dataset_summary(rt_db, hd_db)
    rt_token = subprocess.run(
        [str(RT_PYTHON), "-c", MAKE_RT_API_KEY, USERNAME],
        env=rt_env(rt_db),
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
    ).stdout.strip()
    servers: tuple[Server, ...] = ()
    try:
        servers = start_servers(rt_db, hd_db, args.workers)
        rt, hd = Rightthere(rt_token), Helpdesk(str(hd_cred["token"]), int(hd_cred["queue"]))
        apps = (App(servers[0], rt_db), App(servers[1], hd_db))
        label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
        print(f"Measuring {label}...", flush=True)
        r, h, cpu = timed_pair(
            args.requests, READ_WARMUP, lambda i: rt.list_page(), lambda i: hd.list_page(), apps
        )
        results.append(row(f"staff list view, {label} cases", r, h, cpu))
        r, h, cpu = timed_pair(
            args.requests,
            READ_WARMUP,
            lambda i: rt.list_page_and_counts(),
            lambda i: hd.list_page(),
            apps,
        )
        results.append(row(f"staff list view + Rightthere's view counts, {label} cases", r, h, cpu))
        for word in SEARCH_WORDS:
            r, h, cpu = timed_pair(
                args.requests,
                READ_WARMUP,
                lambda i, w=word: rt.search(w),
                lambda i, w=word: hd.search(w),
                apps,
            )
            results.append(row(f'search "{word}", {label} cases', r, h, cpu))
        if size == min(args.sizes):
            people = contacts(rt_db, args.creates + 3)
            subjects = [f"Versus benchmark {n}: boiler pressure drops overnight"
                        for n in range(len(people))]  # fmt: skip
            body = "The boiler loses pressure every night and the radiators go cold."

            def create(app: Rightthere | Helpdesk) -> Callable[[int], None]:
                return lambda i: app.create(subjects[i], body, *people[i])

            r, h, cpu = timed_pair(args.creates, 3, create(rt), create(hd), apps)
            results.append(row(f"create via API, {label} cases", r, h, cpu, per_second=True))
    finally:
        for server in servers:
            server.stop()


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    pg = scalar("postgres", "SHOW server_version")
    return (
        f"CPU {cpu}; cores {os.cpu_count()}; OS {platform.platform()}; "
        f"Python {platform.python_version()}; PostgreSQL {pg}; load average at start {load}"
    )


def table(results: list[dict]) -> str:
    lines = [
        "| row | Rightthere p50 ms | p95 ms | django-helpdesk p50 ms | p95 ms "
        "| ratio p50 (helpdesk / Rightthere) | ratio p95 "
        "| CPU ms per request, Rightthere / helpdesk (server + PostgreSQL) | ratio CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        extra = ""
        if "rt_per_s" in r:
            extra = f" ({r['rt_per_s']:.1f}/s vs {r['hd_per_s']:.1f}/s, sequential)"
        cpu = "| – | – |"
        if "rt_cpu_ms" in r:
            cpu = (
                f"| {r['rt_cpu_ms']:.1f} / {r['hd_cpu_ms']:.1f} "
                f"| {r['hd_cpu_ms'] / r['rt_cpu_ms']:.2f}× |"
            )
        lines.append(
            f"| {r['row']}{extra} | {r['rt_p50']:.1f} | {r['rt_p95']:.1f} | {r['hd_p50']:.1f} "
            f"| {r['hd_p95']:.1f} | {r['hd_p50'] / r['rt_p50']:.2f}× "
            f"| {r['hd_p95'] / r['rt_p95']:.2f}× {cpu}"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="comma-separated: any of 10000, 100000, 1000000"
    )
    parser.add_argument("--requests", type=int, default=40, help="timed requests per row")
    parser.add_argument("--creates", type=int, default=100, help="POSTs per app")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app")
    parser.add_argument(
        "--helpdesk-prepared-statements",
        action="store_true",
        help="serve helpdesk with Rightthere's PostgreSQL options too (server-side binding, "
        "prepare_threshold=5) instead of Django's defaults",
    )
    args = parser.parse_args(argv)
    os.environ["HD_PREPARED_STATEMENTS"] = "1" if args.helpdesk_prepared_statements else "0"
    args.sizes = sorted(int(s) for s in args.sizes.split(","))
    started = datetime.now(UTC)
    machine_line = machine()
    ensure_rightthere_gunicorn()
    ensure_helpdesk_venv()
    write_host_project()
    helpdesk(["-m", "django", "collectstatic", "--noinput", "-v0"], "postgres")
    subprocess.run(
        [str(RT_PYTHON), "-m", "django", "collectstatic", "--noinput", "-v0"],
        env=rt_env(RT_DATABASES[args.sizes[0]]),
        cwd=ROOT,
        check=True,
    )
    results: list[dict] = []
    datasets: dict[int, dict] = {}
    for size in args.sizes:
        measure_size(size, args, results, datasets)
    report = table(results)
    print(report)
    print(json.dumps(datasets, indent=1))
    (VAR / "versus-results.json").write_text(json.dumps({
        "started": f"{started:%Y-%m-%d %H:%M} UTC", "machine": machine_line,
        "command": "python benchmarks/versus_django_helpdesk.py " + " ".join(argv),
        "results": results, "datasets": datasets}, indent=1))  # fmt: skip
    print(f"Machine: {machine_line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

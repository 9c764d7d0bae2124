"""Rightthere against django-helpdesk: same data, same server, same client, same work.

    .venv/bin/python benchmarks/versus_django_helpdesk.py                 # 10k and 100k
    .venv/bin/python benchmarks/versus_django_helpdesk.py --sizes 10000 --quick
    .venv/bin/python benchmarks/versus_django_helpdesk.py --sizes 10000,100000,1000000

What it does, from scratch on each machine:

1. Creates var/bench-helpdesk-venv and pip-installs a pinned django-helpdesk
   (HELPDESK_REQUIREMENTS below) with the Django it pulls in; installs the same
   gunicorn into Rightthere's venv if it is missing there.
2. Generates a minimal host project for it in var/bench-helpdesk/ (DEBUG off,
   PostgreSQL, whitenoise, helpdesk's UI under /helpdesk/ and its DRF API
   under /helpdesk/api/, DRF token auth so no password hashing per request).
   helpdesk gets the same database options as Rightthere (persistent connections,
   health checks, server-side binding with prepare_threshold=5) unless
   --helpdesk-django-db-defaults gives it Django's defaults.
3. For each size, a Rightthere database loaded by benchmarks/dataset.py
   (--rt-databases; by default 10k: rt_bench_vs_10k, built here; 100k: rt_bench;
   1M: rt_bench_1m, as the inbox benchmark leaves them) and a helpdesk database
   <--hd-database-prefix><size> that gets the same rows copied over with COPY by
   a process in helpdesk's venv: every case becomes a Ticket (same subject, first
   message as description, contact e-mail as submitter, status and priority
   mapped, same dates and assignee), every message a FollowUp, every staff user
   an auth user with the same password hash.
4. Checks that --rt-port and --hd-port are free (it stops, naming what holds
   a port, rather than time whatever answers there), serves both with gunicorn
   (same version, same worker count, sync workers) and times them with the same
   client. Sequential rows (c=1) alternate which app goes first on every
   request; concurrent rows (c=8) run the apps one after the other in the
   order Rightthere, helpdesk, helpdesk, Rightthere. For each row it also
   reads, from /proc, the CPU time each app used: its gunicorn processes and
   the PostgreSQL backends connected to its database.
5. Rows: the staff list, list + Rightthere's view counts, search (a common and
   a rare word), the case page (Rightthere's case page, helpdesk's ticket view,
   both as an agent), creation through each app's public web form (a mix of
   bodies: neutral, question, upset, long ~3 KB, one with a ~100 KB
   attachment; both apps acknowledge the customer by mail: helpdesk renders and
   sends its mails inside the request, Rightthere queues the acknowledgement in the
   request's transaction and its worker writes and sends it, so after the creation
   rows the worker is run once over what they queued and its CPU per task is
   reported beside them, "left to the worker") and
   through each API (the same bodies without the file); list, search and both
   creations also at c=8 (req/s and p95). Next to creation, pgbench -N with 8
   clients on a scratch database (--pgbench-database) gives what PostgreSQL
   itself does on this machine in the same run.

Only the Rightthere databases named above, the helpdesk databases and the pgbench
database are touched; rt_bench_vs_* and the helpdesk databases are dropped and
rebuilt when their row count does not match.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serving import (  # noqa: E402 - after the path above
    GUNICORN,
    Server,
    Timed,
    add_http_options,
    commit,
    ensure_gunicorn,
    ensure_port_free,
    gunicorn_argv,
    load_average,
    logged_in,
    parse_http_args,
    pct,
    run_concurrent,
    served_source,
    start_server,
    with_cookies_of,
)

VAR = ROOT / "var"
HD_VENV = VAR / "bench-helpdesk-venv"
HD_HOST = VAR / "bench-helpdesk"
RT_PYTHON = ROOT / ".venv" / "bin" / "python"
# The PostgreSQL server (no database name); --pg-url.
PG = "postgres://postgres@127.0.0.1:5432"
# Rightthere's code as served: the working tree, or a commit's export (--rt-commit).
RT_SRC = ROOT / "src"
# 2.6.1 is the newest release and installs with Django 5.2 (it requires >= 5.2).
HELPDESK_REQUIREMENTS = [
    "django-helpdesk==2.6.1",
    "Django==5.2.19",
    "djangorestframework==3.18.3",
    "psycopg[binary]==3.3.9",
    GUNICORN,
    "whitenoise==6.12.0",
]
RT_DATABASES = "10000=rt_bench_vs_10k,100000=rt_bench,1000000=rt_bench_1m"
HD_DATABASE_PREFIX = "hd_bench_vs_"
USERNAME, PASSWORD = "bench-owner", "rightthere-bench"  # from benchmarks/dataset.py
AGENT = "bench-agent-01"  # an agent of benchmarks/dataset.py: staff on both sides
RT_PORT, HD_PORT = 8611, 8612
SEARCH_WORDS = ("boiler", "chandelier")
# Enough untimed rounds that every gunicorn worker has served each page once
# (a worker's first request of a page loads templates and code).
READ_WARMUP = 10


# --- helpdesk's environment and host project -------------------------------


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
    "USER": os.environ["HD_DB_USER"], "PASSWORD": os.environ.get("HD_DB_PASSWORD", ""),
    "HOST": os.environ["HD_DB_HOST"], "PORT": os.environ["HD_DB_PORT"],
}}
# Rightthere's options (rightthere/settings.py) unless --helpdesk-django-db-defaults.
if os.environ.get("HD_SAME_DB_OPTIONS", "1") == "1":
    DATABASES["default"].update({"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"server_side_binding": True, "prepare_threshold": 5}})
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
        host=os.environ["HD_DB_HOST"], port=os.environ["HD_DB_PORT"],
        user=os.environ["HD_DB_USER"], password=os.environ.get("HD_DB_PASSWORD", ""),
        dbname=os.environ["HD_DB"]) as dst:
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


def hd_env(db: str) -> dict[str, str]:
    """helpdesk's host project reads its database from these (--pg-url)."""
    server = urlsplit(PG)
    return {**os.environ, "HD_DB": db, "HD_DB_HOST": server.hostname or "127.0.0.1",
            "HD_DB_PORT": str(server.port or 5432), "HD_DB_USER": server.username or "postgres",
            "HD_DB_PASSWORD": server.password or "", "DJANGO_SETTINGS_MODULE": "hostdesk.settings",
            "PYTHONPATH": str(HD_HOST)}  # fmt: skip


def helpdesk(args: list[str], db: str, capture: bool = False) -> str:
    env = hd_env(db)
    done = subprocess.run([str(HD_VENV / "bin" / "python"), *args], cwd=HD_HOST, env=env,
                          check=True, text=True, capture_output=capture)  # fmt: skip
    return done.stdout if capture else ""


def rt_env(db: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"{PG}/{db}", "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-" + "x" * 40, "SECURE_COOKIES": "0",
            "STATIC_ROOT": str(VAR / "bench-rightthere-static"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SETTINGS_MODULE": "rightthere.settings",
            # The web form's limit per address (5 per 15 minutes) would refuse the benchmark,
            # whose every request comes from 127.0.0.1; the check itself still runs.
            "WEB_FORM_MAX_PER_IP": "1000000",
            "PYTHONPATH": str(RT_SRC)}  # fmt: skip


# --- databases --------------------------------------------------------------


def scalar(db: str, sql: str, params: tuple[object, ...] = ()) -> object:
    try:
        with psycopg.connect(f"{PG}/{db}") as conn:
            row = conn.execute(sql, params).fetchone()
            return row[0] if row else None
    except psycopg.Error:
        return None


def recreate(db: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def prepare_rightthere(size: int, databases: dict[int, str]) -> str:
    db = databases[size]
    have = scalar(db, "SELECT count(*) FROM cases_case")
    # Cases opened by earlier runs of this benchmark stay: fewer than `size` means rebuild.
    if have is None or (db.startswith("rt_bench_vs_") and int(str(have)) < size):
        if not db.startswith("rt_bench_vs_"):
            sys.exit(
                f"{db} is missing: build it with benchmarks/inbox.py --cases {size} "
                f"--requests 0 --database-url {PG}/{db}"
            )
        print(f"Loading {size:,} cases into {db} (benchmarks/inbox.py)...", flush=True)
        subprocess.run([str(RT_PYTHON), "benchmarks/inbox.py", "--cases", str(size),
                        "--requests", "0", "--no-docs", "--database-url", f"{PG}/{db}"],
                       cwd=ROOT, check=True)  # fmt: skip
    return db


def prepare_helpdesk(size: int, rt_db: str, prefix: str) -> tuple[str, dict[str, object]]:
    db = f"{prefix}{size // 1000}k"
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


def start_servers(rt_db: str, hd_db: str, args: argparse.Namespace) -> tuple[Server, Server]:
    rt = start_server(
        "rightthere",
        gunicorn_argv(ROOT / ".venv", "rightthere.wsgi:application", args.rt_port, args.workers),
        rt_env(rt_db),
        ROOT,
        args.rt_port,
        VAR / "versus-rightthere.log",
        "--rt-port",
    )
    try:
        hd = start_server(
            "helpdesk",
            gunicorn_argv(HD_VENV, "hostdesk.wsgi:application", args.hd_port, args.workers),
            hd_env(hd_db),
            HD_HOST,
            args.hd_port,
            VAR / "versus-helpdesk.log",
            "--hd-port",
        )
    except BaseException:
        rt.stop()
        raise
    return rt, hd


# --- clients: what a staff user and a customer wait for -----------------------


def ok(reply: requests.Response, status: int = 200) -> requests.Response:
    if reply.status_code != status:
        raise RuntimeError(
            f"{reply.request.method} {reply.url}: {reply.status_code} {reply.text[:300]}"
        )
    return reply


# The bodies of new cases, in turn: what customers write. The upset one reads as upset
# to Rightthere (repeat contact, broken promise, threat, strong words, capitals), so
# its creations take the complaint path: priority raised, the desk told.
LONG_BODY = " ".join(
    [
        "Since the engineer's visit last month the boiler has been losing pressure, "
        "usually overnight, and by the morning the gauge reads below half a bar.",
        "I top it up with the filling loop as the manual says, the radiators warm up for a "
        "few hours, and then the pressure drops again.",
        "There is no visible leak under the boiler or around the radiators; the pressure "
        "relief pipe outside sometimes drips after I have topped it up.",
        "The expansion vessel was not checked at the service as far as I can tell.",
    ]
    * 6
)[:3000]
BODIES = (
    ("neutral", "The boiler loses pressure every night and the radiators go cold."),
    (
        "question",
        "Could you tell me whether the annual service covers the expansion vessel? "
        "Can the engineer come on a Saturday morning?",
    ),
    (
        "upset",
        "This is the third time I am writing about the boiler. It is STILL not fixed and "
        "nobody called back as you promised. This is absolutely unacceptable. Sort it out "
        "today or I cancel the contract.",
    ),
    ("long", LONG_BODY),
    ("attachment", "A photo of the pressure gauge this morning is attached."),
)
# A ~100 KB file for the body that has one: the same bytes on both sides.
ATTACHMENT = ("pressure-gauge.jpg", random.Random(23).randbytes(100 * 1024), "image/jpeg")


def body_of(n: int) -> tuple[str, str, bool]:
    """Creation number n's kind, body, and whether it carries the file."""
    kind, body = BODIES[n % len(BODIES)]
    return kind, body, kind == "attachment"


@dataclass
class Creations:
    """What creation number n sends: a subject unique to this run, a known customer."""

    prefix: str
    people: list[tuple[int, str, str]]  # contact id, name, e-mail

    def subject(self, n: int) -> str:
        return f"{self.prefix} {n}: boiler pressure drops overnight"

    def person(self, n: int) -> tuple[int, str, str]:
        return self.people[n % len(self.people)]


class Side:
    """One app's HTTP client: a session per role (owner, agent, public), and its API."""

    name = ""

    def __init__(self, port: int, api_headers: dict[str, str], creations: Creations) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.creations = creations
        self.sessions = self.log_in()
        self.api = requests.Session()
        self.api.headers.update(api_headers)

    form_path = ""  # the public form (its CSRF cookie)
    agent_login = ""  # where an agent (not Django staff on Rightthere) logs in

    def log_in(self) -> dict[str, requests.Session]:
        public = requests.Session()
        ok(public.get(f"{self.base}{self.form_path}"))
        return {
            "owner": logged_in(self.base, "/admin/login/", USERNAME, PASSWORD),
            "agent": logged_in(self.base, self.agent_login, AGENT, PASSWORD),
            "public": public,
        }

    # The requests of the rows, the same on both sides.
    def list_page(self) -> None:
        raise NotImplementedError

    def search(self, words: str) -> None:
        raise NotImplementedError

    def case_page(self, case_id: int) -> None:
        raise NotImplementedError

    def create_api(self, n: int) -> None:
        raise NotImplementedError

    def create_form(self, n: int) -> None:
        raise NotImplementedError

    def clone(self) -> Side:
        """The same logins in new sessions: one per concurrent client."""
        twin = copy.copy(self)
        twin.sessions = {role: with_cookies_of(s) for role, s in self.sessions.items()}
        twin.api = with_cookies_of(self.api)
        return twin


class Rightthere(Side):
    name = "rightthere"
    form_path, agent_login = "/contact", "/login/"

    def list_page(self) -> None:
        ok(self.sessions["owner"].get(f"{self.base}/", allow_redirects=False))

    def list_page_and_counts(self) -> None:
        """The inbox fetches its per-view counts with a second request (htmx)."""
        self.list_page()
        ok(self.sessions["owner"].get(f"{self.base}/inbox/counts/", allow_redirects=False))

    def search(self, words: str) -> None:
        ok(self.sessions["owner"].get(f"{self.base}/", params={"q": words},
                                      allow_redirects=False))  # fmt: skip

    def case_page(self, case_id: int) -> None:
        ok(self.sessions["agent"].get(f"{self.base}/cases/{case_id}/", allow_redirects=False))

    def create_api(self, n: int) -> None:
        contact_id, _, _ = self.creations.person(n)
        ok(self.api.post(f"{self.base}/api/cases", json={
            "subject": self.creations.subject(n), "contact_id": contact_id,
            "body_text": body_of(n)[1]}), 201)  # fmt: skip

    def create_form(self, n: int) -> None:
        """The public contact form: opens the case and queues its acknowledgement in the
        same transaction; the worker writes and sends it (`deferred_work`, after the rows)."""
        _, name, email = self.creations.person(n)
        _, body, with_file = body_of(n)
        public = self.sessions["public"]
        reply = ok(public.post(
            f"{self.base}/contact",
            data={"name": name, "email": email, "subject": self.creations.subject(n),
                  "message": body, "website": "",
                  "csrfmiddlewaretoken": public.cookies["csrftoken"]},
            files={"attachments": ATTACHMENT} if with_file else None,
            allow_redirects=False))  # fmt: skip
        if 'name="message"' in reply.text:  # the form again: refused
            raise RuntimeError(f"Rightthere's contact form refused creation {n}")


DATATABLE_URL = re.compile(r"datatables_ticket_list/([A-Za-z0-9+/=_-]+)")


class Helpdesk(Side):
    name = "helpdesk"
    form_path, agent_login = "/helpdesk/tickets/submit/", "/helpdesk/login/"

    def __init__(
        self, port: int, api_headers: dict[str, str], creations: Creations, queue: int
    ) -> None:
        self.queue = queue
        super().__init__(port, api_headers, creations)

    def _page_and_rows(self, params: dict[str, str]) -> None:
        session = self.sessions["owner"]
        page = ok(
            session.get(f"{self.base}/helpdesk/tickets/", params=params, allow_redirects=False)
        )
        query = DATATABLE_URL.search(page.text)
        if query is None:
            raise RuntimeError("no datatables URL on helpdesk's ticket list")
        # What DataTables sends for the first page (default sort: column 5, created).
        rows = ok(
            session.get(
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

    def case_page(self, case_id: int) -> None:
        ok(self.sessions["agent"].get(f"{self.base}/helpdesk/tickets/{case_id}/",
                                      allow_redirects=False))  # fmt: skip

    def create_api(self, n: int) -> None:
        _, _, email = self.creations.person(n)
        ok(self.api.post(f"{self.base}/helpdesk/api/tickets/", json={
            "queue": self.queue, "title": self.creations.subject(n),
            "description": body_of(n)[1], "submitter_email": email, "priority": 3}), 201)  # fmt: skip

    def create_form(self, n: int) -> None:
        """The public submission form: opens the ticket and sends the submitter its
        `newticket_submitter` mail (to Django's dummy backend) in the request. Its answer
        is a redirect to the public ticket view, which is not followed (Rightthere's
        answer is its thanks page, rendered in the request)."""
        _, _, email = self.creations.person(n)
        _, body, with_file = body_of(n)
        public = self.sessions["public"]
        ok(public.post(
            f"{self.base}/helpdesk/tickets/submit/",
            data={"queue": self.queue, "title": self.creations.subject(n), "body": body,
                  "submitter_email": email, "priority": 3,
                  "csrfmiddlewaretoken": public.cookies["csrftoken"]},
            files={"attachment": ATTACHMENT} if with_file else None,
            allow_redirects=False), 302)  # fmt: skip


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


def every(call: Callable[[], None]) -> Callable[[int], None]:
    """The same request whatever the round."""
    return lambda i: call()


def concurrent_pair(
    total: int,
    clients: int,
    sides: tuple[Side, Side],
    call: Callable[[Side, int], None],
    apps: tuple[App, App],
    first: int = 0,
) -> tuple[Timed, Timed, tuple[float, float]]:
    """`total` requests per app over `clients` concurrent clients, the apps one after
    the other in the order Rightthere, helpdesk, helpdesk, Rightthere (half each time),
    so drift in machine load hits both; call number n gets first + n, the same on both
    sides. Also the CPU milliseconds per request each app used (server + PostgreSQL)."""
    timed = (Timed(), Timed())
    cpu = [0.0, 0.0]
    half = total // 2
    for block, i in enumerate((0, 1, 1, 0)):
        start = first + (block // 2) * half

        def one(side: Side, n: int, start: int = start) -> None:
            call(side, start + n)

        before = apps[i].cpu()
        timed[i].add(run_concurrent(sides[i].clone, one, half, clients))
        cpu[i] += _cpu_since(before, apps[i].cpu())
    done = max(len(timed[0].latencies), 1)
    return timed[0], timed[1], (cpu[0] * 1000 / done, cpu[1] * 1000 / done)


def row(
    label: str,
    rt: list[float],
    hd: list[float],
    cpu: tuple[float, float] | None = None,
    load: str = "",
) -> dict:
    result = {"row": label, "clients": 1, "rt_p50": pct(rt, 0.5), "rt_p95": pct(rt, 0.95),
              "hd_p50": pct(hd, 0.5), "hd_p95": pct(hd, 0.95), "n": len(rt),
              "rt_per_s": 1000 / statistics.mean(rt), "hd_per_s": 1000 / statistics.mean(hd),
              "load": load}  # fmt: skip
    if cpu is not None:
        result["rt_cpu_ms"], result["hd_cpu_ms"] = cpu
    return result


def concurrent_row(
    label: str, clients: int, rt: Timed, hd: Timed, cpu: tuple[float, float], load: str
) -> dict:
    return {"row": label, "clients": clients, "n": len(rt.latencies),
            "rt_p50": rt.p(0.5), "rt_p95": rt.p(0.95), "hd_p50": hd.p(0.5), "hd_p95": hd.p(0.95),
            "rt_per_s": rt.per_second, "hd_per_s": hd.per_second,
            "rt_cpu_ms": cpu[0], "hd_cpu_ms": cpu[1], "load": load}  # fmt: skip


# --- pgbench: what PostgreSQL itself does on this machine ----------------------


def run_pgbench(args: argparse.Namespace) -> dict[str, Any]:
    """pgbench -N (the TPC-B-like transaction without the branch and teller updates that
    make every client wait on the same rows) on its own scratch database, built once
    with `pgbench -i -s <scale>`."""
    server = urlsplit(PG)
    conn = ["-h", server.hostname or "127.0.0.1", "-p", str(server.port or 5432),
            "-U", server.username or "postgres"]  # fmt: skip
    env = {**os.environ, "PGPASSWORD": server.password or ""}
    db = args.pgbench_database
    if scalar(db, "SELECT count(*) FROM pgbench_branches") != args.pgbench_scale:
        print(f"Building {db} (pgbench -i -s {args.pgbench_scale})...", flush=True)
        recreate(db)
        subprocess.run(["pgbench", *conn, "-i", "-q", "-s", str(args.pgbench_scale), db],
                       env=env, check=True, capture_output=True)  # fmt: skip
    command = ["pgbench", *conn, "-N", "-c", str(args.pgbench_clients), "-j", "2",
               "-T", str(args.pgbench_seconds), db]  # fmt: skip
    load = load_average()
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", done.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    if tps is None or latency is None:
        raise RuntimeError(f"pgbench said:\n{done.stdout}\n{done.stderr}")
    result = {"command": " ".join(command[:1] + command[7:]), "tps": float(tps.group(1)),
              "latency_ms": float(latency.group(1)), "clients": args.pgbench_clients,
              "seconds": args.pgbench_seconds, "scale": args.pgbench_scale, "load": load}  # fmt: skip
    print(f"pgbench -N: {result['tps']:.0f} tps, latency average {result['latency_ms']:.1f} ms "
          f"({args.pgbench_clients} clients, load average {load})", flush=True)  # fmt: skip
    return result


# --- the run --------------------------------------------------------------------


def run_worker_batch(rt_db: str) -> tuple[float, float]:
    """Run Rightthere's worker once over what is queued (`worker --batch`, as served: the
    same tree and settings), returning (CPU seconds of the worker process, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "django", "worker", "--batch",
         "--worker-id", "versus-benchmark"],
        # Mail goes to Django's dummy backend, as helpdesk's does in this benchmark.
        env={**rt_env(rt_db), "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"},
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, time.perf_counter() - started


def deferred_work(rt_db: str, idle: tuple[float, float]) -> dict[str, object]:
    """The work Rightthere's creations left to the background worker (the form's
    acknowledgement mail; anything else they queued): run the worker once over it and
    report its CPU per task beyond a run with nothing of theirs queued (the lower of `idle`,
    measured before the creation rows, and a run right after this one: process start-up,
    Django set-up, periodic jobs). The worker's PostgreSQL backend is not counted (it ends
    with the process)."""
    with psycopg.connect(f"{PG}/{rt_db}") as conn:
        by_task = dict(conn.execute(
            # django-tasks-db writes 9999-01-01 for "no run_after".
            "SELECT task_path, count(*) FROM django_tasks_database_dbtaskresult WHERE status = "
            "'READY' AND (run_after <= now() OR run_after >= '9999-01-01') GROUP BY task_path"
        ).fetchall())  # fmt: skip
    cpu, wall = run_worker_batch(rt_db)
    # Start-up measured again right after, with nothing queued and the periodic jobs just
    # run: the lower of the two idle runs is the cost that is not the creations' work.
    idle = min(idle, run_worker_batch(rt_db))
    tasks = sum(by_task.values())
    extra = max(cpu - idle[0], 0.0)
    return {
        "queued_tasks": tasks,
        "by_task": by_task,
        "worker_cpu_s": round(cpu, 2),
        "idle_worker_cpu_s": round(idle[0], 2),
        "cpu_ms_per_task": round(1000 * extra / tasks, 1) if tasks else None,
        "wall_s": round(wall, 2),
    }


def contacts(rt_db: str, count: int) -> list[tuple[int, str, str]]:
    with psycopg.connect(f"{PG}/{rt_db}") as conn:
        return conn.execute(
            "SELECT id, name, email FROM customers_contact WHERE email <> '' ORDER BY id LIMIT %s",
            [count]).fetchall()  # fmt: skip


def created(rt_db: str, hd_db: str, prefix: str) -> dict[str, object]:
    """How many cases this run opened on each side, and Rightthere's acknowledgements
    (stored mails of kind acknowledgement; helpdesk's go to its dummy mail backend)."""
    like = (f"{prefix} %",)
    return {
        "rt_cases": scalar(rt_db, "SELECT count(*) FROM cases_case WHERE subject LIKE %s", like),
        "rt_acknowledgements": scalar(
            rt_db,
            "SELECT count(*) FROM outbox_outboundmail m JOIN cases_case c ON c.id = m.case_id "
            "WHERE m.kind = 'acknowledgement' AND c.subject LIKE %s",
            like,
        ),
        "rt_attachments": scalar(
            rt_db,
            "SELECT count(*) FROM cases_attachment a JOIN cases_message m ON m.id = a.message_id "
            "JOIN cases_case c ON c.id = m.case_id WHERE c.subject LIKE %s",
            like,
        ),
        "rt_raised_to_high": scalar(
            rt_db,
            "SELECT count(*) FROM cases_case WHERE subject LIKE %s AND priority = 'high'",
            like,
        ),
        "hd_tickets": scalar(
            hd_db, "SELECT count(*) FROM helpdesk_ticket WHERE title LIKE %s", like
        ),
        "hd_attachments": scalar(
            hd_db,
            "SELECT count(*) FROM helpdesk_followupattachment a JOIN helpdesk_followup f "
            "ON f.id = a.followup_id JOIN helpdesk_ticket t ON t.id = f.ticket_id "
            "WHERE t.title LIKE %s",
            like,
        ),
    }


def measure_size(
    size: int, args: argparse.Namespace, report: dict[str, Any], databases: dict[int, str]
) -> None:
    rt_db = prepare_rightthere(size, databases)
    # A database loaded by an earlier run lacks the served commit's newer migrations.
    subprocess.run([str(RT_PYTHON), "-m", "django", "migrate", "--no-input", "-v", "0"],
                   env=rt_env(rt_db), cwd=ROOT, check=True)  # fmt: skip
    hd_db, hd_cred = prepare_helpdesk(size, rt_db, args.hd_database_prefix)
    report["datasets"][size] = dataset_summary(rt_db, hd_db)
    results = report["results"]
    rt_token = subprocess.run(
        [str(RT_PYTHON), "-c", MAKE_RT_API_KEY, USERNAME],
        env=rt_env(rt_db),
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=True,
    ).stdout.strip()
    prefix = f"Versus {datetime.now(UTC):%Y%m%d%H%M%S}"
    creations = Creations(prefix, contacts(rt_db, 200))
    first_case = int(str(scalar(rt_db, "SELECT min(id) FROM cases_case")))
    last_case = int(str(scalar(rt_db, "SELECT max(id) FROM cases_case")))
    servers: tuple[Server, ...] = ()
    try:
        servers = start_servers(rt_db, hd_db, args)
        rt = Rightthere(args.rt_port, {"Authorization": f"Bearer {rt_token}"}, creations)
        hd = Helpdesk(args.hd_port, {"Authorization": f"Token {hd_cred['token']}"}, creations,
                      int(str(hd_cred["queue"])))  # fmt: skip
        sides = (rt, hd)
        apps = (App(servers[0], rt_db), App(servers[1], hd_db))
        label = f"{size // 1000}k" if size < 1_000_000 else f"{size // 1_000_000}M"
        print(f"Measuring {label}...", flush=True)

        def sequential(name: str, rt_call: Callable[[int], None],
                       hd_call: Callable[[int], None], rounds: int = args.requests,
                       warmup: int = READ_WARMUP) -> None:  # fmt: skip
            load = load_average()
            r, h, cpu = timed_pair(rounds, warmup, rt_call, hd_call, apps)
            results.append(row(f"{name}, {label} cases", r, h, cpu, load))
            print(f"  {results[-1]['row']}: {results[-1]['hd_p50'] / results[-1]['rt_p50']:.2f}×",
                  flush=True)  # fmt: skip

        def concurrent(name: str, call: Callable[[Side, int], None], first: int = 0) -> None:
            load = load_average()
            r, h, cpu = concurrent_pair(args.concurrent_requests, args.clients, sides, call,
                                        apps, first)  # fmt: skip
            results.append(concurrent_row(f"{name}, {label} cases", args.clients, r, h, cpu, load))
            print(f"  {results[-1]['row']} c={args.clients}: {r.per_second:.1f} vs "
                  f"{h.per_second:.1f} req/s", flush=True)  # fmt: skip

        sequential("staff list view", lambda i: rt.list_page(), lambda i: hd.list_page())
        sequential("staff list view + Rightthere's view counts",
                   lambda i: rt.list_page_and_counts(), lambda i: hd.list_page())  # fmt: skip
        for word in SEARCH_WORDS:
            sequential(f'search "{word}"', every(partial(rt.search, word)),
                       every(partial(hd.search, word)))  # fmt: skip
        picks = random.Random(args.seed)
        case_ids = [picks.randint(first_case, last_case)
                    for _ in range(READ_WARMUP + args.requests)]  # fmt: skip
        sequential("case page (agent)", lambda i: rt.case_page(case_ids[i]),
                   lambda i: hd.case_page(case_ids[i]))  # fmt: skip
        concurrent("staff list view", lambda side, n: side.list_page())
        concurrent('search "boiler"', lambda side, n: side.search("boiler"))
        if size == min(args.sizes):
            worker_before = run_worker_batch(rt_db)  # what was queued before; its start-up cost
            # Numbers 0..: c=1 form, c=1 API, c=8 form, c=8 API, each its own range.
            step = max(args.creates + 3, args.concurrent_requests)
            sequential("create via the public web form, mixed bodies, acknowledged",
                       lambda i: rt.create_form(i), lambda i: hd.create_form(i),
                       args.creates, 3)  # fmt: skip
            sequential("create via API, mixed bodies (no file)",
                       lambda i: rt.create_api(step + i), lambda i: hd.create_api(step + i),
                       args.creates, 3)  # fmt: skip
            concurrent(
                "create via the public web form, mixed bodies, acknowledged",
                lambda side, n: side.create_form(n),
                2 * step,
            )
            concurrent(
                "create via API, mixed bodies (no file)",
                lambda side, n: side.create_api(n),
                3 * step,
            )
            report["deferred"] = deferred_work(rt_db, worker_before)
            print(f"  left to the worker: {report['deferred']}", flush=True)
            report["created"] = created(rt_db, hd_db, prefix)
            print(f"  created: {report['created']}", flush=True)
            if not args.no_pgbench:
                report["pgbench"] = run_pgbench(args)
    finally:
        for server in servers:
            server.stop()


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    pg = scalar("postgres", "SHOW server_version")
    return (
        f"CPU {cpu}; cores {os.cpu_count()}; OS {platform.platform()}; "
        f"Python {platform.python_version()}; PostgreSQL {pg}; load average at start "
        f"{load_average()}"
    )


def table(results: list[dict]) -> str:
    lines = [
        "| row | clients | Rightthere p50 ms | p95 ms | req/s | django-helpdesk p50 ms | p95 ms "
        "| req/s | ratio p50 (helpdesk / Rightthere) | ratio p95 | ratio req/s "
        "| CPU ms per request, Rightthere / helpdesk (server + PostgreSQL) | ratio CPU "
        "| load average (1, 5, 15 min) at the row's start |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        cpu = "| – | – |"
        if "rt_cpu_ms" in r:
            cpu = (
                f"| {r['rt_cpu_ms']:.1f} / {r['hd_cpu_ms']:.1f} "
                f"| {r['hd_cpu_ms'] / r['rt_cpu_ms']:.2f}× |"
            )
        lines.append(
            f"| {r['row']} | {r['clients']} | {r['rt_p50']:.1f} | {r['rt_p95']:.1f} "
            f"| {r['rt_per_s']:.1f} | {r['hd_p50']:.1f} | {r['hd_p95']:.1f} | {r['hd_per_s']:.1f} "
            f"| {r['hd_p50'] / r['rt_p50']:.2f}× | {r['hd_p95'] / r['rt_p95']:.2f}× "
            f"| {r['rt_per_s'] / r['hd_per_s']:.2f}× {cpu} {r['load']} |"
        )
    return "\n".join(lines)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="comma-separated: any of 10000, 100000, 1000000"
    )
    parser.add_argument("--requests", type=int, default=40, help="timed requests per c=1 row")
    parser.add_argument("--creates", type=int, default=100, help="c=1 creations per app and door")
    add_http_options(
        parser,
        {"--requests": 15, "--creates": 25, "--concurrent-requests": 48},
    )
    parser.add_argument("--rt-port", type=int, default=RT_PORT, help=f"Rightthere's ({RT_PORT})")
    parser.add_argument("--hd-port", type=int, default=HD_PORT, help=f"helpdesk's ({HD_PORT})")
    parser.add_argument("--pg-url", default=PG, help=f"the PostgreSQL server, no database ({PG})")
    parser.add_argument("--rt-databases", default=RT_DATABASES,
                        help=f"Rightthere's database per size ({RT_DATABASES})")  # fmt: skip
    parser.add_argument("--hd-database-prefix", default=HD_DATABASE_PREFIX,
                        help=f"helpdesk's databases: <prefix><size/1000>k ({HD_DATABASE_PREFIX})")  # fmt: skip
    parser.add_argument(
        "--helpdesk-django-db-defaults",
        action="store_true",
        help="serve helpdesk with Django's database defaults (no persistent connections, values "
        "in the SQL text) instead of Rightthere's options",
    )
    parser.add_argument("--no-pgbench", action="store_true", help="skip the pgbench -N row")
    parser.add_argument("--pgbench-database", default="pgbench_bench")
    parser.add_argument("--pgbench-scale", type=int, default=10)
    parser.add_argument("--pgbench-clients", type=int, default=8)
    parser.add_argument("--pgbench-seconds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=23)
    args = parse_http_args(parser, argv)
    args.sizes = sorted(int(s) for s in args.sizes.split(","))
    return args


def main(argv: list[str]) -> int:
    global PG, RT_SRC
    args = parse_args(argv)
    PG = args.pg_url.rstrip("/")
    RT_SRC, rt_code = served_source(args.rt_commit)
    databases = {int(size): name for size, name in
                 (pair.split("=") for pair in args.rt_databases.split(","))}  # fmt: skip
    missing = [size for size in args.sizes if size not in databases]
    if missing:
        sys.exit(f"No Rightthere database for size {missing} in --rt-databases")
    # Fail early, before minutes of preparation; checked again right before each start.
    ensure_port_free(args.rt_port, "rightthere", "--rt-port")
    ensure_port_free(args.hd_port, "helpdesk", "--hd-port")
    os.environ["HD_SAME_DB_OPTIONS"] = "0" if args.helpdesk_django_db_defaults else "1"
    if args.clients > 1 and args.concurrent_requests < 2 * args.clients:
        sys.exit("--concurrent-requests must be at least twice --clients")
    report: dict[str, Any] = {
        "started": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "commit": rt_code,
        "benchmark_tree": commit(),
        "machine": machine(),
        "command": ".venv/bin/python benchmarks/versus_django_helpdesk.py " + " ".join(argv),
        "helpdesk_db_options": "Django defaults"
        if args.helpdesk_django_db_defaults
        else "Rightthere's (CONN_MAX_AGE=60, health checks, server-side binding, "
        "prepare_threshold=5)",
        "results": [],
        "datasets": {},
    }
    ensure_gunicorn(RT_PYTHON)
    ensure_helpdesk_venv()
    write_host_project()
    helpdesk(["-m", "django", "collectstatic", "--noinput", "-v0"], "postgres")
    subprocess.run(
        [str(RT_PYTHON), "-m", "django", "collectstatic", "--noinput", "-v0"],
        env=rt_env(databases[args.sizes[0]]),
        cwd=ROOT,
        check=True,
    )
    for size in args.sizes:
        measure_size(size, args, report, databases)
    report["finished"] = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    report["load_at_end"] = load_average()
    print(table(report["results"]))
    print(json.dumps({k: v for k, v in report.items() if k != "results"}, indent=1))
    (VAR / "versus-results.json").write_text(json.dumps(report, indent=1))
    print(f"Machine: {report['machine']}; commit {report['commit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

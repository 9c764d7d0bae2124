"""A real django-helpdesk database to import, made by django-helpdesk's own code.

The same pinned django-helpdesk as benchmarks/versus_django_helpdesk.py, installed from
the registry in its own virtual environment (var/bench-helpdesk-venv, made by that
script's `ensure_helpdesk_venv`), with a small host project whose database is a SQLite
file (or PostgreSQL with HD_DB). The maker creates queues, staff, tickets and follow-ups
with helpdesk's models (their save() keeps the ticket's dates as helpdesk does), the
first follow-up repeating the description as helpdesk's ticket form does, mail
follow-ups with Message-IDs, status changes without words, and attachments stored by
`helpdesk.lib.process_attachments` under MEDIA_ROOT.

    from benchmarks.helpdesk_source import make_helpdesk_database
    info = make_helpdesk_database(tmp / "hd", tickets=50)   # {"sqlite": ..., "media": ...}
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from benchmarks.versus_django_helpdesk import HD_VENV, ensure_helpdesk_venv

SETTINGS = """
import os
SECRET_KEY = "helpdesk-import-fixture-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites", "django.contrib.humanize", "rest_framework", "helpdesk",
]
ROOT_URLCONF = "hostimport.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": []}}]
if os.environ.get("HD_DB"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql",
                             "NAME": os.environ["HD_DB"], "USER": "postgres",
                             "HOST": "127.0.0.1", "PORT": "5432"}}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                             "NAME": os.environ["HD_SQLITE"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1
USE_TZ = True
TIME_ZONE = "Europe/London"
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ["HD_MEDIA"]
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
HELPDESK_TEAMS_MODE_ENABLED = False
"""

URLS = """
from django.urls import include, path
urlpatterns = [path("helpdesk/", include("helpdesk.urls"))]
"""

# Runs in helpdesk's venv: migrate, then make tickets with helpdesk's own models.
MAKER = r"""
import json, os, random, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostimport.settings")
import django
django.setup()
from datetime import timedelta
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from helpdesk.lib import process_attachments
from helpdesk.models import FollowUp, Queue, Ticket

call_command("migrate", verbosity=0)
tickets, followups, attach_every = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
WORDS = ("boiler pressure drops overnight radiator cold leak valve engineer visit invoice "
         "refund thermostat noise filter warranty part order").split()
with transaction.atomic():
    support = Queue.objects.create(title="Support", slug="support",
                                   email_address="support@example.com")
    billing = Queue.objects.create(title="Billing", slug="billing")
    staff = [User.objects.create_user(f"hd-agent-{n}", f"agent{n}@example.com", "x",
                                      first_name=f"Agent{n}", last_name="Helpdesk",
                                      is_staff=True) for n in range(3)]
    customer_user = User.objects.create_user("hd-customer", "portal.customer@example.com", "x",
                                             first_name="Portal", last_name="Customer")
    start = timezone.now() - timedelta(days=400)
    made = {"tickets": 0, "followups": 0, "attachments": 0, "words": 0, "status_only": 0,
            "message_ids": 0}
    for i in range(tickets):
        opened = start + timedelta(minutes=37 * i)
        text = " ".join(rng.choice(WORDS) for _ in range(30))
        queue = billing if i % 5 == 0 else support
        email = f"customer{i % max(1, tickets // 3)}@example.com"
        ticket = Ticket.objects.create(
            title=f"Case {i}: {' '.join(rng.choice(WORDS) for _ in range(4))}", queue=queue,
            submitter_email=email, description=text, priority=1 + i % 5,
            assigned_to=staff[i % 3] if i % 4 else None, status=Ticket.OPEN_STATUS)
        # helpdesk's ticket form and mail intake keep the description as the first follow-up.
        first = FollowUp.objects.create(ticket=ticket, title="Ticket Opened", comment=text,
                                        public=True, date=opened,
                                        message_id=f"<hd-{ticket.pk}-0@mail.example.com>")
        made["message_ids"] += 1
        at = opened
        for j in range(followups):
            at += timedelta(hours=3 + j)
            by_staff = j % 2 == 0
            user = staff[(i + j) % 3] if by_staff else (customer_user if i % 7 == 0 else None)
            follow = FollowUp.objects.create(
                ticket=ticket, title="Comment", date=at,
                comment=" ".join(rng.choice(WORDS) for _ in range(20)),
                public=not (by_staff and j == 2), user=user,
                message_id=None if by_staff else f"<hd-{ticket.pk}-{j + 1}@mail.example.com>")
            made["followups"] += 1
            made["message_ids"] += 0 if by_staff else 1
            if attach_every and (i * followups + j) % attach_every == 0:
                body = f"photo of ticket {ticket.pk} follow-up {follow.pk}".encode() * 20
                process_attachments(follow, [SimpleUploadedFile(
                    f"photo-{ticket.pk}-{j}.txt", body, content_type="text/plain")])
                made["attachments"] += 1
        status = [Ticket.OPEN_STATUS, Ticket.RESOLVED_STATUS, Ticket.CLOSED_STATUS][i % 3]
        if status != Ticket.OPEN_STATUS:
            FollowUp.objects.create(ticket=ticket, title="Resolved", comment="", public=True,
                                    user=staff[0], new_status=status,
                                    date=at + timedelta(hours=1))
            made["status_only"] += 1
            ticket.status = status
            ticket.save()
        Ticket.objects.filter(pk=ticket.pk).update(created=opened, modified=at)
        made["tickets"] += 1
made["followups_total"] = FollowUp.objects.count()
print(json.dumps(made))
"""


def make_helpdesk_database(
    folder: Path, tickets: int = 50, followups: int = 3, attach_every: int = 10,
    hd_db: str = "",
) -> dict[str, object]:  # fmt: skip
    """A migrated django-helpdesk database filled by helpdesk's code; its SQLite file (or
    PostgreSQL database `hd_db`), media folder and what was made."""
    installed = list((HD_VENV / "lib").glob("python3*/site-packages/django_helpdesk-*.dist-info"))
    if not installed:
        ensure_helpdesk_venv()
    folder.mkdir(parents=True, exist_ok=True)
    package = folder / "hostimport"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(SETTINGS)
    (package / "urls.py").write_text(URLS)
    (folder / "make_tickets.py").write_text(MAKER)
    sqlite, media = folder / "helpdesk.sqlite3", folder / "media"
    media.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(folder), "HD_SQLITE": str(sqlite), "HD_MEDIA": str(media),
           "DJANGO_SETTINGS_MODULE": "hostimport.settings", "HD_DB": hd_db}  # fmt: skip
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [str(HD_VENV / "bin" / "python"), str(folder / "make_tickets.py"), str(tickets),
         str(followups), str(attach_every)],
        cwd=folder, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    made = json.loads(done.stdout.strip().splitlines()[-1])
    url = f"postgres://postgres@127.0.0.1:5432/{hd_db}" if hd_db else f"sqlite:///{sqlite}"
    return {"url": url, "sqlite": sqlite, "media": media, "made": made}

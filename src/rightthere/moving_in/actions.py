"""Moving in, as owners do it from the screen, the API and `rightthere import`: make
a job from a file or a database (with its preview), start it, run or continue it.
Each door calls these."""

import hashlib
import os
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.cases.models import Status
from rightthere.core.errors import InvalidInput
from rightthere.core.tasks import enqueue_on_commit
from rightthere.moving_in import records
from rightthere.moving_in.freshdesk import FreshdeskSource, looks_like_freshdesk
from rightthere.moving_in.helpdesk import HelpdeskSource, describe
from rightthere.moving_in.models import ImportJob, JobStatus, SourceKind
from rightthere.moving_in.running import is_stale, run_job
from rightthere.moving_in.sources import open_source
from rightthere.moving_in.tasks import run_import_job
from rightthere.moving_in.zendesk import ZendeskSource

MAX_FILE_BYTES = 500 * 1024 * 1024
PREVIEW_ROWS = 10


def _preview(source: records.Source) -> dict[str, object]:
    rows = [asdict(row) for row in source.first_rows(PREVIEW_ROWS)]
    for row in rows:
        row["status"] = str(Status(row["status"]).label)
    return {"counts": source.counts(), "rows": rows}


def _unfinished(kind: str, key: str) -> ImportJob | None:
    return (
        ImportJob.objects.filter(kind=kind, source_key=key)
        .exclude(status__in=[JobStatus.DONE, JobStatus.PREVIEW])
        .order_by("-created_at")
        .first()
    )


def new_export_import(actor: User | None, filename: str, data: bytes) -> ImportJob:
    """A job for an uploaded export, Zendesk's or Freshdesk's (told apart by its
    shape), read once for its preview."""
    if actor is not None:
        check_owner(actor, gettext("import from another desk"))
    if not data:
        raise InvalidInput(gettext("Choose a file: Zendesk's JSON or CSV export, Freshdesk's "
                                   "JSON, or a .zip of them."))  # fmt: skip
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            gettext("The file is larger than 500 MB: use `rightthere import` on the server.")
        )
    name = (filename or "export.json").rsplit("/", 1)[-1][:200]
    source: ZendeskSource | FreshdeskSource
    if looks_like_freshdesk(data):
        kind, source = SourceKind.FRESHDESK, FreshdeskSource(data, name)
    else:
        kind, source = SourceKind.ZENDESK, ZendeskSource(data, name)
    job = ImportJob(kind=kind, system=source.system, label=name,
                    source_key=source.sha256, created_by=actor, total=source.ticket_count(),
                    preview=_preview(source))  # fmt: skip
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


def allowed_media_roots() -> list[Path]:
    """The folders the screen and the API may read attachments from: MOVING_IN_MEDIA_ROOTS
    (paths separated by ':'), in the environment or settings.RIGHTTHERE."""
    value = settings.RIGHTTHERE.get("MOVING_IN_MEDIA_ROOTS") or os.environ.get(
        "MOVING_IN_MEDIA_ROOTS", ""
    )
    return [Path(p).resolve() for p in str(value).split(":") if p.strip()]


def check_media_root(media_root: str) -> None:
    """An owner on the screen or the API names a folder on the server: only one the
    server's administrator allowed, or every file the server can read would be theirs
    through a database that names it as an attachment. The command is not limited."""
    if not media_root.strip():
        return
    folder = Path(media_root.strip()).resolve()
    if not any(folder.is_relative_to(root) for root in allowed_media_roots()):
        raise InvalidInput(
            gettext(
                "Reading attachments from %(folder)s is not allowed from the screen or the API: "
                "the server's administrator lists the folders in MOVING_IN_MEDIA_ROOTS, or runs "
                "`rightthere import helpdesk ... --media-root` on the server. Leave it empty to "
                "import without attachments."
            )
            % {"folder": folder}
        )


def new_helpdesk_import(actor: User | None, database_url: str, media_root: str = "") -> ImportJob:
    """A job for a django-helpdesk database (a URL or a SQLite file on the server)."""
    if actor is not None:
        check_owner(actor, gettext("import from another desk"))
    url = database_url.strip()
    if not url:
        raise InvalidInput(
            gettext("Give the django-helpdesk database: a postgres:// URL or a SQLite file.")
        )
    source = HelpdeskSource(url, media_root)
    try:
        if actor is not None:
            check_media_root(media_root)
        job = ImportJob.objects.create(
            kind=SourceKind.HELPDESK, system=source.system, label=describe(url),
            database_url=url, media_root=media_root.strip(), created_by=actor,
            source_key=hashlib.sha256(f"{url}\n{media_root.strip()}".encode()).hexdigest(),
            total=source.ticket_count(), preview=_preview(source),
        )  # fmt: skip
    finally:
        source.close()
    return job


def start_import(actor: User | None, job: ImportJob) -> bool:
    """Queue the job for the worker (or again, after it stopped); False when it is
    already queued or running."""
    if actor is not None:
        check_owner(actor, gettext("import from another desk"))
    with transaction.atomic():
        fresh = ImportJob.objects.select_for_update().get(pk=job.pk)
        if fresh.status == JobStatus.DONE:
            raise InvalidInput(gettext("This import is done; start a new one to import again."))
        if fresh.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not is_stale(fresh):
            return False
        fresh.status, fresh.error = JobStatus.QUEUED, ""
        fresh.save(update_fields=["status", "error"])
        enqueue_on_commit(run_import_job, fresh.pk)
    job.refresh_from_db()
    return True


def job_for_command(kind: str, *, path: str = "", data: bytes = b"", database_url: str = "",
                    media_root: str = "") -> tuple[ImportJob, bool]:  # fmt: skip
    """The command's job: the unfinished one for the same source (continued), or a new
    one. (job, continued)."""
    if kind in (SourceKind.ZENDESK, SourceKind.FRESHDESK):
        key = hashlib.sha256(data).hexdigest()
        found = _unfinished(SourceKind.FRESHDESK if looks_like_freshdesk(data) else
                            SourceKind.ZENDESK, key)  # fmt: skip
        return (found, True) if found else (new_export_import(None, path, data), False)
    key = hashlib.sha256(f"{database_url.strip()}\n{media_root.strip()}".encode()).hexdigest()
    found = _unfinished(kind, key)
    if found:
        return found, True
    return new_helpdesk_import(None, database_url, media_root), False


__all__ = ["open_source", "run_job", "start_import"]

"""/api/imports: moving in from another desk, through the same functions as the
owner's Moving in screen and `rightthere import` (moving_in.actions). Upload an export
(or name a django-helpdesk database), read its preview, start it, and follow its
status until it is done."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field, StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.core.api.schemas import Input, error_responses
from rightthere.moving_in import actions
from rightthere.moving_in.access import access_import, check_importer
from rightthere.moving_in.models import ImportJob
from rightthere.moving_in.running import is_stale

router = Router(tags=["moving in"])
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


class HelpdeskIn(Input):
    database_url: Text = Field(min_length=1, examples=["postgres://helpdesk@db.internal/helpdesk"])
    media_root: Text = Field("", examples=["/srv/helpdesk/media"])


class ImportSkippedOut(Schema):
    what: str
    reason: str


class ImportOut(Schema):
    id: int
    kind: Literal["zendesk", "freshdesk", "helpdesk"]
    label: str
    status: Literal["preview", "queued", "running", "done", "failed"]
    stopped: bool = Field(description="Running, but the worker died: start it again.")
    total: int = Field(description="Tickets in the source.")
    position: int = Field(description="Tickets done so far (the checkpoint).")
    percent: int
    preview: dict[str, Any] = Field(description="counts, and the first rows.")
    counts: dict[str, int] = Field(description="What was added (and 'already imported').")
    skipped_total: int
    skipped: list[ImportSkippedOut] = Field(description="Up to 1,000: what was left out and why.")
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def _out(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk, "kind": job.kind, "label": job.label, "status": job.status,
        "stopped": is_stale(job), "total": job.total, "position": job.position,
        "percent": job.percent, "preview": job.preview, "counts": job.counts,
        "skipped_total": job.skipped_total, "skipped": job.skipped, "error": job.error,
        "created_at": job.created_at, "started_at": job.started_at,
        "finished_at": job.finished_at,
    }  # fmt: skip


def _job(request: HttpRequest, import_id: int) -> ImportJob:
    return access_import(current_user(request), import_id)


@router.get("/imports", response={200: list[ImportOut], **error_responses(403)})
def list_imports(request: HttpRequest) -> list[dict[str, Any]]:
    """The latest imports (owners)."""
    check_importer(current_user(request))
    return [_out(job) for job in ImportJob.objects.all()[:50]]


@router.post("/imports", response={201: ImportOut, **error_responses(400, 403, 422)})
def upload_export(
    request: HttpRequest,
    file: UploadedFile | None = File(None),  # noqa: B008
) -> tuple[int, dict]:
    """Upload a Zendesk or Freshdesk export (multipart, field `file`: Zendesk's JSON or
    CSV, Freshdesk's API JSON, or a .zip with the attachments' files; docs/moving-in.md;
    which desk it came from is told by its shape); the answer is its preview. Nothing is
    imported until POST /api/imports/{id}/start."""
    job = actions.new_export_import(current_user(request), file.name or "" if file else "",
                                     file.read() if file else b"")  # fmt: skip
    return 201, _out(job)


@router.post("/imports/helpdesk", response={201: ImportOut, **error_responses(400, 403, 422)})
def connect_helpdesk(request: HttpRequest, payload: HelpdeskIn) -> tuple[int, dict]:
    """Name a django-helpdesk database (a postgres:// URL or a SQLite file on this
    server) and its media folder (inside MOVING_IN_MEDIA_ROOTS); the answer is its preview."""
    job = actions.new_helpdesk_import(current_user(request), payload.database_url,
                                      payload.media_root)  # fmt: skip
    return 201, _out(job)


@router.get("/imports/{import_id}", response={200: ImportOut, **error_responses(403, 404)})
def import_status(request: HttpRequest, import_id: int) -> dict[str, Any]:
    """An import's status, progress and report: poll it while it runs."""
    return _out(_job(request, import_id))


@router.post(
    "/imports/{import_id}/start", response={202: ImportOut, **error_responses(400, 403, 404)}
)
def start(request: HttpRequest, import_id: int) -> tuple[int, dict[str, Any]]:
    """Start the import in the worker, or continue one that stopped (from its checkpoint)."""
    job = _job(request, import_id)
    actions.start_import(current_user(request), job)
    return 202, _out(job)

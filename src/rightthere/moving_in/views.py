"""The owner's Moving in screen (/settings/moving-in/): upload a Zendesk export or name
a django-helpdesk database, see the preview (counts and the first rows), start, watch
the progress (htmx polls the progress part while the worker imports), read the report.
Each action calls moving_in.actions, as /api/imports and `rightthere import` do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError, NotAllowed
from rightthere.core.uploads import refused_uploads
from rightthere.moving_in import actions
from rightthere.moving_in.access import access_import, check_importer
from rightthere.moving_in.models import ImportJob, JobStatus
from rightthere.moving_in.running import is_stale

REPORT_ROWS = 200


def _owner(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    try:
        check_importer(user)
    except NotAllowed as refused:
        raise PermissionDenied(refused.message) from refused
    return user


def _job(request: HttpRequest, pk: int) -> ImportJob:
    """The import through the same check as /api/imports/{id}: 403 for all but owners, then 404."""
    return access_import(_owner(request), pk)


def _start_page(request: HttpRequest, status: int = 200, **context: object) -> HttpResponse:
    values = {"database_url": "", "media_root": "", "file_error": "", "database_error": "",
              **context}  # fmt: skip
    return render(request, "moving_in/start.html", {
        "jobs": ImportJob.objects.all()[:20], **values,
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def moving_in(request: HttpRequest) -> HttpResponse:
    """The imports so far, and the two ways in; POST: a Zendesk or Freshdesk export uploaded."""
    user = _owner(request)
    if request.method == "GET":
        return _start_page(request)
    refused = refused_uploads(request)
    upload = request.FILES.get("file")
    if refused:
        return _start_page(request, 400, file_error=(
            gettext("Not taken: %(refused)s. Import a larger export on the server with "
                    "`rightthere import zendesk FILE`.") % {"refused": "; ".join(refused)}))  # fmt: skip
    try:
        job = actions.new_export_import(user, (upload.name or "") if upload else "",
                                         upload.read() if upload else b"")  # fmt: skip
    except CaseError as error:
        return _start_page(request, error.http_status, file_error=error.message)
    return redirect("moving_in_job", job.pk)


@login_required
@require_POST
def moving_in_database(request: HttpRequest) -> HttpResponse:
    """A django-helpdesk database named by its URL (or SQLite file) on this server."""
    user = _owner(request)
    url = request.POST.get("database_url", "")
    media = request.POST.get("media_root", "")
    try:
        job = actions.new_helpdesk_import(user, url, media)
    except CaseError as error:
        return _start_page(request, error.http_status, database_error=error.message,
                           database_url=url, media_root=media)  # fmt: skip
    return redirect("moving_in_job", job.pk)


def _job_context(job: ImportJob) -> dict[str, object]:
    return {
        "job": job, "stale": is_stale(job), "counts": job.preview.get("counts", {}),
        "rows": job.preview.get("rows", []), "report": job.skipped[:REPORT_ROWS],
        "polling": job.status in (JobStatus.QUEUED, JobStatus.RUNNING) and not is_stale(job),
    }  # fmt: skip


@login_required
@require_GET
def moving_in_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its preview and Start, then its progress and report."""
    return render(request, "moving_in/job.html", _job_context(_job(request, pk)))


@login_required
@require_POST
def moving_in_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = _owner(request)
    job = _job(request, pk)
    try:
        started = actions.start_import(user, job)
    except CaseError as error:
        messages.error(request, error.message)
    else:
        if started:
            messages.success(request, gettext("Started: the worker imports it in batches."))
    return redirect("moving_in_job", job.pk)


@login_required
@require_GET
def moving_in_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress and report part, polled by htmx while the import runs."""
    return render(request, "moving_in/_progress.html", _job_context(_job(request, pk)))

"""Running an import (or continuing it from its checkpoint): what the worker's task
and the command do once a job is made."""

import os
import socket
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from rightthere.core.errors import InvalidInput
from rightthere.moving_in import importer
from rightthere.moving_in.models import ImportJob, JobStatus
from rightthere.moving_in.sources import open_source

# A running job whose worker has not written a batch for this long has died.
STALE_AFTER = timedelta(minutes=5)


def _this_runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _gone(runner: str) -> bool:
    """Whether the process that ran a job on this host has ended."""
    host, _, pid = runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def is_stale(job: ImportJob) -> bool:
    """A running job whose process died: on this host, seen at once; elsewhere, when
    it has not committed a batch for STALE_AFTER."""
    if job.status != JobStatus.RUNNING:
        return False
    if job.runner and job.runner != _this_runner() and _gone(job.runner):
        return True
    seen = job.heartbeat_at or job.started_at
    return seen is None or timezone.now() - seen > STALE_AFTER


def _claim(job_id: int) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == JobStatus.DONE:
            return None
        if job.status == JobStatus.RUNNING and not is_stale(job):
            return None
        now = timezone.now()
        job.status, job.error, job.heartbeat_at = JobStatus.RUNNING, "", now
        job.started_at, job.runner = job.started_at or now, _this_runner()
        job.save(update_fields=["status", "error", "heartbeat_at", "started_at", "runner"])
        return job


def run_job(job_id: int, batch_size: int = importer.BATCH_SIZE,
            after_batch: Callable[[ImportJob], None] | None = None) -> ImportJob | None:  # fmt: skip
    """Run (or continue from its checkpoint) an import; None when another run has it."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        source = open_source(job)
    except InvalidInput as error:
        ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=error.message)
        job.refresh_from_db()
        return job
    try:
        importer.run(job, source, batch_size=batch_size, after_batch=after_batch)
    except importer.Stop:
        return job
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    finally:
        source.close()
    job.status, job.finished_at = JobStatus.DONE, timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job

"""What the background workers share in the database besides the task queue."""

from django.db import models


class SchedulerLock(models.Model):
    """One row, updated first in every transaction that schedules a periodic job.

    The UPDATE takes the row's lock on PostgreSQL (SQLite has one writer at a time
    anyway), so two workers never both find a job "not scheduled" and both enqueue
    it: the second waits for the first to commit, then sees its job."""

    taken_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"scheduler lock (last taken {self.taken_at})"


class WorkerHeartbeat(models.Model):
    """When a worker last said it is alive (every few seconds, from its own thread).

    A task left RUNNING by a worker whose heartbeat has stopped is queued again by
    the `recover-stalled-work` periodic job."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"worker {self.worker_id} seen at {self.seen_at:%Y-%m-%d %H:%M:%S}"

"""Periodic jobs on top of the tasks API, which has no schedules of its own.

Each periodic job is an ordinary task that, when it runs, schedules its next
run with `run_after`. `ensure_scheduled()` (called when the worker starts and
after each run) enqueues a job only when none is already waiting or running,
so restarting the worker never doubles a job. Every job is idempotent anyway.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

PENDING = ["READY", "RUNNING"]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], object]


def _requeue_unsent_mail() -> object:
    from rightthere.outbox.delivery import requeue_unsent

    return requeue_unsent()


def _poll_mailboxes() -> object:
    from rightthere.mail.imap import poll_all_mailboxes

    return poll_all_mailboxes()


def _promise_timers() -> object:
    from rightthere.promises.chasing import chase_waiting_customers
    from rightthere.promises.timers import run_promise_timers
    from rightthere.recovery.actions import send_satisfaction_checks

    return {
        **run_promise_timers(),
        **chase_waiting_customers(),
        "recovery_checks": send_satisfaction_checks(),
    }


def _satisfaction_requests() -> object:
    from rightthere.satisfaction.sending import send_due_requests

    return send_due_requests()


def _part_arrivals() -> object:
    from rightthere.desk.visits import check_part_arrivals

    return check_part_arrivals()


def _refresh_relationships() -> object:
    from rightthere.insights.relationships import refresh_relationships

    return refresh_relationships()


JOBS = {
    job.name: job
    for job in [
        PeriodicJob("requeue-unsent-mail", timedelta(minutes=10), _requeue_unsent_mail),
        PeriodicJob("poll-mailboxes", timedelta(minutes=1), _poll_mailboxes),
        PeriodicJob("promise-timers", timedelta(minutes=1), _promise_timers),
        PeriodicJob("satisfaction-requests", timedelta(minutes=5), _satisfaction_requests),
        PeriodicJob("part-arrivals", timedelta(minutes=15), _part_arrivals),
        PeriodicJob("refresh-relationships", timedelta(hours=1), _refresh_relationships),
    ]
}


@task()
def run_periodic_job(name: str) -> str:
    job = JOBS[name]
    try:
        result = job.run()
    finally:
        _schedule(name, timezone.now() + job.every, exclude_running=True)
    return f"{name}: {result}"


def _pending(name: str, exclude_running: bool) -> bool:
    statuses = ["READY"] if exclude_running else PENDING
    path = f"{run_periodic_job.func.__module__}.{run_periodic_job.func.__qualname__}"
    return DBTaskResult.objects.filter(
        task_path=path, status__in=statuses, args_kwargs__args__0=name
    ).exists()


def _schedule(name: str, when: object, exclude_running: bool = False) -> bool:
    if _pending(name, exclude_running):
        return False
    job_task: Task = run_periodic_job.using(run_after=when)  # type: ignore[arg-type]
    job_task.enqueue(name)
    return True


def recover_abandoned(worker_id: str) -> int:
    """Queue again the tasks this worker was running when it was killed.

    A worker stopped by kill -9, a crash or a power cut leaves its task
    `RUNNING` for ever: nothing would run it again, and a periodic job in that
    state is never rescheduled (mail polling would stop). Only this worker's
    own tasks are touched, so other live workers are not disturbed. Every task
    is idempotent, so running one again is safe.
    """
    running = DBTaskResult.objects.filter(status="RUNNING")  # a handful at most
    abandoned = [r for r in running if r.worker_ids and r.worker_ids[-1] == worker_id]
    for result in abandoned:
        DBTaskResult.objects.filter(pk=result.pk, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path="rightthere.jobs.WorkerStopped",
            traceback=f"The worker {worker_id} stopped while running this task; queued again.",
        )
        result.task.using(run_after=None).enqueue(
            *result.args_kwargs["args"], **result.args_kwargs["kwargs"]
        )
    return len(abandoned)


def ensure_scheduled() -> list[str]:
    """Enqueue every periodic job that is not already waiting or running."""
    now = timezone.now()
    return [name for name in JOBS if _schedule(name, now)]

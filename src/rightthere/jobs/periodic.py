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
    from rightthere.field.booking import check_part_arrivals

    return check_part_arrivals()


JOBS = {
    job.name: job
    for job in [
        PeriodicJob("requeue-unsent-mail", timedelta(minutes=10), _requeue_unsent_mail),
        PeriodicJob("poll-mailboxes", timedelta(minutes=1), _poll_mailboxes),
        PeriodicJob("promise-timers", timedelta(minutes=1), _promise_timers),
        PeriodicJob("satisfaction-requests", timedelta(minutes=5), _satisfaction_requests),
        PeriodicJob("part-arrivals", timedelta(minutes=15), _part_arrivals),
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


def ensure_scheduled() -> list[str]:
    """Enqueue every periodic job that is not already waiting or running."""
    now = timezone.now()
    return [name for name in JOBS if _schedule(name, now)]

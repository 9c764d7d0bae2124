"""Periodic jobs on top of the tasks API, which has no schedules of its own.

Each periodic job is an ordinary task that, when it runs, schedules its next
run with `run_after`. `ensure_scheduled()` (called when the worker starts and
after each run) enqueues a job only when none is already waiting or running,
so restarting the worker never doubles a job. Checking and enqueuing happen under
one lock (`SchedulerLock`), so two workers starting at once, or a run finishing
while another worker starts, schedule a job once: each period runs once.

A task left RUNNING by a worker that was killed is queued again when that worker
restarts (`recover_abandoned`) or, if it never does, by the `recover-stalled-work`
job once its heartbeat (`WorkerHeartbeat`) is a minute old (`recover_stalled`).
Every job is idempotent, so running one again is safe.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

from rightthere.accounts.business_locale import in_business_locale
from rightthere.jobs.models import SchedulerLock, WorkerHeartbeat

PENDING = ["READY", "RUNNING"]
# A worker says it is alive this often (its own thread), and is taken for dead when
# it has not for this long; both shrink with PERIODIC_INTERVAL_SCALE like the jobs.
HEARTBEAT_EVERY = timedelta(seconds=15)
STALE_AFTER = timedelta(seconds=60)


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
    from rightthere.desk.part_orders import check_part_arrivals

    return check_part_arrivals()


def _visit_reminders() -> object:
    from rightthere.desk.visit_day import send_visit_reminders

    return send_visit_reminders()


def _notification_digests() -> object:
    from rightthere.notifications.digest import send_digests

    return send_digests()


def _refresh_relationships() -> object:
    from rightthere.insights.relationships import refresh_relationships

    return refresh_relationships()


def _webhook_deliveries() -> object:
    from rightthere.webhooks.tasks import sweep

    return sweep()


def _sms_sweep() -> object:
    from rightthere.sms.sending import sweep

    return sweep()


def _automation_timers() -> object:
    from rightthere.desk.automation import run_time_rules

    return run_time_rules()


def _recover_stalled() -> object:
    return {"queued_again": recover_stalled()}


def _prune_presence() -> object:
    from rightthere.presence.actions import prune_presence

    return {"presence_pruned": prune_presence()}


def _clear_expired_sessions() -> object:
    from rightthere.accounts.sessions import clear_expired_sessions

    return {"sessions_cleared": clear_expired_sessions()}


JOBS = {
    job.name: job
    for job in [
        PeriodicJob("requeue-unsent-mail", timedelta(minutes=10), _requeue_unsent_mail),
        PeriodicJob("poll-mailboxes", timedelta(minutes=1), _poll_mailboxes),
        PeriodicJob("promise-timers", timedelta(minutes=1), _promise_timers),
        PeriodicJob("satisfaction-requests", timedelta(minutes=5), _satisfaction_requests),
        PeriodicJob("part-arrivals", timedelta(minutes=15), _part_arrivals),
        # The day before a visit, from 9:00; once per visit and start time.
        PeriodicJob("visit-reminders", timedelta(minutes=15), _visit_reminders),
        PeriodicJob("refresh-relationships", timedelta(hours=1), _refresh_relationships),
        # Once a day per person from the digest hour on; running every 15 minutes
        # only finds the day's digests already recorded.
        PeriodicJob("notification-digests", timedelta(minutes=15), _notification_digests),
        PeriodicJob("prune-presence", timedelta(minutes=10), _prune_presence),
        # Expired sessions are never read; deleting them keeps the table small.
        PeriodicJob("clear-expired-sessions", timedelta(hours=6), _clear_expired_sessions),
        PeriodicJob("recover-stalled-work", timedelta(minutes=1), _recover_stalled),
        # Each event queues its own run; this catches retries whose run was lost and
        # deliveries a killed worker left half-sent.
        PeriodicJob("webhook-deliveries", timedelta(minutes=1), _webhook_deliveries),
        # Texts whose task was lost are queued again; one a killed worker was sending
        # is marked failed, never sent twice.
        PeriodicJob("sms-sweep", timedelta(minutes=5), _sms_sweep),
        # Time-based automation rules ("no answer for 2 business hours"); a rule fires
        # once per case and unanswered message, so a run repeated or late is harmless.
        PeriodicJob("automation-timers", timedelta(minutes=1), _automation_timers),
    ]
}


def interval(job_or_every: PeriodicJob | timedelta) -> timedelta:
    """The time between runs, times RIGHTTHERE["PERIODIC_INTERVAL_SCALE"] (1.0 in
    production; tests shorten it with the PERIODIC_INTERVAL_SCALE variable)."""
    every = job_or_every.every if isinstance(job_or_every, PeriodicJob) else job_or_every
    return every * float(settings.RIGHTTHERE.get("PERIODIC_INTERVAL_SCALE", 1.0))


@task()
def run_periodic_job(name: str) -> str:
    job = JOBS[name]
    try:
        # "Today", business hours and reminder times are the business's (Business profile),
        # and what the staff are told is in its language.
        with in_business_locale():
            result = job.run()
    finally:
        _schedule(name, timezone.now() + interval(job), exclude_running=True)
    return f"{name}: {result}"


_PERIODIC_PATH = f"{run_periodic_job.func.__module__}.{run_periodic_job.func.__qualname__}"


def _pending(name: str, exclude_running: bool) -> bool:
    statuses = ["READY"] if exclude_running else PENDING
    return DBTaskResult.objects.filter(
        task_path=_PERIODIC_PATH, status__in=statuses, args_kwargs__args__0=name
    ).exists()


def _take_scheduler_lock() -> None:
    """Wait for the scheduling lock; held until the surrounding transaction ends."""
    if SchedulerLock.objects.filter(pk=1).update(taken_at=timezone.now()):
        return
    SchedulerLock.objects.get_or_create(pk=1)  # the first time (or after a flush)
    SchedulerLock.objects.filter(pk=1).update(taken_at=timezone.now())


def _schedule(name: str, when: object, exclude_running: bool = False) -> bool:
    with transaction.atomic():
        _take_scheduler_lock()
        # On PostgreSQL each statement sees what was committed before it started, so
        # this check sees the job another worker enqueued while we waited for the lock.
        if _pending(name, exclude_running):
            return False
        job_task: Task = run_periodic_job.using(run_after=when)  # type: ignore[arg-type]
        job_task.enqueue(name)
        return True


def _queue_again(result: DBTaskResult, why: str) -> bool:
    """Mark a task its worker left RUNNING as failed and queue it again, in one
    transaction (a crash between the two would lose it). False when someone else
    got there first. A periodic job is queued only if its next run is not already
    waiting (it was killed after scheduling it), so no period runs twice."""
    with transaction.atomic():
        stopped = DBTaskResult.objects.filter(pk=result.pk, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path="rightthere.jobs.WorkerStopped",
            traceback=why,
        )
        if not stopped:
            return False
        args, kwargs = result.args_kwargs["args"], result.args_kwargs["kwargs"]
        if result.task_path == _PERIODIC_PATH:
            if args[0] in JOBS:  # not a job since removed
                _schedule(args[0], timezone.now())
        else:
            try:
                again = result.task.using(run_after=None)
            except (ImportError, SuspiciousOperation):
                return True  # its code is gone: failed, not queued (the others still are)
            again.enqueue(*args, **kwargs)
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
    why = f"The worker {worker_id} stopped while running this task; queued again."
    return sum(_queue_again(result, why) for result in abandoned)


def recover_stalled() -> int:
    """Queue again the tasks of workers that stopped and never came back.

    A task counts as abandoned when it has been RUNNING longer than `STALE_AFTER`
    and the worker that claimed it has not sent a heartbeat for that long (or
    never did: a worker from before heartbeats). A worker that was only frozen
    for a minute and then finishes the task leaves it run twice, which is safe.
    """
    since = timezone.now() - interval(STALE_AFTER)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=since).values_list("worker_id", flat=True)
    )
    running = DBTaskResult.objects.filter(status="RUNNING", started_at__lt=since)
    stalled = [r for r in running if not r.worker_ids or r.worker_ids[-1] not in alive]
    queued = sum(
        _queue_again(
            result,
            f"The worker {(result.worker_ids or ['?'])[-1]} stopped sending heartbeats while "
            "running this task; queued again.",
        )
        for result in stalled
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - timedelta(days=1)).delete()
    return queued


def ensure_scheduled() -> list[str]:
    """Enqueue every periodic job that is not already waiting or running."""
    now = timezone.now()
    return [name for name in JOBS if _schedule(name, now)]

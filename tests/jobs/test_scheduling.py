"""Two workers against one database: a periodic job is scheduled once even when
both schedule it at the same moment; a task left RUNNING by a worker that died
and never came back is queued again; periodic intervals can be shortened for tests.
"""

import contextlib
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rightthere.jobs import periodic
from rightthere.jobs.models import WorkerHeartbeat
from rightthere.outbox.delivery import deliver_outbound_mail

PERIODIC_PATH = "rightthere.jobs.periodic.run_periodic_job"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two connections at once: the test database on SQLite is one in-memory "
    "connection shared by every thread",
)
def test_two_workers_scheduling_the_same_job_at_the_same_moment_enqueue_it_once(monkeypatch):
    # Both check "is it pending?" and then wait for each other before enqueuing: without
    # a lock both find nothing and both enqueue. With the lock the second cannot check
    # until the first has committed; the barrier then times out and it finds the job.
    both_checked = threading.Barrier(2, timeout=1.5)
    real_pending = periodic._pending

    def pending_then_wait_for_the_other(name, exclude_running):
        found = real_pending(name, exclude_running)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return found

    monkeypatch.setattr(periodic, "_pending", pending_then_wait_for_the_other)
    outcome = []

    def worker_starts():
        try:
            outcome.append(periodic._schedule("poll-mailboxes", timezone.now()))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker_starts) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert sorted(outcome) == [False, True]
    assert DBTaskResult.objects.filter(task_path=PERIODIC_PATH).count() == 1


def claimed(task_result: DBTaskResult, worker_id: str, minutes_ago: float) -> DBTaskResult:
    task_result.claim(worker_id)
    started = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=task_result.pk).update(started_at=started)
    return DBTaskResult.objects.get(pk=task_result.pk)


@pytest.mark.django_db
def test_work_of_a_worker_that_died_and_never_came_back_is_queued_again():
    periodic._schedule("poll-mailboxes", timezone.now())
    poll = claimed(DBTaskResult.objects.get(task_path=PERIODIC_PATH), "w1", minutes_ago=3)
    mail = claimed(deliver_outbound_mail.enqueue(7).db_result, "w1", minutes_ago=3)
    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now() - timedelta(minutes=2))

    assert periodic.recover_stalled() == 2

    poll.refresh_from_db()
    mail.refresh_from_db()
    assert (poll.status, mail.status) == ("FAILED", "FAILED")
    assert mail.exception_class_path == "rightthere.jobs.WorkerStopped"
    assert "w1" in mail.traceback
    waiting = DBTaskResult.objects.filter(status="READY")
    assert sorted(r.task_path for r in waiting) == sorted(
        [PERIODIC_PATH, "rightthere.outbox.delivery.deliver_outbound_mail"]
    )
    assert [r.args_kwargs["args"] for r in waiting.order_by("task_path")] == [
        ["poll-mailboxes"],
        [7],
    ]
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()


@pytest.mark.django_db
def test_work_of_a_worker_that_is_alive_is_left_alone():
    long_task = claimed(deliver_outbound_mail.enqueue(7).db_result, "w2", minutes_ago=30)
    WorkerHeartbeat.objects.create(worker_id="w2", seen_at=timezone.now())
    # A worker with no heartbeat at all (it ran before heartbeats existed) has died,
    # but only once its task has been running longer than a heartbeat could be late.
    just_claimed = claimed(deliver_outbound_mail.enqueue(8).db_result, "old", minutes_ago=0)

    assert periodic.recover_stalled() == 0

    long_task.refresh_from_db()
    just_claimed.refresh_from_db()
    assert (long_task.status, just_claimed.status) == ("RUNNING", "RUNNING")


@pytest.mark.django_db
def test_a_periodic_job_killed_after_it_scheduled_its_next_run_is_not_queued_twice():
    periodic._schedule("poll-mailboxes", timezone.now())
    dying = claimed(DBTaskResult.objects.get(task_path=PERIODIC_PATH), "w1", minutes_ago=3)
    # It had finished its work and scheduled its next turn, then died.
    periodic._schedule("poll-mailboxes", timezone.now() + timedelta(minutes=1), True)

    assert periodic.recover_abandoned("w1") == 1

    dying.refresh_from_db()
    assert dying.status == "FAILED"
    assert DBTaskResult.objects.filter(task_path=PERIODIC_PATH, status="READY").count() == 1


@pytest.mark.django_db
def test_recovering_runs_as_a_periodic_job_every_minute():
    assert periodic.JOBS["recover-stalled-work"].every == timedelta(minutes=1)
    claimed(deliver_outbound_mail.enqueue(7).db_result, "gone", minutes_ago=5)

    result = periodic.run_periodic_job.call("recover-stalled-work")

    assert result == "recover-stalled-work: {'queued_again': 1}"


@pytest.mark.django_db
def test_the_interval_scale_shortens_every_periodic_job(settings, run_tasks):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "PERIODIC_INTERVAL_SCALE": 0.05}
    periodic._schedule("poll-mailboxes", timezone.now())

    run_tasks()

    following = DBTaskResult.objects.get(task_path=PERIODIC_PATH, status="READY")
    assert following.run_after - timezone.now() <= timedelta(seconds=3)
    assert periodic.interval(periodic.JOBS["refresh-relationships"]) == timedelta(minutes=3)


@pytest.mark.django_db
def test_the_worker_reports_it_is_alive_while_it_runs(monkeypatch):
    from django_tasks_db.management.commands import db_worker

    # As in the run_tasks fixture: the worker would close the test's own connection.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("worker", "--batch", "--worker-id", "w7", "--verbosity", "0")

    beat = WorkerHeartbeat.objects.get(worker_id="w7")
    assert timezone.now() - beat.seen_at < timedelta(seconds=30)


@pytest.mark.django_db
def test_a_stalled_task_whose_code_is_gone_is_failed_and_does_not_stop_the_others():
    gone = claimed(deliver_outbound_mail.enqueue(7).db_result, "gone", minutes_ago=5)
    DBTaskResult.objects.filter(pk=gone.pk).update(task_path="rightthere.removed.task")
    claimed(deliver_outbound_mail.enqueue(8).db_result, "gone", minutes_ago=5)

    assert periodic.recover_stalled() == 2

    assert DBTaskResult.objects.get(pk=gone.pk).status == "FAILED"
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.args_kwargs["args"] == [8]


@pytest.mark.django_db
def test_a_worker_stopped_just_after_claiming_a_task_puts_it_back(monkeypatch):
    import os
    import signal

    from django_tasks_db.management.commands import db_worker

    waiting = deliver_outbound_mail.enqueue(7).db_result

    def claim_then_get_sigterm(worker):
        # SIGTERM arriving right after the claim committed, before the task started:
        # db_worker's own handler exits at once (it is "not running a task").
        DBTaskResult.objects.get(pk=waiting.pk).claim(worker.worker_id)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker.Worker, "run", claim_then_get_sigterm)
    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        with pytest.raises(SystemExit):
            call_command("worker", "--worker-id", "w7", "--verbosity", "0")
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    waiting.refresh_from_db()
    assert waiting.status == "FAILED"
    again = DBTaskResult.objects.get(status="READY", task_path=waiting.task_path)
    assert again.args_kwargs["args"] == [7]

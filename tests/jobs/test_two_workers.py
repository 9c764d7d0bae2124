"""Two real `rightthere worker` processes on one PostgreSQL database, one of them
killed with SIGKILL halfway: every task runs, none runs twice except the one the
killed worker was in the middle of, each periodic job runs once per period, and
nothing is left RUNNING (the survivor's `recover-stalled-work` job queues the
dead worker's task again once its heartbeat is stale). docs/deploy/two-workers.md
quotes the figures this test prints (-s).

Periodic intervals and heartbeat timings are scaled by PERIODIC_INTERVAL_SCALE =
0.05: the one-minute jobs run every 3 s, a worker beats every 0.75 s and is taken
for dead after 3 s.
"""

import time
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from rightthere.jobs.periodic import JOBS
from tests.faults.conftest import VENV_BIN, Process, wait_for
from tests.jobs.live import live_env
from tests.jobs.recorded_tasks import LONG_TASK, TABLE, record_run

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: two worker processes claiming tasks at the same time "
        "(SKIP LOCKED); SQLite lets one writer in at a time (run with DATABASE_URL=postgres://...)",
    ),
]

TASKS = 1000
SCALE = 0.05
PERIODIC_PATH = "rightthere.jobs.periodic.run_periodic_job"
EVERY_MINUTE = sorted(name for name, job in JOBS.items() if job.every == timedelta(minutes=1))
PERIODS = 3


def runs_table_rows(select: str, group: str = "") -> list[tuple]:
    """`SELECT <select> FROM two_workers_runs <group>`, on the test's connection."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {TABLE} {group}")  # noqa: S608 - constants
        return cursor.fetchall()


def periodic_runs(status: str) -> dict[str, list[DBTaskResult]]:
    runs = defaultdict(list)
    for result in DBTaskResult.objects.filter(task_path=PERIODIC_PATH, status=status).order_by(
        "started_at"
    ):
        runs[result.args_kwargs["args"][0]].append(result)
    return runs


@pytest.fixture
def runs_table():
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {TABLE} (id serial PRIMARY KEY, number integer NOT NULL,"
            " worker_id text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")


def test_two_workers_run_every_task_once_and_survive_one_being_killed(runs_table, tmp_path):
    with transaction.atomic():
        for number in range(TASKS):
            record_run.enqueue(number)
    env = live_env(tmp_path, PERIODIC_INTERVAL_SCALE=str(SCALE))
    command = [str(VENV_BIN / "rightthere"), "worker", "--interval", "0.05", "--verbosity", "1"]
    began = time.monotonic()
    workers = {
        worker_id: Process([*command, "--worker-id", worker_id], env, tmp_path / f"{worker_id}.log")
        for worker_id in ("w1", "w2")
    }
    try:
        # Kill whichever worker is in the middle of the long task (after about 300
        # runs): its row is written, the task is not marked done.
        (killed_id,) = wait_for(
            lambda: runs_table_rows("worker_id", f"WHERE number = {LONG_TASK}"),
            timeout=40,
            interval=0.01,
            what=f"task {LONG_TASK} to start",
        )[0]
        workers[killed_id].kill9()
        killed = time.monotonic()
        (survivor_id,) = set(workers) - {killed_id}
        at_kill = Counter(dict(runs_table_rows("worker_id, count(*)", "GROUP BY worker_id")))

        wait_for(
            lambda: DBTaskResult.objects.filter(
                exception_class_path="rightthere.jobs.WorkerStopped"
            ).exists(),
            timeout=20,
            interval=0.05,
            what="the killed worker's task to be queued again",
        )
        recovered_after = time.monotonic() - killed

        def finished() -> bool:
            done = runs_table_rows("count(DISTINCT number)")[0][0] == TASKS
            # The survivor may be in the middle of a periodic job; nothing else may run.
            idle = all(
                r.task_path == PERIODIC_PATH and r.worker_ids[-1] == survivor_id
                for r in DBTaskResult.objects.filter(status="RUNNING")
            )
            periodic = periodic_runs("SUCCESSFUL")
            return done and idle and all(len(periodic[n]) >= PERIODS for n in EVERY_MINUTE)

        wait_for(finished, timeout=45, interval=0.1, what="all tasks and 3 periods")
        settled = time.monotonic()
    finally:
        for process in workers.values():
            process.stop()  # the survivor finishes its task and exits; the other is gone
        exits = {worker_id: process.popen.returncode for worker_id, process in workers.items()}

    runs = Counter(number for (number,) in runs_table_rows("number"))
    by_worker = Counter(dict(runs_table_rows("worker_id, count(*)", "GROUP BY worker_id")))
    tasks = DBTaskResult.objects.filter(task_path="tests.jobs.recorded_tasks.record_run")
    statuses = Counter(tasks.values_list("status", flat=True))
    stopped = list(tasks.filter(status="FAILED"))
    doubled = sorted(number for number, times in runs.items() if times > 1)
    periodic = periodic_runs("SUCCESSFUL")
    print(  # the figures in docs/deploy/two-workers.md
        f"\n{TASKS} tasks, 2 workers; killed {killed_id} in task {LONG_TASK} "
        f"{killed - began:.1f} s after start, runs then {dict(at_kill)}; its task queued "
        f"again by {survivor_id} {recovered_after:.1f} s after the kill; all done "
        f"{settled - began:.1f} s after start. Runs per worker {dict(by_worker)}; task rows "
        f"{dict(statuses)}; ran twice: {doubled}; periodic runs "
        f"{ {name: len(periodic[name]) for name in EVERY_MINUTE} }"
    )

    # Nothing lost: every task ran and finished.
    assert sorted(runs) == list(range(TASKS))
    assert statuses["SUCCESSFUL"] == TASKS
    assert set(statuses) <= {"SUCCESSFUL", "FAILED"}
    # No double runs, except the task the killed worker was in the middle of: it was
    # marked failed (WorkerStopped) and queued again, and ran again in full.
    assert doubled == [LONG_TASK]
    assert [(r.args_kwargs["args"], r.exception_class_path, r.worker_ids) for r in stopped] == [
        ([LONG_TASK], "rightthere.jobs.WorkerStopped", [killed_id])
    ]
    assert tasks.get(status="SUCCESSFUL", args_kwargs__args=[LONG_TASK]).worker_ids == [survivor_id]
    # Both workers took part before the kill.
    assert at_kill["w1"] > 100 and at_kill["w2"] > 100
    # Nothing left RUNNING, nothing the killed worker held still waiting for it.
    left_running = list(
        DBTaskResult.objects.filter(status="RUNNING").values_list(
            "task_path", "args_kwargs", "worker_ids", "started_at"
        )
    )
    assert not left_running, (left_running, exits, workers[survivor_id].output())
    # Each periodic job ran once per period: a run is never sooner than one scaled
    # interval after the previous one, and only one next run is ever waiting.
    for name in EVERY_MINUTE:
        starts = [r.started_at for r in periodic[name]]
        gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
        assert len(starts) >= PERIODS, name
        assert min(gaps) >= timedelta(minutes=1) * SCALE, (name, gaps)
    waiting = Counter(
        r.args_kwargs["args"][0]
        for r in DBTaskResult.objects.filter(task_path=PERIODIC_PATH, status="READY")
    )
    assert waiting == dict.fromkeys(JOBS, 1), waiting
    failed_periodic = DBTaskResult.objects.filter(task_path=PERIODIC_PATH, status="FAILED")
    assert all(
        r.exception_class_path == "rightthere.jobs.WorkerStopped" for r in failed_periodic
    ), [r.traceback for r in failed_periodic]

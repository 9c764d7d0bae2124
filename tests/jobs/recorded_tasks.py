"""A task for tests/jobs/test_two_workers.py, run by real worker processes: each run
writes a row (task number, worker id) to a table the test creates and drops, so a
task that ran twice shows up twice."""

import time

from django.db import connection
from django_tasks import TaskContext, task

TABLE = "two_workers_runs"
LONG_TASK = 300  # its worker is killed while it runs: its row is written, it is not done
LONG_SECONDS = 2


@task(takes_context=True)
def record_run(context: TaskContext, number: int) -> int:
    worker_id = context.task_result.worker_ids[-1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (number, worker_id) VALUES (%s, %s)",  # noqa: S608 - a constant
            [number, worker_id],
        )
    # A little work after the write; the test kills the worker during the long one.
    time.sleep(LONG_SECONDS if number == LONG_TASK else 0.01)
    return number

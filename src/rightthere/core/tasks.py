"""Enqueue a background task that must run only if the current transaction commits."""

from typing import Any

from django.db import connection, transaction
from django_tasks.base import Task


def _stored_in_this_transaction(task: Task[Any, Any]) -> bool:
    """Whether the task's backend keeps its queue in this database (django-tasks-db),
    so that enqueueing writes a row in the caller's transaction."""
    backend = task.get_backend()
    return type(backend).__module__.startswith("django_tasks_db") and connection.in_atomic_block


def enqueue_on_commit(task: Task[Any, Any], *args: Any) -> None:
    """Enqueue `task(*args)` so that it runs only once the current transaction commits.

    With the database backend the task row is written in the transaction itself:
    it commits or rolls back with the work it is about, so a crash between the
    commit and the enqueue cannot lose it, and it costs no transaction of its own
    (the worker sees it only after the commit). Other backends may run a task at
    once or elsewhere, so there it is enqueued after the commit.
    """
    if _stored_in_this_transaction(task):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))

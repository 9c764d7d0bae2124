"""Run a whole transaction again when the database turned it away for a concurrent one.

SQLite lets one writer in at a time: a second writer waits (busy timeout) and may still
be told "database is locked" (or, on a shared-cache database, "database table is
locked" at once). PostgreSQL may abort one of two transactions that wait for each
other (deadlock) or, under stricter isolation, a serialization failure. In each case
nothing was written and the whole transaction may simply run again. Only a transaction
of our own is retried: inside someone else's atomic block the error goes up to them.
"""

import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")

# PostgreSQL's serialization_failure and deadlock_detected.
_RETRY_PGCODES = {"40001", "40P01"}


def _is_contention(error: OperationalError) -> bool:
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in _RETRY_PGCODES:
        return True
    if getattr(cause, "pgcode", None) in _RETRY_PGCODES:
        return True
    return connection.vendor == "sqlite" and "locked" in str(error)


def retry_on_contention(run: Callable[[], T], *, attempts: int = 8) -> T:
    """`run()` (which opens its own transaction), again up to `attempts` times while the
    database refuses it for a concurrent transaction."""
    for attempt in range(1, attempts + 1):
        try:
            return run()
        except OperationalError as error:
            if connection.in_atomic_block or attempt == attempts or not _is_contention(error):
                raise
            time.sleep(0.1 * attempt + random.random() * 0.05)  # noqa: S311 - jitter only
    raise AssertionError("unreachable")

"""A worker's heartbeat: a daemon thread that records every few seconds, on its
own database connection, that this worker is alive (`WorkerHeartbeat`).

It beats even while the worker runs a long task, so `recover_stalled` only takes
a worker for dead when its process has stopped (or cannot reach the database)."""

import logging
import threading

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from rightthere.jobs.models import WorkerHeartbeat
from rightthere.jobs.periodic import HEARTBEAT_EVERY, interval

logger = logging.getLogger(__name__)


def beat(worker_id: str) -> None:
    """Record that this worker is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": timezone.now()}
    )


class Heartbeat:
    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self.every = interval(HEARTBEAT_EVERY).total_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"heartbeat-{worker_id}", daemon=True
        )

    def start(self) -> None:
        """Beat once now (in the caller's thread: a database error stops the start),
        then keep beating in the background."""
        beat(self.worker_id)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                close_old_connections()  # this thread's own connection
                try:
                    beat(self.worker_id)
                except DatabaseError:
                    logger.warning("Worker %s: heartbeat not recorded", self.worker_id)
                    connection.close()  # reconnect on the next beat
        finally:
            connection.close()

import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError
from django.dispatch import receiver
from django_tasks.signals import task_finished, task_started

from rightthere.accounts.business_locale import (
    activate_business_locale,
    deactivate_business_locale,
)
from rightthere.jobs.heartbeat import Heartbeat
from rightthere.jobs.periodic import JOBS, ensure_scheduled, recover_abandoned


@receiver(task_started, dispatch_uid="rightthere.worker.business_locale")
def _in_business_locale(**kwargs: object) -> None:
    """Each queued task runs in the business's time zone and language as they are now
    (the owner may change them while the worker runs; the profile is cached a few
    seconds). Customers' mails switch to the customer's language inside."""
    activate_business_locale()


@receiver(task_finished, dispatch_uid="rightthere.worker.business_locale_done")
def _back_to_default_locale(**kwargs: object) -> None:
    deactivate_business_locale()


class Command(BaseCommand):
    help = "Run the background worker: periodic jobs (mail polling, reminders) and queued work."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is due, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--worker-id",
            default=socket.gethostname()[:64],
            help=(
                "Stable name of this worker (default: the host name). Give each worker its own "
                "id: work it left running when it was killed is queued again when it restarts "
                "(or by another worker once its heartbeat is a minute old)."
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        worker_id = str(options["worker_id"])
        # Alive before it claims anything, so no other worker takes its work for abandoned.
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            recovered = recover_abandoned(worker_id)
            if recovered:
                self.stdout.write(
                    f"Queued again {recovered} task(s) interrupted by a previous stop."
                )
            started = ensure_scheduled()
            self.stdout.write(
                f"Periodic jobs: {', '.join(JOBS)} "
                f"(newly scheduled: {', '.join(started) or 'none'})"
            )
            call_command(
                "db_worker",
                batch=options["batch"],
                interval=options["interval"],
                startup_delay=False,
                reload=False,  # a reloading worker would run this command twice
                worker_id=worker_id,
                verbosity=options.get("verbosity", 1),
            )
        finally:
            # Stopped: put back what it claimed but did not run. A SIGTERM that lands
            # just after a claim commits makes db_worker exit before it runs that task.
            self._put_back_unfinished(worker_id)
            heartbeat.stop()

    def _put_back_unfinished(self, worker_id: str) -> None:
        try:
            put_back = recover_abandoned(worker_id)
        except DatabaseError:
            return  # the database is gone; a restart or another worker recovers it
        if put_back:
            self.stdout.write(f"Queued again {put_back} task(s) claimed but not finished.")

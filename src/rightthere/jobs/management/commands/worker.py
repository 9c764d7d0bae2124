import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from rightthere.jobs.periodic import JOBS, ensure_scheduled, recover_abandoned


class Command(BaseCommand):
    help = "Run the background worker: periodic jobs (mail polling, reminders) and queued work."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is due, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument(
            "--worker-id",
            default=socket.gethostname()[:64],
            help=(
                "Stable name of this worker (default: the host name). Work it left running when "
                "it was killed is queued again when it restarts; give each worker its own id."
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        worker_id = str(options["worker_id"])
        recovered = recover_abandoned(worker_id)
        if recovered:
            self.stdout.write(f"Queued again {recovered} task(s) interrupted by a previous stop.")
        started = ensure_scheduled()
        self.stdout.write(
            f"Periodic jobs: {', '.join(JOBS)} (newly scheduled: {', '.join(started) or 'none'})"
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

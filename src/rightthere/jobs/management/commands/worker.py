from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from rightthere.jobs.periodic import JOBS, ensure_scheduled


class Command(BaseCommand):
    help = "Run the background worker: periodic jobs (mail polling, reminders) and queued work."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is due, then exit.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args: object, **options: object) -> None:
        started = ensure_scheduled()
        self.stdout.write(
            f"Periodic jobs: {', '.join(JOBS)} (newly scheduled: {', '.join(started) or 'none'})"
        )
        call_command(
            "db_worker",
            batch=options["batch"],
            interval=options["interval"],
            startup_delay=False,
            verbosity=options.get("verbosity", 1),
        )

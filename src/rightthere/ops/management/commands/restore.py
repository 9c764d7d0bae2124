from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `rightthere backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="The backup file.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: object, **options: object) -> None:
        source = Path(str(options["source"]))
        if not options["yes"]:
            answer = input(f"Replace everything in the database with {source}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored from {source}. Restart the web server and worker.")
        )

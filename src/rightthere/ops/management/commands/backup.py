from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from rightthere.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database (SQLite copy or pg_dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", nargs="?", help="File to write (default: a dated file).")

    def handle(self, *args: object, **options: object) -> None:
        suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
        default = f"rightthere-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"
        target = Path(str(options["target"] or default))
        try:
            written = backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = written.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written} ({size:,} bytes)."))
        self.stdout.write("Back up the attachments folder (MEDIA_ROOT) with it.")

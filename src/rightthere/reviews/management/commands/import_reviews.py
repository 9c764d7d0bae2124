"""rightthere import_reviews FILE [--format csv|json]: import a file of reviews."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.desk.reviews import run_import
from rightthere.reviews.models import ReviewImport
from rightthere.reviews.parsing import guess_format, parse_file


class Command(BaseCommand):
    help = "Import online reviews from a CSV or JSON file (already imported ones are skipped)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv", "json"], default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        file_format = options["format"] or guess_format(path.name, content)
        parsed = parse_file(content, file_format)
        for problem in parsed.errors:
            self.stderr.write(f"{path.name}, line {problem.line}: {problem.message}")
        job = ReviewImport.objects.create(
            filename=path.name, file_format=file_format, content=content,
            total_rows=len(parsed.rows),
            errors=[{"line": e.line, "message": e.message} for e in parsed.errors],
        )  # fmt: skip
        job = run_import(job)
        self.stdout.write(
            f"{job.created_reviews} imported, {job.duplicates} already there, "
            f"{len(parsed.errors)} malformed row(s) skipped."
        )

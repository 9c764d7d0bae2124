from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.mail.ingest import ingest_many
from rightthere.mail.models import InboundMail, InboundStatus, Source


def describe(inbound: InboundMail) -> str:
    reference = inbound.case.reference if inbound.case_id and inbound.case else ""
    if inbound.duplicate:
        return f"duplicate of mail #{inbound.pk}" + (f" ({reference})" if reference else "")
    if inbound.status == InboundStatus.FAILED:
        return f"failed: {inbound.error}"
    if inbound.status == InboundStatus.IGNORED:
        return f"ignored: {inbound.error}"
    if inbound.status == InboundStatus.BOUNCE:
        return f"bounce on {reference}: {inbound.error}"
    return f"{reference} ({'new case' if inbound.opened_case else 'added to case'})"


class Command(BaseCommand):
    help = "Import .eml files as incoming mail: each becomes a case, a reply, or a listed failure."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = 0
        readable: list[Path] = []

        def contents(paths: list[Path]) -> Iterator[tuple[bytes, str]]:
            nonlocal problems
            for path in paths:
                try:
                    raw = path.read_bytes()
                except OSError as error:
                    self.stdout.write(self.style.ERROR(f"{path}: cannot read: {error.strerror}"))
                    problems += 1
                    continue
                readable.append(path)
                yield raw, path.name

        # Imported a batch at a time (one transaction to store, one to process it).
        for index, inbound in enumerate(ingest_many(contents(options["files"]), Source.EML)):
            failed = inbound.status == InboundStatus.FAILED
            style = self.style.ERROR if failed else self.style.SUCCESS
            self.stdout.write(style(f"{readable[index]}: {describe(inbound)}"))
            problems += failed
        if problems:
            raise CommandError(f"{problems} of {len(options['files'])} files were not imported.")

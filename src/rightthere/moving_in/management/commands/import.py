"""rightthere import: move a desk in from a Zendesk or Freshdesk export or a django-helpdesk
database.

    rightthere import zendesk export.zip
    rightthere import freshdesk freshdesk-export.zip
    rightthere import helpdesk postgres://user@host/helpdesk --media-root /srv/helpdesk/media
    rightthere import helpdesk /srv/helpdesk/db.sqlite3 --media-root /srv/helpdesk/media

Run it again with the same source after a crash: it continues from the last batch
committed. Once done, running it again adds nothing (it reports "already imported").
The same functions as the owner's screen and /api/imports (moving_in.actions).
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.core.errors import CaseError
from rightthere.moving_in import actions, importer
from rightthere.moving_in.freshdesk import looks_like_freshdesk
from rightthere.moving_in.models import ImportJob, JobStatus


class Command(BaseCommand):
    help = (
        "Import customers, cases and messages from a Zendesk or Freshdesk export or a "
        "django-helpdesk database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["zendesk", "freshdesk", "helpdesk"])
        parser.add_argument("source", help="The export file, or the database URL / SQLite file.")
        parser.add_argument("--media-root", default="", help="helpdesk's MEDIA_ROOT (attachments)")
        parser.add_argument("--batch-size", type=int, default=importer.BATCH_SIZE)
        parser.add_argument("--preview", action="store_true", help="Show the preview only.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["kind"] in ("zendesk", "freshdesk"):
                path = Path(options["source"])
                if not path.is_file():
                    raise CommandError(f"No file at {path}.")
                data = path.read_bytes()
                found = "freshdesk" if looks_like_freshdesk(data) else "zendesk"
                if found != options["kind"]:
                    raise CommandError(f"{path.name} looks like a {found.title()} export: run "
                                       f"`rightthere import {found} {path}`.")  # fmt: skip
                job, continued = actions.job_for_command(found, path=path.name, data=data)
            else:
                job, continued = actions.job_for_command(
                    "helpdesk", database_url=options["source"], media_root=options["media_root"]
                )
        except CaseError as error:
            raise CommandError(error.message) from error
        self._preview(job)
        if options["preview"]:
            return
        if continued:
            self.stdout.write(f"Continuing import #{job.pk} at ticket {job.position:,} of "
                              f"{job.total:,}.")  # fmt: skip

        def progress(done: ImportJob) -> None:
            self.stdout.write(f"  {done.position:,} / {done.total:,} tickets")

        started = time.perf_counter()
        ran = actions.run_job(job.pk, batch_size=options["batch_size"], after_batch=progress)
        seconds = time.perf_counter() - started
        if ran is None:
            raise CommandError(f"Import #{job.pk} is being run by another process.")
        if ran.status == JobStatus.FAILED:
            raise CommandError(f"Import #{ran.pk} stopped: {ran.error}")
        self.stdout.write(self.style.SUCCESS(
            f"Import #{ran.pk} done in {seconds:.1f} s: {importer.summary(ran)}"))  # fmt: skip
        for item in ran.skipped[:50]:
            self.stdout.write(f"  skipped {item['what']}: {item['reason']}")
        if ran.skipped_total > 50:
            self.stdout.write(f"  ... {ran.skipped_total - 50:,} more on the import's page.")

    def _preview(self, job: ImportJob) -> None:
        counts = job.preview.get("counts", {})
        self.stdout.write(f"Import #{job.pk} from {job.label}: " + ", ".join(
            f"{n:,} {name}" for name, n in counts.items()))  # fmt: skip

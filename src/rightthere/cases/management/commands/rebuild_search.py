import time

from django.core.management.base import BaseCommand

from rightthere.cases.search import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index of every case (after a bulk import or restore)."

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        self.stdout.write("Rebuilding the search index…")
        count = rebuild_index()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count:,} cases in {elapsed:.1f} s."))

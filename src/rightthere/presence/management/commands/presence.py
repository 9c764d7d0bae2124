from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rightthere.presence.actions import FRESH, prune_presence
from rightthere.presence.models import Presence


class Command(BaseCommand):
    help = (
        "Who has which case open now (viewing or writing a reply); "
        "--prune deletes the rows of people who have left."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Delete presence rows not refreshed within --older-than seconds.",
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(FRESH.total_seconds()),
            metavar="SECONDS",
            help=f"With --prune: rows older than this (default {int(FRESH.total_seconds())}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["prune"]:
            if options["older_than"] < 0:
                raise CommandError("--older-than must be 0 or more seconds.")
            deleted = prune_presence(older_than=timedelta(seconds=options["older_than"]))
            self.stdout.write(f"Deleted {deleted} presence row{'' if deleted == 1 else 's'}.")
            return
        now = timezone.now()
        rows = (
            Presence.objects.filter(updated_at__gte=now - FRESH)
            .select_related("user", "case")
            .order_by("case_id", "user__first_name", "user__username")
        )
        found = False
        for row in rows:
            found = True
            ago = int((now - row.updated_at).total_seconds())
            self.stdout.write(
                f"{row.case.reference}  {row.user.display_name} is {row.get_state_display()} "
                f"({ago} s ago)"
            )
        if not found:
            self.stdout.write("Nobody has a case open right now.")

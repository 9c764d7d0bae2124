"""Notifications from the command line: send today's digests now, list a person's
unread ones, or mark them read.

    python -m rightthere notifications --digest
    python -m rightthere notifications --user adam [--all] [--mark-read]
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.notifications.bell import mark_all_read, notifications_of, unread_count
from rightthere.notifications.digest import send_digests


class Command(BaseCommand):
    help = "Send today's notification digests now, or list (and mark read) a person's."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Send today's digests now, whatever the hour (still once a day per person).",
        )
        parser.add_argument("--user", help="List this person's unread notifications.")
        parser.add_argument("--all", action="store_true", help="With --user: read ones too.")
        parser.add_argument("--limit", type=int, default=50, help="With --user: how many.")
        parser.add_argument(
            "--mark-read", action="store_true", help="With --user: then mark them all read."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["digest"] and not options["user"]:
            raise CommandError("Say what to do: --digest, or --user NAME.")
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        if options["digest"]:
            sent = send_digests(any_hour=True)["digests"]
            self.stdout.write(f"Digests queued: {sent}.")
        if options["user"]:
            self._list(options["user"], everything=options["all"], limit=options["limit"],
                       mark=options["mark_read"])  # fmt: skip

    def _list(self, username: str, *, everything: bool, limit: int, mark: bool) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        rows = list(notifications_of(user, unread=not everything)[:limit])
        self.stdout.write(f"{user.display_name}: {unread_count(user)} unread.")
        for n in rows:
            when = timezone.localtime(n.created_at)
            mark_sign = "*" if n.read_at is None else " "
            self.stdout.write(f"{mark_sign} {when:%Y-%m-%d %H:%M}  {n.text}  {n.url}")
        if mark:
            self.stdout.write(f"Marked {mark_all_read(user)} read.")

"""rightthere calendar-feed --user USERNAME [--rotate]: a technician's calendar address."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.core.public_links import base_url
from rightthere.field import feeds


class Command(BaseCommand):
    help = (
        "Show the address a technician's (or subcontractor's) phone calendar subscribes to; "
        "--rotate makes a new one and the old one stops working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the username")
        parser.add_argument("--rotate", action="store_true", help="make a new address")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user called {options['user']!r}.")
        try:
            feed = feeds.rotate_feed(user) if options["rotate"] else feeds.feed_of(user)
        except CaseError as error:
            raise CommandError(error.message) from error
        url = base_url() + feeds.feed_path(feed)
        if options["rotate"]:
            self.stdout.write("New address made; the old one no longer works.")
        self.stdout.write(url)

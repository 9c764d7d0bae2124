"""`rightthere init`: the first run from the command line: the owner, the business's
name, time zone and language (the same function as the /start/ page). Asks for what
is not given as an option; with --no-input everything must be given."""

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.core.errors import InvalidInput
from rightthere.setup_screens.first_run import STEPS, create_first_owner, needs_first_run
from rightthere.setup_screens.gaps import missing


class Command(BaseCommand):
    help = "Set up a fresh install: create the owner and name the business."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username")
        parser.add_argument("--email", default=None)
        parser.add_argument("--business-name")
        parser.add_argument("--time-zone", default="")
        parser.add_argument("--language", default="")
        parser.add_argument("--no-input", action="store_true",
                            help="Do not ask; the password comes from RIGHTTHERE_OWNER_PASSWORD.")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        import os

        if not needs_first_run():
            raise CommandError("This desk already has people; owners set it up under Set-up.")
        ask = not options["no_input"]

        def value(name: str, prompt: str, default: str = "") -> str:
            given = options.get(name)
            if given is None or (given == "" and ask and not default):
                given = input(f"{prompt}: ").strip() if ask else ""
            return given or default

        username = value("username", "Owner's username")
        email = value("email", "Owner's e-mail (optional)")
        business = value("business_name", "Business name")
        password = os.environ.get("RIGHTTHERE_OWNER_PASSWORD", "")
        if not password and ask:
            password = getpass.getpass("Owner's password: ")
        try:
            owner = create_first_owner(username=username or "", password=password, email=email,
                                       business_name=business or "",
                                       time_zone=options["time_zone"],
                                       language=options["language"])  # fmt: skip
        except InvalidInput as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Created the owner {owner.username}."))
        self.stdout.write("Still to set up (open /settings/ in the browser):")
        for gap in missing():
            self.stdout.write(f"  - {gap.what}: {gap.why}")
        self.stdout.write(f"The guided path: /settings/first-run/{STEPS[0].key}/")

"""rightthere customer_pages [--organisation-sharing on|off --as OWNER]: show or change
what signed-in customers see on "All my requests", through `portal.setup`, the function
the Customer sign-in screen and PUT /api/customer-pages call."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.portal.setup import portal_settings, set_organisation_sharing


class Command(BaseCommand):
    help = "Show, or change (owners), whether an organisation's contacts see all its requests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation-sharing", choices=("on", "off"),
                            help="on: every contact of an organisation sees all its requests; "
                            "off: each sees their own.")  # fmt: skip
        parser.add_argument("--as", dest="owner", default="", help="An owner's username.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["organisation_sharing"] is not None:
            actor = User.objects.filter(username=options["owner"], is_active=True).first()
            if actor is None:
                raise CommandError("Say which owner does this: --as USERNAME.")
            try:
                set_organisation_sharing(actor, options["organisation_sharing"] == "on")
            except CaseError as error:
                raise CommandError(error.message) from error
        on = portal_settings().organisation_sharing
        self.stdout.write(
            "Organisation sharing: on (an organisation's contacts see all its requests)"
            if on
            else "Organisation sharing: off (each contact sees the requests they asked)"
        )

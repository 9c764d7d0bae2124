"""rightthere sms status|from-number ...: how texts are set up, as the SMS screen shows.

status                         the backend, the From number and what is missing
from-number NUMBER --as OWNER  the number texts come from ("" for SMS_FROM_NUMBER)
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.sms.setup import set_from_number, sms_setup


class Command(BaseCommand):
    help = "Show how texts (SMS) are set up and what is missing; set the From number."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="the backend, the From number and what is missing")
        number = sub.add_parser("from-number", help="set the number texts come from")
        number.add_argument("number", help='E.164 or as dialled here; "" for SMS_FROM_NUMBER')
        number.add_argument("--as", dest="username", required=True, help="an owner's username")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "from-number":
            owner = User.objects.filter(username=options["username"], is_active=True).first()
            if owner is None:
                raise CommandError(f"There is no active user '{options['username']}'.")
            try:
                saved = set_from_number(owner, options["number"])
            except CaseError as error:
                raise CommandError(error.message) from error
            self.stdout.write(f"From number: {saved or '(SMS_FROM_NUMBER from the environment)'}")
        state = sms_setup()
        if options["action"] == "status":
            self.stdout.write(
                f"SMS: {'on' if state.on else 'off'} ({state.backend or 'SMS_BACKEND not set'})"
            )
            self.stdout.write(f"From number: {state.from_number or 'not set'}")
            self.stdout.write(f"Incoming texts (STOP/START) to: {state.inbound_url}")
            self.stdout.write(
                f"Numbers that said STOP: {state.opted_out}; failed texts: {state.failed}"
            )
        for what in state.missing:
            self.stdout.write(f"Missing: {what}")
        if state.ready:
            self.stdout.write("Texts go out.")

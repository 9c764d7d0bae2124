"""Change many cases at once from the command line, as the inbox's bulk bar does.

python -m rightthere bulk_update RT-000012 RT-000015 --as katherine --assign anna
python -m rightthere bulk_update 12 15 --as katherine --status solved
python -m rightthere bulk_update 12 15 --as katherine --merge-into RT-000010
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import Team, User
from rightthere.cases.models.case import parse_reference
from rightthere.core.errors import CaseError
from rightthere.desk.bulk import BulkAction, BulkChange, bulk_update


class Command(BaseCommand):
    help = "Assign, re-team, set the status or priority of, tag or merge many cases at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cases", nargs="+", help="References (RT-000123) or numbers.")
        parser.add_argument("--as", dest="username", required=True, help="The owner or agent.")
        change = parser.add_mutually_exclusive_group(required=True)
        change.add_argument("--assign", metavar="USERNAME", help="'-' for nobody.")
        change.add_argument("--team", metavar="NAME", help="'-' for no team.")
        change.add_argument("--status")
        change.add_argument("--priority")
        change.add_argument("--tag", help="A tag to add.")
        change.add_argument("--merge-into", metavar="REFERENCE")
        parser.add_argument("--waiting-reason", default="", help="With a waiting status.")
        parser.add_argument("--confirm-different-customers", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user called {options['username']!r}.")
        ids = []
        for text in options["cases"]:
            case_id = parse_reference(text)
            if case_id is None:
                raise CommandError(f"{text!r} is not a case reference.")
            ids.append(case_id)
        try:
            result = bulk_update(actor, ids, self._change(options))
        except CaseError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(result.message)

    def _change(self, options: dict[str, Any]) -> BulkChange:
        if options["assign"] is not None:
            return BulkChange(BulkAction.ASSIGN, self._person(options["assign"]))
        if options["team"] is not None:
            return BulkChange(BulkAction.TEAM, self._team(options["team"]))
        if options["status"] is not None:
            return BulkChange(BulkAction.STATUS, options["status"], options["waiting_reason"])
        if options["priority"] is not None:
            return BulkChange(BulkAction.PRIORITY, options["priority"])
        if options["tag"] is not None:
            return BulkChange(BulkAction.TAG, options["tag"])
        return BulkChange(
            BulkAction.MERGE,
            options["merge_into"],
            confirm_different_customers=options["confirm_different_customers"],
        )

    @staticmethod
    def _person(username: str) -> str:
        if username == "-":
            return ""
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {username!r}.")
        return str(user.pk)

    @staticmethod
    def _team(name: str) -> str:
        if name == "-":
            return ""
        team = Team.objects.filter(name__iexact=name).first()
        if team is None:
            raise CommandError(f"No team called {name!r}.")
        return str(team.pk)

"""rightthere root_causes list | add NAME | rename OLD NEW | hide NAME | offer NAME |
remove NAME  --as OWNER: the root causes a complaint's improvement step offers, through
the same `recovery.setup` functions as the Root causes screen and /api/root-causes."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.recovery import setup
from rightthere.recovery.models import RootCause, active_root_causes


class Command(BaseCommand):
    help = "List, add, rename, hide, offer again or remove root causes (owners)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "add", "rename", "hide", "offer", "remove"])
        parser.add_argument("names", nargs="*", help="The name (rename: the old and new name).")
        parser.add_argument("--as", dest="owner", default="", help="An owner's username.")

    def handle(self, *args: Any, **options: Any) -> None:
        action, names = options["action"], options["names"]
        if action == "list":
            active_root_causes()
            for cause in RootCause.objects.all():
                self.stdout.write(
                    f"{cause.pk}\t{cause.name}\t{'offered' if cause.active else 'hidden'}"
                )
            return
        actor = User.objects.filter(username=options["owner"], is_active=True).first()
        if actor is None:
            raise CommandError("Say which owner does this: --as USERNAME.")
        if len(names) != (2 if action == "rename" else 1):
            raise CommandError("Give the old and the new name." if action == "rename"
                               else "Give the root cause's name.")  # fmt: skip
        try:
            if action == "add":
                self.stdout.write(
                    f"Root cause {setup.add_root_cause(actor, name=names[0]).name} added."
                )
                return
            found = RootCause.objects.filter(name__iexact=names[0].strip()).first()
            if found is None:
                raise CommandError(f"There is no root cause called {names[0]!r}.")
            if action == "remove":
                setup.delete_root_cause(actor, found)
                self.stdout.write(f"Root cause {found.name} removed.")
                return
            name = names[1] if action == "rename" else found.name
            active = {"hide": False, "offer": True}.get(action, found.active)
            changed = setup.change_root_cause(actor, found, name=name, active=active)
            self.stdout.write(
                f"Root cause {changed.name}: {'offered' if changed.active else 'hidden'}."
            )
        except CaseError as error:
            raise CommandError(error.message) from error

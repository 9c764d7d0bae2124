"""rightthere team list | change USERNAME --as OWNER: the desk's people from a shell; a
change goes through the same `accounts.setup.change_person` as the Team screen and
PATCH /api/users/{id}.

    rightthere team change adam --role owner --team "Repairs desk" --manager olivia --as olivia
    rightthere team change adam --no-team --no-manager --as olivia
    rightthere team change adam --language de --as olivia
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import Role, Team, User
from rightthere.accounts.setup import change_person
from rightthere.core.errors import CaseError, InvalidField


class Command(BaseCommand):
    help = "List the desk's people, or change one's role, teams and manager (owners)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "change"])
        parser.add_argument("username", nargs="?", default="")
        parser.add_argument("--role", choices=[r for r in Role.values if r != Role.SUBCONTRACTOR])
        parser.add_argument("--team", action="append", default=[],
                            help="A team they are in (repeat for several; replaces them all).")  # fmt: skip
        parser.add_argument("--no-team", action="store_true", help="Take them out of every team.")
        parser.add_argument("--manager", default="", help="Their manager's username.")
        parser.add_argument("--no-manager", action="store_true", help="Remove their manager.")
        parser.add_argument("--language", default=None,
                            help="Their screens' language (e.g. de, en-gb); \"\" for none: "
                                 "their browser's, else the business's.")  # fmt: skip
        parser.add_argument("--as", dest="owner", default="", help="An owner's username.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            people = User.objects.select_related("manager").prefetch_related("teams")
            for p in people.order_by("username"):
                teams = ", ".join(t.name for t in p.teams.all()) or "-"
                manager = p.manager.username if p.manager else "-"
                language = f"\tlanguage: {p.language}" if p.language else ""
                active = "" if p.is_active else "\t(deactivated)"
                self.stdout.write(f"{p.username}\t{p.role}\tteams: {teams}\tmanager: {manager}"
                                  f"{language}{active}")  # fmt: skip
            return
        actor = User.objects.filter(username=options["owner"], is_active=True).first()
        if actor is None:
            raise CommandError("Say which owner does this: --as USERNAME.")
        person = User.objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError(f"There is nobody with the username {options['username']!r}.")
        changes: dict[str, Any] = {"role": options["role"], "language": options["language"]}
        if options["team"] or options["no_team"]:
            changes["teams"] = [self._team(name) for name in options["team"]]
        if options["manager"] or options["no_manager"]:
            changes["manager"] = self._person(options["manager"]) if options["manager"] else None
        try:
            person = change_person(actor, person, **changes)
        except InvalidField as error:
            raise CommandError(f"--{error.field}: {error.message}") from error
        except CaseError as error:
            raise CommandError(error.message) from error
        teams = ", ".join(t.name for t in person.teams.all()) or "no team"
        manager = person.manager.display_name if person.manager else "no manager"
        self.stdout.write(f"{person.display_name}: {Role(person.role).label}, {teams}, {manager}.")

    def _team(self, name: str) -> Team:
        team = Team.objects.filter(name__iexact=name.strip()).first()
        if team is None:
            raise CommandError(f"There is no team called {name!r}.")
        return team

    def _person(self, username: str) -> User:
        person = User.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"There is nobody with the username {username!r}.")
        return person

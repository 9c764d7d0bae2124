"""rightthere checklists list | add NAME | change NAME | remove NAME  --as OWNER:
checklist templates from a shell, through the same `checklists.setup` functions as the
Checklists screen and /api/checklist-templates.

    rightthere checklists add "Boiler repair" --kind repair --automatic \\
        --step "Check the pressure" --step "Bleed the radiators" --as olivia
    rightthere checklists remove "Boiler repair" --as olivia
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import User
from rightthere.cases.models import Kind
from rightthere.checklists import setup
from rightthere.checklists.models import ChecklistTemplate
from rightthere.core.errors import CaseError


class Command(BaseCommand):
    help = "List, add, change or remove checklist templates (owners)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "add", "change", "remove"])
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument("--kind", default="", choices=["", *Kind.values],
                            help="The kind of case it is for (none: any kind).")  # fmt: skip
        parser.add_argument("--automatic", action="store_true",
                            help="Put it on every new case of that kind.")  # fmt: skip
        parser.add_argument("--step", action="append", default=[], help="A step, in order.")
        parser.add_argument("--as", dest="owner", default="", help="An owner's username.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for t in ChecklistTemplate.objects.prefetch_related("steps"):
                auto = "automatic" if t.apply_automatically else "by hand"
                steps = "; ".join(s.text for s in t.steps.all())
                self.stdout.write(f"{t.pk}\t{t.name}\t{t.case_kind or 'any'}\t{auto}\t{steps}")
            return
        actor = User.objects.filter(username=options["owner"], is_active=True).first()
        if actor is None:
            raise CommandError("Say which owner does this: --as USERNAME.")
        fields = {"name": options["name"], "steps": options["step"],
                  "case_kind": options["kind"], "apply_automatically": options["automatic"]}  # fmt: skip
        try:
            if options["action"] == "add":
                made = setup.add_template(actor, **fields)
                self.stdout.write(f"Checklist {made.name} added (id {made.pk}).")
                return
            found = ChecklistTemplate.objects.filter(name__iexact=options["name"].strip()).first()
            if found is None:
                raise CommandError(f"There is no checklist called {options['name']!r}.")
            if options["action"] == "change":
                setup.change_template(actor, found, **fields)
                self.stdout.write(f"Checklist {found.name} saved.")
            else:
                setup.delete_template(actor, found)
                self.stdout.write(f"Checklist {found.name} removed; cases keep their steps.")
        except CaseError as error:
            raise CommandError(error.message) from error

"""rightthere relationship_rules [--lost-after-days N ...] --as OWNER: show the numbers
behind the customers' statuses, or change some, through `insights.setup`, the function
the Relationship rules screen and PATCH /api/relationship-rules call."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.insights.models import RelationshipRules
from rightthere.insights.setup import RULE_LIMITS, set_relationship_rules


class Command(BaseCommand):
    help = "Show the relationship rules, or change the numbers given (owners)."

    def add_arguments(self, parser: CommandParser) -> None:
        for name, (low, high, what) in RULE_LIMITS.items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=int,
                                help=f"{what} ({low} to {high}).")  # fmt: skip
        parser.add_argument("--as", dest="owner", default="", help="An owner's username.")

    def handle(self, *args: Any, **options: Any) -> None:
        values = {name: options[name] for name in RULE_LIMITS if options[name] is not None}
        if values:
            actor = User.objects.filter(username=options["owner"], is_active=True).first()
            if actor is None:
                raise CommandError("Say which owner does this: --as USERNAME.")
            try:
                set_relationship_rules(actor, **values)
            except CaseError as error:
                raise CommandError(error.message) from error
        rules = RelationshipRules.current()
        for name, (_, _, what) in RULE_LIMITS.items():
            self.stdout.write(f"{what}: {getattr(rules, name)}")

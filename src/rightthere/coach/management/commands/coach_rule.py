"""Try or add a reply-check pattern from the shell, as the settings page and the API do.

rightthere coach_rule try vague_commitment "will revert" --sentence "Will revert."
rightthere coach_rule add vague_commitment "will revert" --as owner@example.com
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts.models import User
from rightthere.coach import owner_rules
from rightthere.core.errors import CaseError


class Command(BaseCommand):
    help = "Try a reply-check pattern on the labelled replies, or add it (owners)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["try", "add"])
        parser.add_argument("category")
        parser.add_argument("pattern")
        parser.add_argument("--suggestion", default="")
        parser.add_argument("--sentence", default="")
        parser.add_argument("--as", dest="email", help="the owner who adds it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            trial = owner_rules.try_rule(
                options["category"], options["pattern"], options["sentence"],
                options["suggestion"],
            )  # fmt: skip
            self.stdout.write(
                f"On {trial.replies} labelled replies: newly flags {trial.newly_flagged}, "
                f"{trial.false_alarms} false alarms, {trial.already} found already."
            )
            for text in trial.newly_examples:
                self.stdout.write(f"  new:   {text}")
            for text in trial.false_examples:
                self.stdout.write(f"  false: {text}")
            if options["sentence"]:
                self.stdout.write(f"In the sentence: {trial.sentence_findings or 'nothing'}")
            if options["action"] == "add":
                user = User.objects.filter(email__iexact=options["email"] or "").first()
                if user is None:
                    raise CommandError("Say which owner adds it: --as <email>.")
                row = owner_rules.add_rule(
                    user, options["category"], options["pattern"], options["suggestion"]
                )
                self.stdout.write(f"Saved as rule {row.pk}.")
        except CaseError as error:
            raise CommandError(error.message) from error

"""`rightthere seed_demo`: fill the database with the Brightside Home Repairs demo."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from rightthere.demo.cast import BUSINESS_NAME, PASSWORD, USERNAMES
from rightthere.demo.seed import DEFAULT_CASES, seed_demo


class Command(BaseCommand):
    help = (
        f"Create the {BUSINESS_NAME} demo: staff, a subcontractor, 40 customers and 90 days "
        "of cases. Does nothing if the demo is already there (use --reset to rebuild it)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cases",
            type=int,
            default=DEFAULT_CASES,
            help=f"How many cases to create (default {DEFAULT_CASES}).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo's people, customers and cases first, then seed again.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cases = options["cases"]
        show_progress = options["verbosity"] >= 1 and self.stdout.isatty()
        with tqdm(total=cases, desc="Demo cases", unit="case", disable=not show_progress) as bar:
            result = seed_demo(cases=cases, reset=options["reset"], on_case=bar.update)
        if not result.created:
            self.stdout.write(
                "The demo is already there; nothing changed (use --reset to rebuild it)."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Seeded the {BUSINESS_NAME} demo."))
        self.stdout.write(
            f"  {result.users} people, {result.customers} customers, {result.cases} cases, "
            f"{result.messages} messages, {result.events} events.\n"
            f"  Log in as {', '.join(USERNAMES)} with the password '{PASSWORD}'."
        )

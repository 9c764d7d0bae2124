"""rightthere schedule [--date 2026-12-08] [--days 1]: the schedule board as text, per
technician and partner company: load, slack and the visits by time."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rightthere.field.board import hours_text, schedule_board


class Command(BaseCommand):
    help = "Print the day (or days) per technician and partner: load, slack and visits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The first day, e.g. 2026-12-08 (default: today).")
        parser.add_argument("--days", type=int, default=1, help="How many days (1 to 31).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(
                f"Give the date as YYYY-MM-DD, e.g. 2026-12-08 ({error})."
            ) from error
        if not 1 <= options["days"] <= 31:
            raise CommandError("Show 1 to 31 days.")
        board = schedule_board(start or timezone.localdate(), options["days"])
        if not board.rows:
            self.stdout.write("No technicians or partners are set up for field work yet.")
            return
        for visit in board.unplaced:
            self.stdout.write(
                f"Not on anyone's calendar: {timezone.localtime(visit.starts_at):%a %d %b %H:%M} "
                f"{visit.case.reference} with {visit.doer_name} (visit {visit.pk})"
            )
        for day_index, day in enumerate(board.days):
            self.stdout.write(f"{day:%A %d %B %Y}")
            if not any(row.days[day_index].visits for row in board.rows):
                self.stdout.write(f"  No visits on {day:%A %d %b}.")
            for row in board.rows:
                load = row.days[day_index]
                partner = " (partner)" if row.kind == "partner" else ""
                if load.working_minutes:
                    figures = (
                        f"{hours_text(load.booked_minutes)} booked of "
                        f"{hours_text(load.working_minutes)} ({load.load_percent}%), "
                        f"{hours_text(load.slack_minutes)} free"
                        + (", OVERLOADED" if load.overloaded else "")
                    )
                else:
                    figures = "not working"
                self.stdout.write(f"  {row.name}{partner}: {figures}")
                for visit in load.visits:
                    starts = timezone.localtime(visit.starts_at)
                    ends = timezone.localtime(visit.ends_at)
                    self.stdout.write(
                        f"    {starts:%H:%M}-{ends:%H:%M}  {visit.case.reference}  "
                        f"{visit.case.customer.name}  {visit.get_status_display()}  "
                        f"(visit {visit.pk})"
                    )

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.mail.imap import poll_all_mailboxes


class Command(BaseCommand):
    help = "Fetch new mail once from every active IMAP mailbox and turn it into cases."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Also start background polling (needs the task worker: rightthere db_worker).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        results = poll_all_mailboxes()
        if not results:
            self.stdout.write("No active mailboxes: add one in Set-up → Mailboxes.")
        for result in results:
            style = self.style.ERROR if result.error else self.style.SUCCESS
            self.stdout.write(style(str(result)))
        if options["schedule"]:
            from rightthere.mail.tasks import schedule_next_poll

            started = schedule_next_poll()
            self.stdout.write(
                "Background polling scheduled."
                if started
                else "Background polling not scheduled: already waiting, or no task worker backend."
            )
        failing = [r.mailbox for r in results if r.error]
        if failing:
            raise CommandError(f"Could not poll: {', '.join(failing)}")

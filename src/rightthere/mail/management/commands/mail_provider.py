"""`rightthere mail_provider`: the mail provider chosen in the environment, what it still
lacks, and the URLs to paste in its console (as Set-up → Mailboxes and outgoing mail and
GET /api/outgoing-mail show them, from `mail.providers.configured`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rightthere.mail.providers import PROVIDERS, configured


class Command(BaseCommand):
    help = "Show the mail provider (RIGHTTHERE_MAIL_PROVIDER), what it lacks, and its URLs."

    def handle(self, *args: Any, **options: Any) -> None:
        setup = configured()
        if setup is None:
            self.stdout.write(
                "No mail provider: mail comes in by IMAP and goes out by SMTP. Set "
                f"RIGHTTHERE_MAIL_PROVIDER to one of {', '.join(PROVIDERS)} to use one."
            )
            return
        self.stdout.write(f"Mail provider: {setup.provider.label}")
        self.stdout.write(f"Incoming mail URL: {setup.inbound_url}")
        self.stdout.write(f"Delivery reports URL: {setup.tracking_url}")
        for name, is_set, what in setup.variables():
            self.stdout.write(f"  {name}: {'set' if is_set else 'NOT SET'} ({what})")
        if setup.problems:
            raise CommandError(" ".join(setup.problems))
        self.stdout.write(self.style.SUCCESS("Ready to send and receive."))

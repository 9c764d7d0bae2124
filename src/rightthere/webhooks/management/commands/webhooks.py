"""`rightthere webhooks`: outgoing webhooks from the command line, through the same
functions as the set-up screens and the API (webhooks.actions), acting as the desk.

    rightthere webhooks list
    rightthere webhooks add "Accounting" https://books.example.com/hook case.opened csat.answered
    rightthere webhooks pause 3 | resume 3 | remove 3 | secret 3
    rightthere webhooks log 3 [--status failed]
    rightthere webhooks resend <delivery pk>
    rightthere webhooks deliver [3]     # send what is due now (the worker does this by itself)
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.core.errors import CaseError
from rightthere.webhooks import actions
from rightthere.webhooks.models import Delivery, DeliveryStatus, EventType, Subscription
from rightthere.webhooks.tasks import send_due, sweep


class Command(BaseCommand):
    help = "Set up outgoing webhooks, read their delivery log, and send what is due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="every webhook")
        add = sub.add_parser("add", help="subscribe a URL to events (prints its secret)")
        add.add_argument("name")
        add.add_argument("url")
        add.add_argument("events", nargs="+", help=", ".join(EventType.values))
        for name in ("pause", "resume", "remove", "secret"):
            sub.add_parser(name).add_argument("webhook_id", type=int)
        log = sub.add_parser("log", help="the delivery log, newest first")
        log.add_argument("webhook_id", type=int)
        log.add_argument("--status", choices=DeliveryStatus.values)
        log.add_argument("--limit", type=int, default=20)
        sub.add_parser("resend", help="send a delivery again").add_argument("delivery", type=int)
        deliver = sub.add_parser("deliver", help="send what is due now")
        deliver.add_argument("webhook_id", type=int, nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"])(options)
        except CaseError as exc:
            raise CommandError(exc.message) from exc

    def _webhook(self, options: dict[str, Any]) -> Subscription:
        found = Subscription.objects.filter(pk=options["webhook_id"]).first()
        if found is None:
            raise CommandError(f"No webhook with id {options['webhook_id']}.")
        return found

    def _list(self, options: dict[str, Any]) -> None:
        for s in Subscription.objects.all():
            self.stdout.write(f"{s.pk}\t{s.state}\t{s.name}\t{s.url}\t{','.join(s.events)}")

    def _add(self, options: dict[str, Any]) -> None:
        made = actions.create_subscription(
            None, name=options["name"], url=options["url"], events=options["events"]
        )
        self.stdout.write(f"Webhook {made.pk} added. Its signing secret: {made.secret}")

    def _pause(self, options: dict[str, Any]) -> None:
        actions.pause_subscription(None, self._webhook(options))
        self.stdout.write("Paused.")

    def _resume(self, options: dict[str, Any]) -> None:
        actions.resume_subscription(None, self._webhook(options))
        self.stdout.write("Resumed: the worker sends what waited.")

    def _remove(self, options: dict[str, Any]) -> None:
        actions.delete_subscription(None, self._webhook(options))
        self.stdout.write("Removed.")

    def _secret(self, options: dict[str, Any]) -> None:
        rotated = actions.rotate_secret(None, self._webhook(options))
        self.stdout.write(f"New signing secret: {rotated.secret}")

    def _log(self, options: dict[str, Any]) -> None:
        rows = self._webhook(options).deliveries.all()
        if options["status"]:
            rows = rows.filter(status=options["status"])
        for d in rows[: options["limit"]]:
            answer = f"HTTP {d.response_status}" if d.response_status else d.error
            self.stdout.write(
                f"{d.pk}\t{d.created_at:%Y-%m-%d %H:%M:%S}\t{d.event}\t{d.status}\t"
                f"{d.attempts} attempt(s)\t{answer}"
            )

    def _resend(self, options: dict[str, Any]) -> None:
        found = Delivery.objects.filter(pk=options["delivery"]).first()
        if found is None:
            raise CommandError(f"No delivery with id {options['delivery']}.")
        again = actions.send_again(None, found)
        self.stdout.write(f"Queued again as delivery {again.pk}.")

    def _deliver(self, options: dict[str, Any]) -> None:
        if options["webhook_id"] is None:
            self.stdout.write(str(sweep()))
            return
        result = send_due(self._webhook(options).pk)
        self.stdout.write(
            f"delivered {result.delivered}, retrying {result.retrying}, failed {result.failed}"
        )

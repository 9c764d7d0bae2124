"""The customer's status link from the command line: show, send, rotate or revoke it.

rightthere status-link RT-000123 send --as katherine
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from rightthere.accounts.models import User
from rightthere.accounts.roles import check_manager
from rightthere.cases.access import access_case
from rightthere.cases.models.case import parse_reference
from rightthere.core.errors import CaseError
from rightthere.core.public_links import base_url
from rightthere.desk import status_links
from rightthere.portal.links import has_live_link, status_url

ACTIONS = ("show", "send", "rotate", "revoke")


class Command(BaseCommand):
    help = "Show, send again, rotate (new link) or revoke a case's status page link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", help="The case's reference (RT-000123) or number.")
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument(
            "--as", dest="username", required=True, help="The owner or agent doing it."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["username"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user called {options['username']!r}.")
        case_id = parse_reference(options["case"])
        if case_id is None:
            raise CommandError(f"{options['case']!r} is not a case reference.")
        try:
            case = access_case(actor, case_id)
            action = options["action"]
            if action == "send":
                sent = status_links.send_status_link(case, actor=actor)
                self.stdout.write(f"Mailed to {sent.email}: {sent.url}")
            elif action == "rotate":
                self.stdout.write(f"New link: {status_links.rotate_status_link(case, actor=actor)}")
            elif action == "revoke":
                status_links.revoke_status_link(case, actor=actor)
                self.stdout.write("Revoked: the status page link no longer works.")
            else:
                check_manager(actor, status_links.DOING)
                has_link = has_live_link(case)
                base = base_url()
                self.stdout.write(status_url(case, base) if has_link else "No live link.")
        except Http404 as exc:
            raise CommandError(f"No case {options['case']} that {actor.username} can see.") from exc
        except CaseError as exc:
            raise CommandError(exc.message) from exc

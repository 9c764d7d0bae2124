"""rightthere integration list | add NAME --kind KIND | rotate ID | remove ID  (--as OWNER)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rightthere.accounts import integrations
from rightthere.accounts.models import Integration, IntegrationKind, User
from rightthere.core.errors import CaseError


class Command(BaseCommand):
    help = (
        "Programs that post reviews or mail with their own signing secret: list them, "
        "add one (its secret is printed once), give one a new secret, or remove one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list", "add", "rotate", "remove"])
        parser.add_argument("target", nargs="?", help="the name (add) or the id (rotate, remove)")
        parser.add_argument("--kind", choices=IntegrationKind.values)
        parser.add_argument("--as", dest="actor", metavar="OWNER", help="the owner doing it")

    def handle(self, *args: Any, **options: Any) -> None:
        action, target = options["action"], options["target"]
        if action == "list":
            for i in Integration.objects.all():
                used = i.last_used_at.isoformat() if i.last_used_at else "never used"
                self.stdout.write(f"{i.pk}\t{i.name}\t{i.kind}\t{used}")
            return
        actor = User.objects.filter(username=options["actor"] or "").first()
        if actor is None:
            raise CommandError("Say which owner does this: --as USERNAME.")
        if not target:
            raise CommandError(f"Give the integration's {'name' if action == 'add' else 'id'}.")
        try:
            if action == "add":
                made = integrations.create_integration(
                    actor, name=target, kind=options["kind"] or ""
                )
                self.stdout.write(f"Added {made.name} (id {made.pk}). Its secret, shown once:")
                self.stdout.write(made.secret)
                return
            found = Integration.objects.filter(pk=int(target) if target.isdigit() else 0).first()
            if found is None:
                raise CommandError(f"There is no integration with id {target!r}.")
            if action == "rotate":
                self.stdout.write(integrations.rotate_secret(actor, found).secret)
            else:
                integrations.delete_integration(actor, found)
                self.stdout.write(f"Removed {found.name}.")
        except CaseError as error:
            raise CommandError(error.message) from error

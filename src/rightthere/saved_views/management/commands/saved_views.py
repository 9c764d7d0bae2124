"""Saved inbox views from the command line: list, save, rename, share or delete them.

    python -m rightthere saved_views list --as anna
    python -m rightthere saved_views save --as anna --name "Mine, urgent first" \
        --query "view=mine&priority=urgent" [--shared]
    python -m rightthere saved_views rename 3 --as anna --name "Urgent"
    python -m rightthere saved_views delete 3 --as anna
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from rightthere.accounts.models import User
from rightthere.core.errors import CaseError
from rightthere.saved_views.actions import delete_view, save_view, update_view
from rightthere.saved_views.queries import access_view, visible_views


class Command(BaseCommand):
    help = "List, save, rename, share or delete saved inbox views."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("list", "save", "rename", "share", "delete"))
        parser.add_argument("view", nargs="?", type=int, help="The view's id (not for list/save).")
        parser.add_argument("--as", dest="username", required=True)
        parser.add_argument("--name")
        parser.add_argument("--query", default="", help="The inbox's query string.")
        parser.add_argument("--shared", action="store_true", help="save/share: share it.")
        parser.add_argument("--private", action="store_true", help="share: stop sharing it.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user called {options['username']!r}.")
        action = options["action"]
        try:
            if action == "list":
                for view in visible_views(user):
                    shared = " (shared)" if view.shared else ""
                    owner = "" if view.owner_id == user.pk else f" by {view.owner.display_name}"
                    self.stdout.write(f"{view.pk}\t{view.name}{shared}{owner}\t{view.query}")
                return
            if action == "save":
                view = save_view(
                    user, name=options["name"] or "", query=options["query"],
                    shared=options["shared"],
                )  # fmt: skip
                self.stdout.write(f"Saved view {view.pk} “{view.name}”: {view.query}")
                return
            if options["view"] is None:
                raise CommandError(f"Say which view to {action} (its id, from 'list').")
            view = access_view(user, options["view"])
            if action == "delete":
                delete_view(user, view)
                self.stdout.write(f"Deleted “{view.name}”.")
            elif action == "rename":
                update_view(user, view, name=options["name"] or "")
                self.stdout.write(f"Renamed to “{view.name}”.")
            else:
                update_view(user, view, shared=not options["private"])
                self.stdout.write(f"“{view.name}” is {'shared' if view.shared else 'private'}.")
        except Http404 as exc:
            raise CommandError(
                f"No saved view {options['view']} that {user.username} can see."
            ) from exc
        except CaseError as exc:
            raise CommandError(exc.message) from exc

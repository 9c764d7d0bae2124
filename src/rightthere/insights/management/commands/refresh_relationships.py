from typing import Any

from django.core.management.base import BaseCommand

from rightthere.insights.relationships import refresh_relationships


class Command(BaseCommand):
    help = "Recompute every customer's and partner's relationship status (Good/Lost/None/Bad)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = refresh_relationships()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))

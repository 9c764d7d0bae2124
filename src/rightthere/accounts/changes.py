"""The settings change log: every change an owner makes to the desk's set-up, with who
and when. Each settings action calls `record_change` in its own transaction."""

from django.db.models import QuerySet

from rightthere.accounts.models import SettingsChange, User


def record_change(actor: User | None, screen: str, summary: str) -> SettingsChange:
    """Note that `actor` (None: the desk itself, e.g. `rightthere init`) changed `screen`."""
    return SettingsChange.objects.create(
        actor=actor,
        actor_name=actor.display_name if actor is not None else "",
        screen=screen,
        summary=summary[:500],
    )


def recent_changes(*screens: str, limit: int = 20) -> QuerySet[SettingsChange]:
    """The latest changes on these screens (all screens when none is named)."""
    changes = SettingsChange.objects.all()
    if screens:
        changes = changes.filter(screen__in=screens)
    return changes[:limit]

"""Presence on a case page (the heartbeat) and what each person has read.

Each heartbeat is one upsert and one select; opening the page adds one more
upsert (what the person has now read). Everything here belongs to presence
alone, so its doors call it directly."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.core.errors import InvalidInput
from rightthere.presence.models import CaseSeen, Presence, PresenceState

# The page beats every 15 s; a row older than this means the person has left.
FRESH = timedelta(seconds=45)


def mark_seen(user: User, case: Case, *, at: datetime | None = None) -> None:
    """`user` has opened `case` and read what it shows (one INSERT ... ON CONFLICT)."""
    CaseSeen.objects.bulk_create(
        [CaseSeen(user=user, case=case, seen_at=at or timezone.now())],
        update_conflicts=True,
        unique_fields=["case", "user"],
        update_fields=["seen_at"],
    )


def heartbeat(
    user: User, case: Case, state: str, *, opened: bool = False, at: datetime | None = None
) -> list[Presence]:
    """`user` is on the case page now, `state` viewing or writing; returns the others
    there now (fresh within `FRESH`), writers first. `opened`: the page has just been
    opened, so what it shows has been read."""
    if state not in PresenceState.values:
        raise InvalidInput(
            gettext("Unknown presence state %(state)s: say viewing or writing.")
            % {"state": repr(state)}
        )
    now = at or timezone.now()
    if opened:
        mark_seen(user, case, at=now)
    Presence.objects.bulk_create(
        [Presence(user=user, case=case, state=state, updated_at=now)],
        update_conflicts=True,
        unique_fields=["case", "user"],
        update_fields=["state", "updated_at"],
    )
    return others_on_case(user, case, now=now)


def others_on_case(user: User, case: Case, *, now: datetime | None = None) -> list[Presence]:
    """Who else has the case open now (one query), writers first, then by name."""
    since = (now or timezone.now()) - FRESH
    rows = (
        Presence.objects.filter(case=case, updated_at__gte=since)
        .exclude(user=user)
        .select_related("user")
        .only("state", "updated_at", "user__username", "user__first_name", "user__last_name")
    )
    return sorted(
        rows, key=lambda p: (p.state != PresenceState.WRITING, p.user.display_name.casefold())
    )


def prune_presence(*, now: datetime | None = None, older_than: timedelta = FRESH) -> int:
    """Delete presence rows nobody refreshed within `older_than`; returns how many."""
    since = (now or timezone.now()) - older_than
    deleted, _ = Presence.objects.filter(updated_at__lt=since).delete()
    return deleted

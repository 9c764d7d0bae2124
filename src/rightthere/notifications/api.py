"""Your notifications in the API: /api/notifications, reading them, and your preferences.

Everyone sees and changes only their own: another person's notification is a 404."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import error_responses
from rightthere.notifications.bell import (
    access_notification,
    mark_all_read,
    mark_read,
    notifications_of,
    unread_count,
)
from rightthere.notifications.models import Notification, NotificationKind
from rightthere.notifications.preferences import preferences_of, save_preferences
from rightthere.notifications.schemas import (
    NotificationFilters,
    NotificationOut,
    NotificationPage,
    PreferenceOut,
    PreferencesChange,
    ReadAllOut,
)

router = Router(tags=["notifications"])

NEWEST_FIRST = (Key("created_at", descending=True, kind=datetime), Key("id", descending=True))


@router.get("/notifications", response={200: NotificationPage, **error_responses(400, 422)})
def list_notifications(request: HttpRequest, filters: Query[NotificationFilters]) -> dict[str, Any]:
    """Your notifications, newest first; `unread=1` for the unread ones only."""
    user = current_user(request)
    rows = notifications_of(user, unread=filters.unread)
    items, next_cursor = paginate(rows, NEWEST_FIRST, cursor=filters.cursor, limit=filters.limit)
    return {"items": items, "next": next_cursor, "unread": unread_count(user)}


@router.post("/notifications/read-all", response={200: ReadAllOut, **error_responses(403)})
def read_all_notifications(request: HttpRequest) -> dict[str, int]:
    """Mark all your unread notifications read."""
    return {"marked": mark_all_read(current_user(request))}


@router.post(
    "/notifications/{int:notification_id}/read",
    response={200: NotificationOut, **error_responses(403, 404)},
)
def read_notification(request: HttpRequest, notification_id: int) -> Notification:
    """Mark one of your notifications read (again is fine)."""
    return mark_read(access_notification(current_user(request), notification_id))


def _preferences(choices: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"kind": kind, "label": str(NotificationKind(kind).label), "delivery": delivery}
        for kind, delivery in choices.items()
    ]


@router.get("/notifications/preferences", response={200: list[PreferenceOut], **error_responses()})
def get_preferences(request: HttpRequest) -> list[dict[str, str]]:
    """How you hear of each kind (a default until you choose)."""
    return _preferences(preferences_of(current_user(request)))


@router.put(
    "/notifications/preferences",
    response={200: list[PreferenceOut], **error_responses(400, 403, 422)},
)
def put_preferences(request: HttpRequest, payload: PreferencesChange) -> list[dict[str, str]]:
    """Change how you hear of the kinds given; every kind's choice is returned."""
    choices = {str(kind): str(how) for kind, how in payload.preferences.items()}
    return _preferences(save_preferences(current_user(request), choices))

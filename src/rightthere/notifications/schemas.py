"""The shapes of notifications in the API."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from rightthere.core.api.schemas import Input, PageParams
from rightthere.notifications.models import Delivery, NotificationKind

KindName = Literal[
    "customer_replied",
    "assigned",
    "mentioned",
    "promise_due",
    "customer_upset",
    "part_arrived",
    "visit_moved",
    "mail_bounced",
    "webhook_paused",
    "rule",
]
DeliveryName = Literal["app", "now", "digest", "off"]
assert set(KindName.__args__) == set(NotificationKind.values)  # type: ignore[attr-defined]
assert set(DeliveryName.__args__) == set(Delivery.values)  # type: ignore[attr-defined]


class NotificationFilters(PageParams):
    unread: bool = Field(False, description="Only the unread ones (`?unread=1`).")


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str = Field(description="The place it is about, a path in the web UI.")
    case_id: int | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    next: str | None
    unread: int = Field(description="How many of yours are unread, in all.")


class ReadAllOut(Schema):
    marked: int = Field(description="How many were unread and are now read.")


class PreferenceOut(Schema):
    kind: KindName
    label: str
    delivery: DeliveryName


class PreferencesChange(Input):
    """The kinds to change, each to `app` (in the app only), `now` (also by mail at
    once), `digest` (also in a daily mail digest) or `off`; others stay as they are."""

    preferences: dict[KindName, DeliveryName] = Field(min_length=1)

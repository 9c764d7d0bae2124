"""Response shapes of the status-link API."""

from datetime import datetime

from ninja import Schema
from pydantic import Field


class StatusLinkOut(Schema):
    case_id: int
    url: str | None = Field(description="The customer's status page; null when revoked.")
    created_at: datetime | None
    last_seen_at: datetime | None = Field(description="When the customer last opened it.")


class SentLinkOut(StatusLinkOut):
    email: str = Field(description="Where the link was mailed.")
    new_link: bool = Field(description="True when there was no live link and one was made.")

"""Request and response shapes for personal API tokens."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from rightthere.core.api.schemas import Input, TokenName


class TokenCreate(Input):
    name: TokenName = Field(description="What the token is for, e.g. 'Accounting sync'.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the key, to tell tokens apart.")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    key: str = Field(description="Send as `Authorization: Bearer <key>`. Shown only this once.")

"""Request and response shapes of the reviews API."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from rightthere.core.api.schemas import Email, Input, _no_nul

Short = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_nul),
]  # fmt: skip
Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_no_nul)]
Url = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_no_nul)
]


class ReviewIn(Input):
    platform: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    id: Short = Field(description="The platform's id of the review: the same id is stored once.")
    author: Short = "Anonymous"
    rating: int | None = Field(None, ge=1, le=5)
    text: Text = ""
    date: datetime | None = None
    url: Url = ""
    email: Email = ""


class WebhookIn(Input):
    reviews: list[ReviewIn] = Field(min_length=1, max_length=500)


class WebhookOut(Schema):
    created: int
    duplicates: int
    cases_opened: list[int] = Field(description="Complaint cases opened for bad reviews.")
    errors: list[str] = Field(description="Reviews that could not be stored, by position.")


class ReviewOut(Schema):
    id: int
    platform: str
    external_id: str
    author: str
    rating: int | None
    text: str
    posted_at: datetime
    url: str
    sentiment: float
    match: str
    customer_id: int | None
    case_id: int | None
    responded_at: datetime | None

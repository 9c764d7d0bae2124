"""Request and response shapes for promises."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field, StringConstraints

from rightthere.core.api.schemas import Input, UserRef
from rightthere.promises.models import PromiseSource, PromiseState

PromiseText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class PromiseCreate(Input):
    what: PromiseText = Field(description="What we will do, e.g. 'send the quote'.")
    due_at: datetime = Field(description="By when; must be in the future.")


class PromiseRenegotiate(Input):
    new_due: datetime = Field(description="The new date; the customer is told before it moves.")
    message: Annotated[str, StringConstraints(max_length=10_000)] = Field(
        "", description="The message to the customer; leave empty to send the drafted apology."
    )


class PromiseOut(Schema):
    id: int
    case_id: int
    what: str
    due_at: datetime
    state: PromiseState
    source: PromiseSource
    owner: UserRef | None
    created_at: datetime
    kept_at: datetime | None
    broken_at: datetime | None
    renegotiated_at: datetime | None
    replaced_by_id: int | None


class RenegotiationDraft(Schema):
    message: str

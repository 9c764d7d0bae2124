"""Request and response shapes of the satisfaction API."""

from datetime import datetime
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from rightthere.cases.models.case import format_reference
from rightthere.core.api.schemas import Input, UserRef
from rightthere.satisfaction.models import (
    MAX_COMMENT_CHARS,
    AnswerChannel,
    Rating,
    SatisfactionAnswer,
)
from rightthere.satisfaction.timing import change_until


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL characters in text; refuse them up front.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


Comment = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_COMMENT_CHARS),
    AfterValidator(_no_nul),
]


class AnswerRecord(Input):
    """What the customer told a person at the business (by phone, on site)."""

    rating: Rating
    comment: Comment | None = Field(None, description="Leave out to keep the comment as it is.")


class AnswerOut(Schema):
    case_id: int
    case_reference: str
    rating: Rating
    comment: str
    answered_via: AnswerChannel
    recorded_by: UserRef | None = Field(
        description="The person who typed in the customer's answer; null: the customer answered."
    )
    answered_at: datetime
    changed_at: datetime | None = Field(description="When the rating was last changed, if ever.")
    commented_at: datetime | None
    updated_at: datetime
    change_until: datetime = Field(description="Until when the answer may still be changed.")

    @staticmethod
    def resolve_case_reference(answer: SatisfactionAnswer) -> str:
        return format_reference(answer.case_id)

    @staticmethod
    def resolve_change_until(answer: SatisfactionAnswer) -> datetime:
        return change_until(answer)


class CaseSatisfactionOut(Schema):
    case_id: int
    state: Literal["not_asked", "asked", "answered"]
    asked_at: datetime | None = Field(description="When the customer was e-mailed the question.")
    ask_at: datetime | None = Field(description="When the customer will be asked, if planned.")
    answer: AnswerOut | None


class AnswerFilters(Schema):
    since: Annotated[datetime, AfterValidator(_aware)] | None = Field(
        None, description="Only answers given or changed at or after this time."
    )
    rating: Rating | None = None


class AnswerPage(Schema):
    items: list[AnswerOut]
    next: str | None

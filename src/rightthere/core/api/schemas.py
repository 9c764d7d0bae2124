"""Shapes shared by every part of the API: bounded text, references, errors and pages."""

from datetime import time
from typing import TYPE_CHECKING, Annotated

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

if TYPE_CHECKING:  # core imports nothing above it at run time
    from rightthere.accounts.models import User

MAX_ID = 2**63 - 1
MAX_MESSAGE_CHARS: int = settings.RIGHTTHERE["MAX_MESSAGE_CHARS"]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL characters in text; refuse them up front.
    if "\x00" in value:
        raise ValueError(gettext("must not contain NUL characters"))
    return value


def _email_or_blank(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as error:
            raise ValueError(gettext("is not a valid e-mail address")) from error
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Subject = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=250),
    AfterValidator(_no_nul),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_nul),
]
# For names kept in a 100-character column (a skill, a team, a holiday).
ShortName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_nul),
]
TokenName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_nul),
]
TagName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=50),
    AfterValidator(_no_nul),
]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=50), AfterValidator(_no_nul)
]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254),
    AfterValidator(_no_nul),
    AfterValidator(_email_or_blank),
]
Address = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_no_nul)]
MessageText = Annotated[
    str, StringConstraints(max_length=MAX_MESSAGE_CHARS), AfterValidator(_no_nul)
]
# The case actions allow HTML four times the text limit: markup is verbose.
MessageHtml = Annotated[
    str, StringConstraints(max_length=4 * MAX_MESSAGE_CHARS), AfterValidator(_no_nul)
]
SearchText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_no_nul)
]
Cursor = Annotated[str, StringConstraints(max_length=500), AfterValidator(_no_nul)]
Tags = Annotated[list[TagName], Field(max_length=30)]


class Input(Schema):
    """Base of every request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


def _not_null(value: object) -> object:
    if value is None:
        raise ValueError(gettext("may be left out, but cannot be null"))
    return value


# For PATCH fields that may be left out but not cleared: `Annotated[X | None, NotNull] = None`.
# Defaults are not validated, so only an explicit null is refused.
NotNull = BeforeValidator(_not_null)


def _local_time(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError(gettext("give a local time of day without a UTC offset, e.g. 08:00"))
    return value


# A wall-clock time of day ("08:00", answered as "08:00:00"), in the business's own time
# zone. Not JSON Schema's "time" format, which pydantic would write: that is RFC 3339's
# full-time and needs an offset ("08:00:00Z"), so our own answers would break it, and a
# time with an offset cannot be stored in a time-of-day column.
TimeOfDay = Annotated[
    time,
    AfterValidator(_local_time),
    WithJsonSchema({"type": "string", "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}),
]


class PageParams(Schema):
    cursor: Cursor | None = Field(
        None, description="The `next` value of the previous page; leave out for the first page."
    )
    limit: int = Field(25, ge=1, le=100, description="How many items per page (1-100).")


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, fit to show a person.")
    code: str = Field(description="invalid, invalid_json, unauthenticated, forbidden, csrf, "
                      "not_found, conflict or too_large.")  # fmt: skip
    errors: list[FieldErrorOut] | None = Field(None, description="Per-field problems, if any.")


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    """Document the error answers a route can give (401 is possible on every route)."""
    return {code: ErrorOut for code in (401, *codes)}


class UserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user: "User") -> str:
        return user.display_name


class NamedRef(Schema):
    """A customer, contact, team or partner company, by id and name."""

    id: int
    name: str

"""Request and response shapes of the canned-replies API."""

from datetime import datetime
from typing import Annotated

from django.utils.translation import gettext
from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from rightthere.canned.models import MAX_BODY_CHARS, MAX_TITLE_CHARS, CannedReply, Scope
from rightthere.core.api.schemas import Id, Input, NamedRef, NotNull, SearchText, UserRef


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL characters in text; refuse them up front.
    if "\x00" in value:
        raise ValueError(gettext("must not contain NUL characters"))
    return value


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE_CHARS),
    AfterValidator(_no_nul),
]
Body = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_BODY_CHARS),
    AfterValidator(_no_nul),
]
SCOPE_HELP = (
    "personal (only you), team (its members, owners and agents; give team_id) or "
    "everyone (the whole desk). Only owners and agents save team and everyone replies."
)
SAVE_ANYWAY_HELP = "Keep wording the reply check has findings on (else 422, code reply_check)."


class CannedReplyCreate(Input):
    title: Title
    body: Body = Field(description="The text, with placeholders such as {customer.first_name}.")
    scope: Scope = Field(Scope.PERSONAL, description=SCOPE_HELP)
    team_id: Id | None = Field(None, description="The team, for scope team.")
    save_anyway: bool = Field(False, description=SAVE_ANYWAY_HELP)


class CannedReplyChange(Input):
    """Leave out what stays as it is."""

    title: Annotated[Title | None, NotNull] = None
    body: Annotated[Body | None, NotNull] = None
    scope: Annotated[Scope | None, NotNull] = Field(None, description=SCOPE_HELP)
    team_id: Id | None = Field(None, description="The team, for scope team.")
    save_anyway: bool = Field(False, description=SAVE_ANYWAY_HELP)


class CannedReplyOut(Schema):
    id: int
    title: str
    body: str
    scope: Scope
    team: NamedRef | None
    owner: UserRef | None = Field(description="Set for a personal reply.")
    created_by: UserRef | None
    created_at: datetime
    updated_at: datetime
    reply_check_findings: int = Field(
        description="Findings its author chose to keep when last saving it."
    )

    @staticmethod
    def resolve_scope(reply: CannedReply) -> str:
        return reply.scope


class CannedReplyFilters(Schema):
    q: SearchText = Field("", description="Words that must all be in the title or text.")


class CannedReplyPage(Schema):
    items: list[CannedReplyOut]
    next: str | None


class RenderedOut(Schema):
    reply_id: int
    case_id: int
    text: str = Field(description="The text filled from the case; missing values stay {name}.")
    missing: list[str] = Field(
        description="Placeholders the case has no value for: fill them in before sending."
    )


class PlaceholderOut(Schema):
    name: str
    description: str

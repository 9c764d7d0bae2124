"""Request and response shapes of GET /api/cases/{id}/similar."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from rightthere.core.api.schemas import UserRef
from rightthere.similar.lookup import DEFAULT_LIMIT, MAX_LIMIT


class SimilarParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"How many cases (1-{MAX_LIMIT})."
    )


class SimilarCaseOut(Schema):
    case_id: int
    reference: str
    subject: str
    status: str
    solved_at: datetime | None
    solved_by: UserRef | None = Field(
        description="Who marked it solved (or, failing that, its assignee)."
    )
    solution: str = Field(
        description="Plain text: the start of the last reply to the customer, or of the last "
        "internal note if nobody replied. Not HTML: escape it before showing it."
    )
    solution_kind: Literal["reply", "note", ""] = Field(
        description="Where `solution` comes from; empty when nothing was written."
    )
    shared_words: list[str] = Field(description="The words of this case the match is built on.")
    score: float = Field(description="Higher is more similar; only comparable within one answer.")


class SimilarCasesOut(Schema):
    case_id: int
    items: list[SimilarCaseOut]

"""Request and response shapes of POST /api/coach/check."""

from ninja import Field, Schema

from rightthere.core.api.schemas import Id, Input, MessageText


class CheckIn(Input):
    text: MessageText = Field(description="The draft reply.")
    case_id: Id | None = Field(
        None, description="The case it answers: on a complaint the apology check is on."
    )
    complaint: bool | None = Field(
        None, description="Check as a reply to a complaint (default: from the case's kind)."
    )


class FindingOut(Schema):
    start: int = Field(description="Where the span starts in the text (characters).")
    end: int = Field(description="Where it ends; equal to start for something missing.")
    text: str
    category: str = Field(
        description="no_problem, excuse, blame, vague_commitment, customer_work, "
        "missing_apology, shouting or harsh_tone."
    )
    label: str
    explanation: str
    suggestions: list[str] = Field(description="Replacements for the span, best first.")
    offer_promise: bool = Field(description="The fix is a date: offer to make it a promise.")


class CheckOut(Schema):
    findings: list[FindingOut]

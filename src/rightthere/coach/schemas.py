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
    level: str = Field(
        "flag",
        description="flag (the rules, or the learned scorer when confident) or suggestion "
        "(the learned scorer, less sure: 'may read as an excuse').",
    )


class CheckOut(Schema):
    findings: list[FindingOut]
    not_checked: str = Field(
        "",
        description="Why the reply was not checked, e.g. it is not in English, the language "
        "of the rules (empty when it was).",
    )


class RuleIn(Input):
    category: str = Field(description="The category the pattern flags (not shouting).")
    pattern: str = Field(max_length=600, description="Words or a pattern, as in rules/en.toml.")
    suggestion: str = Field("", max_length=200, description="What to write instead.")
    sentence: str = Field("", max_length=2000, description="A sentence to try it on.")


class TrialOut(Schema):
    replies: int = Field(description="Labelled replies it was tried on.")
    newly_flagged: int = Field(description="Labelled with the category and newly found.")
    false_alarms: int = Field(description="Not labelled with the category, newly flagged.")
    already: int
    newly_examples: list[str]
    false_examples: list[str]
    sentence_findings: list[str]


class RuleOut(Schema):
    id: int
    category: str
    pattern: str
    active: bool
    turns_off: bool
    trial: TrialOut

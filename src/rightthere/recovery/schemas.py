"""Request and response shapes for the complaint-recovery playbook."""

from datetime import date, datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field, StringConstraints

from rightthere.core.api.schemas import Id, Input, NamedRef
from rightthere.recovery.models import Recovery
from rightthere.recovery.steps import step_states

Option = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=5000)]


class OptionsIn(Input):
    options: list[Option] = Field(min_length=1, max_length=4)


class ChoiceIn(Input):
    option_id: Id
    by_customer: bool = Field(False, description="True when the customer chose (e.g. by phone).")


class FollowThroughIn(Input):
    due_at: datetime


class SatisfactionIn(Input):
    satisfied: bool
    comment: LongText = ""


class FeedbackIn(Input):
    feedback: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)
    ]


class RootCauseIn(Input):
    root_cause_id: Id
    improvement_id: Id | None = None


class WaiverIn(Input):
    step: int = Field(ge=1, le=6)
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class StepOut(Schema):
    number: int
    name: str
    done: bool
    waived: bool
    waiver_reason: str | None


class OptionOut(Schema):
    id: int
    label: str


class RecoveryOut(Schema):
    case_id: int
    round: int
    started_at: datetime
    started_by: str
    steps: list[StepOut]
    current_step: int | None
    options: list[OptionOut]
    chosen_option: OptionOut | None
    follow_through_promise_id: int | None
    satisfied: bool | None
    satisfaction_comment: str
    feedback: str
    root_cause: NamedRef | None
    improvement_id: int | None

    @staticmethod
    def resolve_steps(recovery: Recovery) -> list[dict[str, object]]:
        return [
            {
                "number": s.number, "name": s.name, "done": s.done, "waived": s.waiver is not None,
                "waiver_reason": s.waiver.reason if s.waiver else None,
            }
            for s in step_states(recovery)
        ]  # fmt: skip

    @staticmethod
    def resolve_current_step(recovery: Recovery) -> int | None:
        return next((s.number for s in step_states(recovery) if not s.finished), None)

    @staticmethod
    def resolve_options(recovery: Recovery) -> list[object]:
        return [o for o in recovery.options.all() if o.round == recovery.round]

    @staticmethod
    def resolve_follow_through_promise_id(recovery: Recovery) -> int | None:
        return recovery.follow_through_id


class ImprovementIn(Input):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    root_cause_id: Id
    changed_on: date | None = None
    description: LongText = ""


class WeekOut(Schema):
    starts: date
    count: int
    before: bool


class ImprovementOut(Schema):
    id: int
    title: str
    root_cause: NamedRef
    changed_on: date | None
    description: str
    complaint_case_ids: list[int]

    @staticmethod
    def resolve_complaint_case_ids(improvement: object) -> list[int]:
        return list(improvement.complaints.values_list("case_id", flat=True))  # type: ignore[attr-defined]


class ImprovementDetailOut(ImprovementOut):
    weeks: list[WeekOut] = Field(description="8 weeks before and 8 after the change date.")

"""Request and response shapes of the checklist API."""

from datetime import datetime
from typing import Annotated, Literal

from django.utils.translation import gettext
from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints, model_validator

from rightthere.cases.models import Kind
from rightthere.checklists.actions import MAX_STEPS_PER_CASE
from rightthere.checklists.models import MAX_STEP_CHARS, CaseChecklistItem, ChecklistTemplate
from rightthere.core.api.schemas import Id, Input, NotNull, UserRef


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL characters in text; refuse them up front.
    if "\x00" in value:
        raise ValueError(gettext("must not contain NUL characters"))
    return value


StepText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_STEP_CHARS),
    AfterValidator(_no_nul),
]


class ChecklistItemCreate(Input):
    text: StepText


class ChecklistItemUpdate(Input):
    """Only the fields present are changed, each recorded on the case timeline.
    Setting a field to the state it already has changes nothing."""

    done: Annotated[bool | None, NotNull] = Field(
        None, description="true ticks the step off (and starts it); false unticks it."
    )
    started: Annotated[bool | None, NotNull] = Field(
        None, description="true marks the step as being worked on; false undoes that."
    )
    text: Annotated[StepText | None, NotNull] = None

    @model_validator(mode="after")
    def _consistent(self) -> "ChecklistItemUpdate":
        if self.done is True and self.started is False:
            raise ValueError(gettext("a step cannot be done and not started"))
        return self


class TemplateApply(Input):
    template_id: Id


class ChecklistOrder(Input):
    item_ids: list[Id] = Field(
        max_length=MAX_STEPS_PER_CASE, description="Every step of the checklist once, in order."
    )


class ChecklistItemOut(Schema):
    id: int
    case_id: int
    position: int
    text: str
    state: Literal["todo", "started", "done"]
    started_at: datetime | None
    done_at: datetime | None
    done_by: UserRef | None
    template_id: int | None = Field(description="The template the step came from, if any.")
    created_at: datetime

    @staticmethod
    def resolve_template_id(item: CaseChecklistItem) -> int | None:
        return item.from_template_id


class ChecklistOut(Schema):
    case_id: int
    done: int
    total: int
    not_started: bool = Field(
        description="The checklist is older than the grace time and no step has been started."
    )
    items: list[ChecklistItemOut]


class TemplateFilters(Schema):
    kind: Kind | None = Field(
        None, description="Only templates for this kind of case (and those for any kind)."
    )


class ChecklistTemplateOut(Schema):
    id: int
    name: str
    case_kind: Kind | None = Field(description="null: for any kind of case.")
    apply_automatically: bool
    steps: list[str]

    @staticmethod
    def resolve_case_kind(template: ChecklistTemplate) -> str | None:
        return template.case_kind or None

    @staticmethod
    def resolve_steps(template: ChecklistTemplate) -> list[str]:
        return [step.text for step in template.steps.all()]


class ChecklistTemplateIn(Input):
    """A checklist template as the owner writes it: its steps in order (blank ones dropped)."""

    name: Annotated[str, StringConstraints(max_length=200)]
    case_kind: Kind | None = Field(None, description="null: for any kind of case.")
    apply_automatically: bool = Field(
        False, description="Put its steps on every new case of that kind."
    )
    steps: list[Annotated[str, StringConstraints(max_length=MAX_STEP_CHARS)]] = Field(
        max_length=100
    )


class ChecklistTemplatePage(Schema):
    items: list[ChecklistTemplateOut]
    next: str | None

"""/api/automation-rules: the owners' automation rules, through the same functions as the
Automation rules screen and `rightthere automation` (automation.setup). A refused rule
answers 400 with the field or row at fault in the message ("condition_2: ...")."""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import current_user
from rightthere.automation import setup
from rightthere.automation.access import access_rule, check_rule_keeper
from rightthere.automation.models import Rule, Trigger
from rightthere.automation.vocabulary import ACTION_TYPES, CONDITION_FIELDS, OPERATORS
from rightthere.core.api.schemas import Input, ShortName, error_responses
from rightthere.core.errors import InvalidField, InvalidInput

router = Router(tags=["automation"])

TriggerName = Literal["case_opened", "customer_replied", "status_changed", "no_reply"]
assert set(TriggerName.__args__) == set(Trigger.values)  # type: ignore[attr-defined]


class ConditionIn(Input):
    field: str = Field(examples=["channel"], description="GET /api/automation-rules/vocabulary")
    op: str = Field(examples=["is"])
    value: str = Field(default="", max_length=200, examples=["review"])


class ActionIn(Input):
    type: str = Field(examples=["tag"])
    value: str = Field(default="", max_length=200, examples=["review"])


class AutomationRuleIn(Input):
    name: ShortName = Field(examples=["Reviews to the owner"])
    trigger: TriggerName
    wait_minutes: int | None = Field(default=None, description="For no_reply: business minutes.")
    conditions: list[ConditionIn] = Field(default_factory=list, max_length=10)
    actions: list[ActionIn] = Field(min_length=1, max_length=10)
    active: bool = True


class ActiveIn(Input):
    active: bool


class MoveIn(Input):
    direction: Literal["up", "down"]


class PreviewIn(Input):
    trigger: TriggerName
    conditions: list[ConditionIn] = Field(default_factory=list, max_length=10)


class AutomationRuleOut(Schema):
    id: int
    position: int
    name: str
    trigger: str
    wait_minutes: int | None
    conditions: list[dict[str, str]]
    actions: list[dict[str, str]]
    active: bool
    description: str
    updated_at: datetime


class PreviewCaseOut(Schema):
    id: int
    reference: str
    subject: str
    channel: str
    created_at: datetime


class PreviewOut(Schema):
    checked: int
    matched: int
    cases: list[PreviewCaseOut]


class VocabularyOut(Schema):
    triggers: dict[str, str]
    conditions: dict[str, dict[str, Any]]
    actions: dict[str, dict[str, Any]]


def _out(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.pk, "position": rule.position, "name": rule.name, "trigger": rule.trigger,
        "wait_minutes": rule.wait_minutes, "conditions": rule.conditions, "actions": rule.actions,
        "active": rule.active, "description": setup.describe_rule(rule),
        "updated_at": rule.updated_at,
    }  # fmt: skip


def _owned(request: HttpRequest, rule_id: int) -> Rule:
    return access_rule(current_user(request), rule_id)


def _fields(payload: AutomationRuleIn) -> dict[str, Any]:
    return {
        "name": payload.name, "trigger": payload.trigger, "wait_minutes": payload.wait_minutes,
        "conditions": [c.dict() for c in payload.conditions],
        "actions": [a.dict() for a in payload.actions], "active": payload.active,
    }  # fmt: skip


def _named(error: InvalidField) -> InvalidInput:
    return InvalidInput(f"{error.field}: {error.message}")


@router.get("/automation-rules", response={200: list[AutomationRuleOut], **error_responses(403)})
def list_rules(request: HttpRequest) -> list[dict[str, Any]]:
    """Every rule in the order they run (owners)."""
    check_rule_keeper(current_user(request))
    return [_out(r) for r in Rule.objects.order_by("position", "id")]


@router.get("/automation-rules/vocabulary", response={200: VocabularyOut, **error_responses(403)})
def vocabulary(request: HttpRequest) -> dict[str, Any]:
    """What a rule can test and do, with the values each takes (owners)."""
    check_rule_keeper(current_user(request))
    return {
        "triggers": {value: str(label) for value, label in Trigger.choices},
        "conditions": {f.name: {"label": str(f.label), "ops": {o: str(OPERATORS[o]) for o in f.operators},
                                "values": dict(f.choices()) if f.choices else None}
                       for f in CONDITION_FIELDS.values()},
        "actions": {a.name: {"label": str(a.label), "needs_value": a.needs_value,
                             "values": dict(a.choices()) if a.choices else None}
                    for a in ACTION_TYPES.values()},
    }  # fmt: skip


@router.post(
    "/automation-rules", response={201: AutomationRuleOut, **error_responses(400, 403, 422)}
)
def add_rule(request: HttpRequest, payload: AutomationRuleIn) -> tuple[int, dict[str, Any]]:
    """A new rule, run after the others (owners)."""
    try:
        made = setup.create_rule(current_user(request), **_fields(payload))
    except InvalidField as error:
        raise _named(error) from error
    return 201, _out(made)


@router.post(
    "/automation-rules/preview", response={200: PreviewOut, **error_responses(400, 403, 422)}
)
def preview(request: HttpRequest, payload: PreviewIn) -> dict[str, Any]:
    """Which of the last 100 cases the conditions match; nothing is written (owners)."""
    try:
        found = setup.preview_rule(current_user(request), trigger=payload.trigger,
                                   conditions=[c.dict() for c in payload.conditions])  # fmt: skip
    except InvalidField as error:
        raise _named(error) from error
    return {
        "checked": len(found.rows), "matched": len(found.matched),
        "cases": [{"id": c.pk, "reference": c.reference, "subject": c.subject,
                   "channel": c.channel, "created_at": c.created_at} for c in found.matched],
    }  # fmt: skip


@router.get(
    "/automation-rules/{rule_id}", response={200: AutomationRuleOut, **error_responses(403, 404)}
)
def get_rule(request: HttpRequest, rule_id: int) -> dict[str, Any]:
    return _out(_owned(request, rule_id))


@router.put(
    "/automation-rules/{rule_id}",
    response={200: AutomationRuleOut, **error_responses(400, 403, 404, 422)},
)
def change_rule(request: HttpRequest, rule_id: int, payload: AutomationRuleIn) -> dict[str, Any]:
    """Change a rule (owners)."""
    found = _owned(request, rule_id)
    try:
        return _out(setup.update_rule(current_user(request), found, **_fields(payload)))
    except InvalidField as error:
        raise _named(error) from error


@router.patch(
    "/automation-rules/{rule_id}",
    response={200: AutomationRuleOut, **error_responses(403, 404, 422)},
)
def switch_rule(request: HttpRequest, rule_id: int, payload: ActiveIn) -> dict[str, Any]:
    """Switch a rule on or off (owners)."""
    found = _owned(request, rule_id)
    return _out(setup.set_rule_active(current_user(request), found, payload.active))


@router.post(
    "/automation-rules/{rule_id}/move",
    response={200: AutomationRuleOut, **error_responses(403, 404, 422)},
)
def move_rule(request: HttpRequest, rule_id: int, payload: MoveIn) -> dict[str, Any]:
    """Run the rule one place earlier or later (owners)."""
    found = _owned(request, rule_id)
    return _out(setup.move_rule(current_user(request), found, up=payload.direction == "up"))


@router.delete("/automation-rules/{rule_id}", response={204: None, **error_responses(403, 404)})
def remove_rule(request: HttpRequest, rule_id: int) -> tuple[int, None]:
    """Remove a rule; what it did on cases stays in their history (owners)."""
    setup.delete_rule(current_user(request), _owned(request, rule_id))
    return 204, None

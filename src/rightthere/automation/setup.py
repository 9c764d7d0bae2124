"""Owners' set-up of automation rules: the Automation screen, /api/automation-rules and
`rightthere automation` all call these. Each change is noted in the settings change log.

Also the two reads the desk needs: the active rules in order (cached per process, so
opening a case costs no query for them) and the preview of a rule on recent cases."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.automation.models import Rule, Trigger
from rightthere.automation.vocabulary import (
    Facts,
    check_actions,
    check_conditions,
    describe_action,
    describe_condition,
    holds,
)
from rightthere.cases.models import Case, Direction, Message
from rightthere.core.config_cache import ConfigCache
from rightthere.core.errors import InvalidField

SCREEN = "automation"
PREVIEW_CASES = 100
MAX_WAIT_MINUTES = 60 * 24 * 30  # a month of business minutes


@dataclass(frozen=True)
class CleanRule:
    name: str
    trigger: str
    wait_minutes: int | None
    conditions: list[dict[str, str]]
    actions: list[dict[str, str]]


def check_rule(
    *,
    name: str,
    trigger: str,
    conditions: Iterable[Mapping[str, Any]],
    actions: Iterable[Mapping[str, Any]],
    wait_minutes: int | str | None = None,
    rule: Rule | None = None,
) -> CleanRule:
    """What the owner typed, checked field by field (`InvalidField` names the field or
    the condition/action row at fault)."""
    name = name.replace("\x00", "").strip()
    if not name:
        raise InvalidField("name", gettext("Give the rule a name: the case's history shows it."))
    if len(name) > 100:
        raise InvalidField("name", gettext("Keep the name under 100 characters."))
    same = Rule.objects.filter(name__iexact=name)
    if rule is not None:
        same = same.exclude(pk=rule.pk)
    if same.exists():
        raise InvalidField(
            "name", gettext("There is already a rule called “%(name)s”.") % {"name": name}
        )
    if trigger not in Trigger.values:
        raise InvalidField("trigger", gettext("Choose when the rule runs."))
    wait: int | None = None
    if trigger == Trigger.NO_REPLY:
        try:
            wait = int(str(wait_minutes).strip()) if wait_minutes not in (None, "") else None
        except ValueError:
            wait = -1
        if wait is None:
            raise InvalidField("wait_minutes",
                               gettext("Say after how many business minutes, e.g. 120."))  # fmt: skip
        if not 1 <= wait <= MAX_WAIT_MINUTES:
            raise InvalidField(
                "wait_minutes",
                gettext("Use a whole number of minutes from 1 to %(max)s.")
                % {"max": MAX_WAIT_MINUTES},
            )
    return CleanRule(name, trigger, wait, check_conditions(conditions), check_actions(actions))


def _describe(clean: CleanRule) -> str:
    when = Trigger(clean.trigger).label.lower()
    if clean.wait_minutes:
        when += f" {clean.wait_minutes} business minutes"
    conditions = " and ".join(describe_condition(c) for c in clean.conditions)
    actions = ", ".join(describe_action(a) for a in clean.actions)
    return f"when {when}" + (f" and {conditions}" if conditions else "") + f": {actions}"


@transaction.atomic
def create_rule(
    actor: User | None,
    *,
    name: str,
    trigger: str,
    conditions: Iterable[Mapping[str, Any]] = (),
    actions: Iterable[Mapping[str, Any]],
    wait_minutes: int | str | None = None,
    active: bool = True,
) -> Rule:
    """A new rule, run after the existing ones."""
    check_owner(actor, gettext("set up automation rules"))
    clean = check_rule(name=name, trigger=trigger, conditions=conditions, actions=actions,
                       wait_minutes=wait_minutes)  # fmt: skip
    last = Rule.objects.aggregate(last=Max("position"))["last"]
    rule = Rule.objects.create(
        name=clean.name, trigger=clean.trigger, wait_minutes=clean.wait_minutes,
        conditions=clean.conditions, actions=clean.actions, active=active,
        position=(last or 0) + 1, created_by=actor,
    )  # fmt: skip
    record_change(actor, SCREEN, f"Added the rule “{rule.name}”: {_describe(clean)}")
    return rule


@transaction.atomic
def update_rule(
    actor: User | None,
    rule: Rule,
    *,
    name: str,
    trigger: str,
    conditions: Iterable[Mapping[str, Any]] = (),
    actions: Iterable[Mapping[str, Any]],
    wait_minutes: int | str | None = None,
    active: bool | None = None,
) -> Rule:
    """Change a rule; cases it already fired on keep their history."""
    check_owner(actor, gettext("change automation rules"))
    clean = check_rule(name=name, trigger=trigger, conditions=conditions, actions=actions,
                       wait_minutes=wait_minutes, rule=rule)  # fmt: skip
    rule.name, rule.trigger, rule.wait_minutes = clean.name, clean.trigger, clean.wait_minutes
    rule.conditions, rule.actions = clean.conditions, clean.actions
    if active is not None:
        rule.active = active
    rule.save()
    record_change(actor, SCREEN, f"Changed the rule “{rule.name}”: {_describe(clean)}"
                  + ("" if rule.active else " (off)"))  # fmt: skip
    return rule


@transaction.atomic
def set_rule_active(actor: User | None, rule: Rule, active: bool) -> Rule:
    """Switch a rule on or off (off: kept, never runs)."""
    check_owner(actor, gettext("switch automation rules on or off"))
    if rule.active != active:
        rule.active = active
        rule.save(update_fields=["active", "updated_at"])
        record_change(actor, SCREEN, f"Switched the rule “{rule.name}” {'on' if active else 'off'}")
    return rule


@transaction.atomic
def move_rule(actor: User | None, rule: Rule, *, up: bool) -> Rule:
    """Run the rule one place earlier (`up`) or later: rules run in this order, and a
    later rule sees what an earlier one changed."""
    check_owner(actor, gettext("reorder automation rules"))
    rules = list(Rule.objects.select_for_update().order_by("position", "id"))
    at = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
    to = at - 1 if up else at + 1
    if not 0 <= to < len(rules):
        return rule
    rules[at], rules[to] = rules[to], rules[at]
    for position, each in enumerate(rules, start=1):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])
    record_change(actor, SCREEN, f"Moved the rule “{rule.name}” to place {to + 1}")
    rule.refresh_from_db()
    return rule


@transaction.atomic
def delete_rule(actor: User | None, rule: Rule) -> None:
    """Remove a rule; the events it recorded on cases stay."""
    check_owner(actor, gettext("remove automation rules"))
    name = rule.name
    rule.delete()
    record_change(actor, SCREEN, f"Removed the rule “{name}”")


def describe_rule(rule: Rule) -> str:
    return _describe(CleanRule(rule.name, rule.trigger, rule.wait_minutes, rule.conditions,
                               rule.actions))  # fmt: skip


# --- The active rules, cached ----------------------------------------------------------


@dataclass(frozen=True)
class ActiveRule:
    pk: int
    name: str
    trigger: str
    wait_minutes: int | None
    conditions: tuple[dict[str, str], ...]
    actions: tuple[dict[str, str], ...]


def _load_active() -> tuple[ActiveRule, ...]:
    return tuple(
        ActiveRule(r.pk, r.name, r.trigger, r.wait_minutes, tuple(r.conditions), tuple(r.actions))
        for r in Rule.objects.filter(active=True).order_by("position", "id")
    )


_active_rules = ConfigCache(_load_active, Rule)


def active_rules(trigger: str) -> list[ActiveRule]:
    """The switched-on rules for `trigger`, in their order (no query while cached)."""
    return [rule for rule in _active_rules.get() if rule.trigger == trigger]


# --- "Test this rule on the last 100 cases" ---------------------------------------------


@dataclass(frozen=True)
class PreviewRow:
    case: Case
    matches: bool


@dataclass(frozen=True)
class Preview:
    rows: list[PreviewRow]

    @property
    def matched(self) -> list[Case]:
        return [row.case for row in self.rows if row.matches]


def preview_rule(
    actor: User | None,
    *,
    trigger: str,
    conditions: Iterable[Mapping[str, Any]],
    limit: int = PREVIEW_CASES,
) -> Preview:
    """Which of the last `limit` cases the conditions would match, as the rule would see
    them: a message condition reads the case's first customer message for "a case is
    opened", its latest otherwise; "within opening hours" is taken at that message (or
    the case's opening). Reads only: nothing is written and no action is done."""
    check_owner(actor, gettext("try automation rules"))
    if trigger not in Trigger.values:
        raise InvalidField("trigger", gettext("Choose when the rule runs."))
    checked = check_conditions(conditions)
    messages = Message.objects.filter(direction=Direction.INBOUND, automatic=False).order_by(
        "created_at", "id"
    )
    cases = list(
        Case.objects.filter(merged_into__isnull=True)
        .select_related("customer")
        .prefetch_related("tags", Prefetch("messages", queryset=messages, to_attr="inbound"))
        .order_by("-created_at", "-id")[:limit]
    )
    rows = []
    for case in cases:
        inbound: list[Message] = getattr(case, "inbound", [])
        message = (
            (inbound[0] if trigger == Trigger.CASE_OPENED else inbound[-1]) if inbound else None
        )
        at: datetime = message.created_at if message is not None else case.created_at
        facts = Facts(case, at, message, frozenset(t.name for t in case.tags.all()))
        rows.append(PreviewRow(case, holds(checked, facts)))
    return Preview(rows)

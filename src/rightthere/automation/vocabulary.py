"""What a rule can say: the conditions it may test and the actions it may ask for.

`check_conditions` / `check_actions` turn what an owner typed (the screen, the API, the
command) into the stored lists or refuse with the row at fault (`InvalidField`
"condition_2", "action_1"); `holds` evaluates one rule's conditions on a case without
touching the database beyond what the caller loaded (`Facts`)."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext, gettext_lazy

from rightthere.accounts.models import Role, Team, User
from rightthere.canned.models import CannedReply
from rightthere.cases.business_hours import next_opening
from rightthere.cases.models import Case, Channel, Kind, Message, Priority, Status
from rightthere.cases.writing import clean_tags
from rightthere.checklists.models import ChecklistTemplate
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.customers.models import CustomerKind
from rightthere.webhooks.models import Subscription

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_CONDITIONS = 10
MAX_ACTIONS = 10
MAX_TEXT = 200

IS, IS_NOT, CONTAINS, NOT_CONTAINS, HAS, HAS_NOT = (
    "is", "is_not", "contains", "not_contains", "has", "has_not",
)  # fmt: skip
OPERATORS = {
    IS: gettext_lazy("is"), IS_NOT: gettext_lazy("is not"), CONTAINS: gettext_lazy("contains"), NOT_CONTAINS: gettext_lazy("does not contain"),
    HAS: gettext_lazy("has"), HAS_NOT: gettext_lazy("does not have"),
}  # fmt: skip
NOBODY = ""  # the value of "team is" / "assignee is" for none


def _staff() -> list[tuple[str, str]]:
    people = User.objects.filter(is_active=True).exclude(role=Role.SUBCONTRACTOR)
    return [(str(u.pk), u.display_name) for u in people.order_by("first_name", "username")]


def _teams() -> list[tuple[str, str]]:
    return [(str(t.pk), t.name) for t in Team.objects.order_by("name")]


@dataclass(frozen=True)
class ConditionField:
    name: str
    label: "StrOrPromise"
    operators: tuple[str, ...]
    # The values to pick from (value, label), or None for free text.
    choices: "Callable[[], Sequence[tuple[str, StrOrPromise]]] | None" = None
    nobody: "StrOrPromise" = ""  # the label of the empty value, when "none" is a value


YES_NO = [("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))]

CONDITION_FIELDS: dict[str, ConditionField] = {
    f.name: f
    for f in [
        ConditionField("channel", gettext_lazy("Channel"), (IS, IS_NOT), lambda: list(Channel.choices)),
        ConditionField("kind", gettext_lazy("Kind"), (IS, IS_NOT), lambda: list(Kind.choices)),
        ConditionField("priority", gettext_lazy("Priority"), (IS, IS_NOT), lambda: list(Priority.choices)),
        ConditionField("status", gettext_lazy("Status"), (IS, IS_NOT), lambda: list(Status.choices)),
        ConditionField("team", gettext_lazy("Team"), (IS, IS_NOT), _teams, nobody=gettext_lazy("no team")),
        ConditionField("assignee", gettext_lazy("Assignee"), (IS, IS_NOT), _staff, nobody=gettext_lazy("nobody")),
        ConditionField("tag", gettext_lazy("Tags"), (HAS, HAS_NOT)),
        ConditionField("subject", gettext_lazy("Subject"), (CONTAINS, NOT_CONTAINS)),
        ConditionField("message", gettext_lazy("The customer's message"), (CONTAINS, NOT_CONTAINS)),
        ConditionField("customer_kind", gettext_lazy("Customer is a"), (IS, IS_NOT),
                       lambda: list(CustomerKind.choices)),
        ConditionField("customer_name", gettext_lazy("Customer's name"), (CONTAINS, NOT_CONTAINS)),
        ConditionField("open_now", gettext_lazy("Within opening hours"), (IS,), lambda: YES_NO),
    ]
}  # fmt: skip


@dataclass(frozen=True)
class ActionType:
    name: str
    label: "StrOrPromise"
    choices: "Callable[[], Sequence[tuple[str, StrOrPromise]]] | None" = None  # None: free text
    needs_value: bool = True


def _notify_choices() -> list[tuple[str, str]]:
    return [
        ("assignee", gettext("the case's assignee")),
        ("owners", gettext("the owners")),
        *_staff(),
    ]


def _canned_choices() -> list[tuple[str, str]]:
    # Only replies the whole desk shares: a personal one is its owner's own.
    replies = CannedReply.objects.filter(owner__isnull=True).order_by("title")
    return [(str(r.pk), r.title) for r in replies]


def _webhook_choices() -> list[tuple[str, str]]:
    return [(str(s.pk), s.name) for s in Subscription.objects.order_by("name")]


ACTION_TYPES: dict[str, ActionType] = {
    a.name: a
    for a in [
        ActionType("assign", gettext_lazy("Assign to"), _staff),
        ActionType("team", gettext_lazy("Give to the team"), _teams),
        ActionType("priority", gettext_lazy("Set the priority to"), lambda: list(Priority.choices)),
        ActionType("kind", gettext_lazy("Set the kind to"), lambda: list(Kind.choices)),
        ActionType("status", gettext_lazy("Set the status to"), lambda: list(Status.choices)),
        ActionType("tag", gettext_lazy("Add the tag")),
        ActionType("checklist", gettext_lazy("Add the checklist"),
                   lambda: [(str(t.pk), t.name) for t in ChecklistTemplate.objects.order_by("name")]),
        ActionType("canned_reply", gettext_lazy("Send the canned reply"), _canned_choices),
        ActionType("notify", gettext_lazy("Notify"), _notify_choices),
        ActionType("recovery", gettext_lazy("Start the complaint recovery"), needs_value=False),
        ActionType("webhook", gettext_lazy("Send the case to the webhook"), _webhook_choices),
    ]
}  # fmt: skip


def _text(raw: object) -> str:
    return str(raw if raw is not None else "").replace("\x00", "").strip()


def check_conditions(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The conditions as stored; rows with no field chosen are dropped (blank form rows)."""
    cleaned: list[dict[str, str]] = []
    for n, row in enumerate(rows, start=1):
        name, op, value = _text(row.get("field")), _text(row.get("op")), _text(row.get("value"))
        if not name:
            continue
        where = f"condition_{n}"
        spec = CONDITION_FIELDS.get(name)
        if spec is None:
            raise InvalidField(where, gettext("Unknown condition %(name)s; choose one from the list.")
                               % {"name": repr(name)})  # fmt: skip
        if op not in spec.operators:
            allowed = " or ".join(f"“{OPERATORS[o]}”" for o in spec.operators)
            raise InvalidField(where, gettext("%(label)s can only be tested with %(allowed)s.")
                               % {"label": spec.label, "allowed": allowed})  # fmt: skip
        if spec.choices is not None:
            values = {v for v, _ in spec.choices()}
            if value not in values and not (spec.nobody and value == NOBODY):
                raise InvalidField(where, gettext("Choose a value for “%(label)s” from the list.")
                                   % {"label": spec.label})  # fmt: skip
        else:
            if not value:
                raise InvalidField(where, gettext("Say what “%(label)s” should %(test)s.")
                                   % {"label": spec.label, "test": OPERATORS[op]})  # fmt: skip
            if len(value) > MAX_TEXT:
                raise InvalidField(where, gettext("Keep the text under %(max)s characters.")
                                   % {"max": MAX_TEXT})  # fmt: skip
            if name == "tag":
                value = clean_tags([value])[0]
        cleaned.append({"field": name, "op": op, "value": value})
    if len(cleaned) > MAX_CONDITIONS:
        raise InvalidField("conditions", gettext("At most %(max)s conditions per rule.")
                           % {"max": MAX_CONDITIONS})  # fmt: skip
    return cleaned


def check_actions(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The actions as stored, in order; at least one."""
    cleaned: list[dict[str, str]] = []
    for n, row in enumerate(rows, start=1):
        name, value = _text(row.get("type")), _text(row.get("value"))
        if not name:
            continue
        where = f"action_{n}"
        spec = ACTION_TYPES.get(name)
        if spec is None:
            raise InvalidField(where, gettext("Unknown action %(name)s; choose one from the list.")
                               % {"name": repr(name)})  # fmt: skip
        if not spec.needs_value:
            value = ""
        elif spec.choices is not None:
            if value not in {v for v, _ in spec.choices()}:
                raise InvalidField(where, gettext("Choose what to “%(action)s” from the list.")
                                   % {"action": spec.label.lower()})  # fmt: skip
        else:
            if not value:
                raise InvalidField(where, gettext("Say what to “%(action)s”.")
                                   % {"action": spec.label.lower()})  # fmt: skip
            try:
                value = clean_tags([value])[0]
            except InvalidInput as error:
                raise InvalidField(where, error.message) from error
        if {"type": name, "value": value} in cleaned:
            raise InvalidField(where, gettext("This action is already in the rule."))
        cleaned.append({"type": name, "value": value})
    if not cleaned:
        raise InvalidField("action_1",
                           gettext("Choose at least one action: what should the rule do?"))  # fmt: skip
    if len(cleaned) > MAX_ACTIONS:
        raise InvalidField("actions", gettext("At most %(max)s actions per rule.")
                           % {"max": MAX_ACTIONS})  # fmt: skip
    return cleaned


# --- Evaluating -------------------------------------------------------------------------


@dataclass
class Facts:
    """What a rule's conditions are tested on: the case (with its customer loaded), the
    message that triggered it (the customer's), when, and the case's tags."""

    case: Case
    at: datetime
    message: Message | None = None
    tags: frozenset[str] | None = None  # loaded on first use when not given
    _open_now: bool | None = field(default=None, repr=False)

    def tag_names(self) -> frozenset[str]:
        if self.tags is None:
            self.tags = frozenset(self.case.tags.values_list("name", flat=True))
        return self.tags

    def open_now(self) -> bool:
        if self._open_now is None:
            self._open_now = next_opening(self.at) <= self.at
        return self._open_now


def _value_of(name: str, facts: Facts) -> str:
    case = facts.case
    if name in ("channel", "kind", "priority", "status"):
        return str(getattr(case, name))
    if name == "team":
        return str(case.team_id) if case.team_id else NOBODY
    if name == "assignee":
        return str(case.assignee_id) if case.assignee_id else NOBODY
    if name == "subject":
        return case.subject
    if name == "message":
        return facts.message.body_text if facts.message is not None else ""
    if name == "customer_kind":
        return case.customer.kind
    if name == "customer_name":
        return case.customer.name
    if name == "open_now":
        return "yes" if facts.open_now() else "no"
    raise ValueError(f"Unknown condition {name!r}")


def condition_holds(condition: Mapping[str, str], facts: Facts) -> bool:
    name, op, wanted = condition["field"], condition["op"], condition["value"]
    if name == "tag":
        return (wanted in facts.tag_names()) == (op == HAS)
    actual = _value_of(name, facts)
    if op in (IS, IS_NOT):
        return (actual == wanted) == (op == IS)
    found = wanted.casefold() in actual.casefold()
    return found == (op == CONTAINS)


def holds(conditions: Iterable[Mapping[str, str]], facts: Facts) -> bool:
    """Whether every condition holds (a rule without conditions always does)."""
    return all(condition_holds(c, facts) for c in conditions)


# --- Describing ---------------------------------------------------------------------------


def _label(
    choices: "Callable[[], Sequence[tuple[str, StrOrPromise]]] | None",
    value: str,
    nobody: "StrOrPromise",
) -> str:
    if value == NOBODY and nobody:
        return str(nobody)
    if choices is None:
        return f"“{value}”"
    return str(dict(choices()).get(value, gettext("(removed: %(value)s)") % {"value": value}))


def describe_condition(condition: Mapping[str, str]) -> str:
    spec = CONDITION_FIELDS.get(condition["field"])
    if spec is None:
        return str(condition)
    value = _label(spec.choices, condition["value"], spec.nobody)
    return f"{spec.label} {OPERATORS.get(condition['op'], condition['op'])} {value}"


def describe_action(action: Mapping[str, str]) -> str:
    spec = ACTION_TYPES.get(action["type"])
    if spec is None:
        return str(action)
    if not spec.needs_value:
        return str(spec.label)
    return f"{spec.label} {_label(spec.choices, action['value'], '')}"

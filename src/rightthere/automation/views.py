"""/settings/automation/: the owners' automation rules in their order (switch on/off, move,
remove), and the rule form with "Test on the last 100 cases" before saving. Each action
calls automation.setup, like /api/automation-rules and `rightthere automation`; a rule is
fetched through automation.access after the set-up screens' owner check, as the API does."""

import json
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rightthere.accounts.changes import recent_changes
from rightthere.automation import setup
from rightthere.automation.access import access_rule
from rightthere.automation.models import TRIGGER_IN_SENTENCE, Rule, Trigger
from rightthere.automation.vocabulary import (
    ACTION_TYPES,
    CONDITION_FIELDS,
    NOBODY,
    OPERATORS,
    describe_action,
    describe_condition,
)
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.setup_screens.views import owner_of

ROWS = 4  # condition and action rows on the form (empty ones are left out)


@dataclass
class RuleForm:
    """What the owner typed, kept as typed so nothing is lost when a field is refused."""

    name: str = ""
    trigger: str = Trigger.CASE_OPENED
    wait_minutes: str = ""
    active: bool = True
    conditions: list[dict[str, str]] = field(default_factory=list)
    actions: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, rule: Rule) -> "RuleForm":
        return cls(rule.name, rule.trigger, str(rule.wait_minutes or ""), rule.active,
                   [dict(c) for c in rule.conditions], [dict(a) for a in rule.actions])  # fmt: skip

    @classmethod
    def posted(cls, request: HttpRequest) -> "RuleForm":
        data = request.POST
        conditions, actions = [], []
        for n in range(1, ROWS + 1):
            name = data.get(f"condition_{n}_field", "")
            is_text = name in CONDITION_FIELDS and CONDITION_FIELDS[name].choices is None
            conditions.append({
                "field": name, "op": data.get(f"condition_{n}_op", ""),
                "value": data.get(f"condition_{n}_text" if is_text else f"condition_{n}_value", ""),
            })  # fmt: skip
            kind = data.get(f"action_{n}_type", "")
            is_text = kind in ACTION_TYPES and ACTION_TYPES[kind].choices is None
            actions.append({
                "type": kind,
                "value": data.get(f"action_{n}_text" if is_text else f"action_{n}_value", ""),
            })  # fmt: skip
        return cls(data.get("name", ""), data.get("trigger", ""), data.get("wait_minutes", ""),
                   data.get("active") == "1", conditions, actions)  # fmt: skip

    def fields(self) -> dict[str, object]:
        return {"name": self.name, "trigger": self.trigger, "conditions": self.conditions,
                "actions": self.actions, "wait_minutes": self.wait_minutes}  # fmt: skip

    def rows(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """ROWS condition and action rows, the typed ones first, each with its error."""
        conditions = [*self.conditions, *({} for _ in range(ROWS))][:ROWS]
        actions = [*self.actions, *({} for _ in range(ROWS))][:ROWS]
        return (
            [{**c, "n": str(n), "error": self.errors.get(f"condition_{n}", "")}
             for n, c in enumerate(conditions, start=1)],
            [{**a, "n": str(n), "error": self.errors.get(f"action_{n}", "")}
             for n, a in enumerate(actions, start=1)],
        )  # fmt: skip


def _vocabulary() -> dict[str, object]:
    """The choices of the form's selects, read once per page."""
    fields = []
    for spec in CONDITION_FIELDS.values():
        choices = spec.choices() if spec.choices is not None else None
        if choices is not None and spec.nobody:
            choices = [(NOBODY, spec.nobody), *choices]
        fields.append({"name": spec.name, "label": spec.label, "choices": choices,
                       "operators": [(o, OPERATORS[o]) for o in spec.operators]})  # fmt: skip
    actions = [{"name": a.name, "label": a.label, "needs_value": a.needs_value,
                "choices": a.choices() if a.choices is not None else None}
               for a in ACTION_TYPES.values()]  # fmt: skip
    allowed = {spec.name: list(spec.operators) for spec in CONDITION_FIELDS.values()}
    return {"condition_fields": fields, "operators": list(OPERATORS.items()),
            "operators_json": json.dumps(allowed),
            "action_types": actions, "triggers": Trigger.choices}  # fmt: skip


def _form_page(
    request: HttpRequest, form: RuleForm, rule: Rule | None, preview: setup.Preview | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    conditions, actions = form.rows()
    return render(request, "automation/rule.html", {
        "form": form, "rule": rule, "condition_rows": conditions, "action_rows": actions,
        "preview": preview, "preview_size": setup.PREVIEW_CASES, **_vocabulary(),
    }, status=status)  # fmt: skip


def _save_or_preview(request: HttpRequest, rule: Rule | None) -> HttpResponse:
    owner = owner_of(request)
    form = RuleForm.posted(request) if request.method == "POST" else (
        RuleForm.of(rule) if rule is not None else RuleForm())  # fmt: skip
    if request.method != "POST":
        return _form_page(request, form, rule)
    try:
        if "preview" in request.POST:
            preview = setup.preview_rule(owner, trigger=form.trigger, conditions=form.conditions)
            return _form_page(request, form, rule, preview)
        if rule is None:
            saved = setup.create_rule(owner, **form.fields(), active=form.active)  # type: ignore[arg-type]
        else:
            saved = setup.update_rule(owner, rule, **form.fields(), active=form.active)  # type: ignore[arg-type]
    except InvalidField as error:
        form.errors[error.field] = error.message
        return _form_page(request, form, rule, status=400)
    except InvalidInput as error:
        form.errors["form"] = error.message
        return _form_page(request, form, rule, status=400)
    messages.success(request, gettext("Rule “%(name)s” saved; it runs in place %(place)s.")
                     % {"name": saved.name, "place": saved.position})  # fmt: skip
    return redirect("automation_rules")


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    owner_of(request)
    rules = [
        {"rule": r, "when": TRIGGER_IN_SENTENCE[Trigger(r.trigger)], "conditions":
         [describe_condition(c) for c in r.conditions],
         "actions": [describe_action(a) for a in r.actions]}
        for r in Rule.objects.order_by("position", "id")
    ]  # fmt: skip
    return render(request, "automation/rules.html", {
        "rules": rules, "changes": recent_changes(setup.SCREEN),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def rule_new(request: HttpRequest) -> HttpResponse:
    return _save_or_preview(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_or_preview(request, access_rule(owner_of(request), pk))


@login_required
@require_POST
def rule_move(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    setup.move_rule(owner, access_rule(owner, pk), up=request.POST.get("direction") == "up")
    return redirect("automation_rules")


@login_required
@require_POST
def rule_active(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    found = setup.set_rule_active(owner, access_rule(owner, pk), request.POST.get("active") == "1")
    messages.success(request, (gettext("“%(name)s” is on.") if found.active
                              else gettext("“%(name)s” is off.")) % {"name": found.name})  # fmt: skip
    return redirect("automation_rules")


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    owner = owner_of(request)
    found = access_rule(owner, pk)
    setup.delete_rule(owner, found)
    messages.success(request, gettext("“%(name)s” removed; the cases keep what it did.")
                     % {"name": found.name})  # fmt: skip
    return redirect("automation_rules")

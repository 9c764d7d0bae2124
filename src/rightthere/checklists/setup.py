"""Setting up checklist templates: the steps a kind of case starts with.

Owners do this on the Checklists settings screen or through the API; both call
these functions, which check the owner, refuse bad input naming the field, write and
record the change in the set-up history.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.cases.models import Kind
from rightthere.checklists.models import MAX_STEP_CHARS, ChecklistTemplate, ChecklistTemplateStep
from rightthere.core.errors import InvalidField

MAX_TEMPLATE_STEPS = 50


def _clean(
    template: ChecklistTemplate, name: str, case_kind: str, steps: Sequence[str]
) -> list[str]:
    name = name.replace("\x00", "").strip()
    if not name:
        raise InvalidField("name", gettext("Give the checklist a name, e.g. Boiler repair."))
    if len(name) > 200:
        raise InvalidField("name", gettext("A checklist name is at most 200 characters."))
    clash = ChecklistTemplate.objects.filter(name__iexact=name).exclude(pk=template.pk)
    if clash.exists():
        raise InvalidField(
            "name", gettext("There is already a checklist called “%(name)s”.") % {"name": name}
        )
    if case_kind and case_kind not in Kind.values:
        raise InvalidField(
            "case_kind",
            gettext("Choose a kind of case: %(kinds)s.") % {"kinds": ", ".join(Kind.values)},
        )
    cleaned = [step.replace("\x00", "").strip() for step in steps]
    cleaned = [step for step in cleaned if step]
    if not cleaned:
        raise InvalidField("steps", gettext("Write at least one step, one per line."))
    if len(cleaned) > MAX_TEMPLATE_STEPS:
        raise InvalidField(
            "steps",
            gettext("A checklist has at most %(count)s steps.") % {"count": MAX_TEMPLATE_STEPS},
        )
    too_long = [step for step in cleaned if len(step) > MAX_STEP_CHARS]
    if too_long:
        raise InvalidField(
            "steps",
            gettext("A step is at most %(count)s characters: “%(step)s…”")
            % {"count": MAX_STEP_CHARS, "step": too_long[0][:40]},
        )
    template.name = name
    template.case_kind = case_kind
    return cleaned


def _said(template: ChecklistTemplate, steps: list[str]) -> str:
    kind = f"{template.case_kind} cases" if template.case_kind else "any kind of case"
    automatic = ", put on every new one" if template.apply_automatically else ""
    return f"for {kind}{automatic}; {len(steps)} steps: {'; '.join(steps)}."


def _write(template: ChecklistTemplate, steps: list[str]) -> None:
    template.save()
    template.steps.all().delete()
    ChecklistTemplateStep.objects.bulk_create(
        ChecklistTemplateStep(template=template, position=i, text=text)
        for i, text in enumerate(steps)
    )


def add_template(
    actor: User | None,
    *,
    name: str,
    steps: Sequence[str],
    case_kind: str = "",
    apply_automatically: bool = False,
) -> ChecklistTemplate:
    """A checklist for a kind of case (or any), its steps in order; put on every new
    case of that kind when `apply_automatically`."""
    check_owner(actor, gettext("set up checklists"))
    template = ChecklistTemplate(apply_automatically=apply_automatically)
    cleaned = _clean(template, name, case_kind, steps)
    with transaction.atomic():
        _write(template, cleaned)
        record_change(
            actor, "checklists", f"Added the checklist {template.name}: {_said(template, cleaned)}"
        )
    return template


def change_template(
    actor: User | None,
    template: ChecklistTemplate,
    *,
    name: str,
    steps: Sequence[str],
    case_kind: str = "",
    apply_automatically: bool = False,
) -> ChecklistTemplate:
    """Replace a checklist's name, kind and steps (cases that have its steps keep them)."""
    check_owner(actor, gettext("change checklists"))
    template.apply_automatically = apply_automatically
    cleaned = _clean(template, name, case_kind, steps)
    with transaction.atomic():
        _write(template, cleaned)
        record_change(
            actor,
            "checklists",
            f"Changed the checklist {template.name}: {_said(template, cleaned)}",
        )
    return template


def delete_template(actor: User | None, template: ChecklistTemplate) -> None:
    """Remove a checklist; steps already on cases stay there."""
    check_owner(actor, gettext("remove checklists"))
    with transaction.atomic():
        record_change(actor, "checklists", f"Removed the checklist {template.name}.")
        template.delete()

"""The checklist panel on the case page (listed in cases.views.panels.PANEL_PROVIDERS)."""

from typing import Any

from django.db.models import Q

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.checklists.models import MAX_STEP_CHARS, ChecklistTemplate
from rightthere.checklists.progress import progress_of

TEMPLATE = "checklists/_panel.html"


def checklist_panel(user: User, case: Case) -> Panel:
    """Everyone who can open the case page can work on its checklist."""
    return Panel(template=TEMPLATE, placement="side", context=panel_context(case))


def panel_context(case: Case, error: str = "") -> dict[str, Any]:
    """Two queries however long the checklist: the steps, and the templates on offer."""
    items = list(case.checklist_items.select_related("done_by"))
    applied = {item.from_template_id for item in items}
    templates = [
        template
        for template in ChecklistTemplate.objects.filter(
            Q(case_kind=case.kind) | Q(case_kind="")
        ).only("id", "name")
        if template.pk not in applied
    ]
    progress = progress_of(items)
    return {
        "case_id": case.pk,
        "items": items,
        "progress": progress,
        "late": progress.late and case.is_open,
        "templates": templates,
        "max_chars": MAX_STEP_CHARS,
        "error": error,
    }

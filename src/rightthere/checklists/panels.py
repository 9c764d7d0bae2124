"""The checklist panel on the case page (listed in cases.views.panels.PANEL_PROVIDERS)."""

from typing import Any

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel, PanelRows, may_have
from rightthere.checklists.models import MAX_STEP_CHARS, CaseChecklistItem, ChecklistTemplate
from rightthere.checklists.progress import progress_of
from rightthere.core.config_cache import ConfigCache

TEMPLATE = "checklists/_panel.html"
ROWS: PanelRows = {"has_checklist_items": CaseChecklistItem}


def checklist_panel(user: User, case: Case) -> Panel:
    """Everyone who can open the case page can work on its checklist."""
    return Panel(template=TEMPLATE, placement="side", context=panel_context(case))


def _load_templates() -> list[ChecklistTemplate]:
    return list(ChecklistTemplate.objects.only("id", "name", "case_kind").order_by("name"))


# The templates on offer are configuration: read once, kept until one changes.
_templates = ConfigCache(_load_templates, ChecklistTemplate)


def panel_context(case: Case, error: str = "") -> dict[str, Any]:
    """One query however long the checklist: the steps (the templates on offer are
    cached configuration)."""
    has_items = may_have(case, "has_checklist_items")
    items = list(case.checklist_items.select_related("done_by")) if has_items else []
    applied = {item.from_template_id for item in items}
    templates = [
        template
        for template in _templates.get()
        if template.case_kind in (case.kind, "") and template.pk not in applied
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

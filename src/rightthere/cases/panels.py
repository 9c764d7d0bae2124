"""Panels other apps add to the case page (promises, checklist, recovery, ...).

Each provider is a function `(user, case) -> Panel | None`, listed here by dotted
path so the cases app does not import the apps that build on it.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.module_loading import import_string

from rightthere.accounts.models import User
from rightthere.cases.models import Case

PANEL_PROVIDERS: list[str] = [
    "rightthere.recovery.panels.recovery_panel",
    "rightthere.promises.panels.promise_panel",
    "rightthere.checklists.panels.checklist_panel",
    "rightthere.satisfaction.panels.satisfaction_panel",
    "rightthere.field.panels.field_panel",
    "rightthere.merging.panels.case_panel",
    "rightthere.similar.panels.case_panel",
    "rightthere.timetracking.panels.case_panel",
    "rightthere.canned.panels.case_panel",
]


@dataclass
class Panel:
    template: str
    placement: Literal["main", "side"] = "side"
    context: dict[str, Any] = field(default_factory=dict)


def case_panels(user: User, case: Case) -> list[Panel]:
    panels = []
    for path in PANEL_PROVIDERS:
        panel = import_string(path)(user, case)
        if panel is not None:
            panels.append(panel)
    return panels

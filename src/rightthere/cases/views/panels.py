"""The panels of the case page, in the order they are shown.

The case page is a door: it may import every app that adds a panel, so the
list is written out here (not found by dotted path at run time) and the import
contract sees it.
"""

from collections.abc import Callable

from rightthere.accounts.models import User
from rightthere.canned.panels import case_panel as canned_panel
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.checklists.panels import checklist_panel
from rightthere.coach.panels import upset_panel
from rightthere.field.panels import field_panel
from rightthere.merging.panels import case_panel as merging_panel
from rightthere.portal.panels import status_link_panel
from rightthere.promises.panels import promise_panel
from rightthere.recovery.panels import recovery_panel
from rightthere.satisfaction.panels import satisfaction_panel
from rightthere.similar.panels import case_panel as similar_panel
from rightthere.timetracking.panels import case_panel as time_panel

PANEL_PROVIDERS: list[Callable[[User, Case], Panel | None]] = [
    upset_panel,
    recovery_panel,
    promise_panel,
    checklist_panel,
    satisfaction_panel,
    field_panel,
    merging_panel,
    similar_panel,
    time_panel,
    canned_panel,
    status_link_panel,
]


def case_panels(user: User, case: Case) -> list[Panel]:
    panels = []
    for provider in PANEL_PROVIDERS:
        panel = provider(user, case)
        if panel is not None:
            panels.append(panel)
    return panels

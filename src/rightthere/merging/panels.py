"""The case-page panel of this app (listed in cases.views.panels.PANEL_PROVIDERS).

It costs the case page no query: a merged case shows a banner built from
`merged_into_id`, and everything that needs the database (likely duplicates,
recent merges with their undo button) is fetched by htmx after the page loads.
"""

from rightthere.accounts.models import User
from rightthere.cases.access import can_manage_cases
from rightthere.cases.models import Case
from rightthere.cases.models.case import format_reference
from rightthere.cases.panels import Panel


def case_panel(user: User, case: Case) -> Panel | None:
    manager = can_manage_cases(user)
    if case.merged_into_id is not None:
        return Panel(
            template="merging/_merged_banner.html",
            placement="main",
            context={
                "case": case,
                "survivor_id": case.merged_into_id,
                "survivor_reference": format_reference(case.merged_into_id),
                "can_manage": manager,
            },
        )
    if not manager:
        return None
    return Panel(template="merging/_lazy.html", placement="side", context={"case": case})

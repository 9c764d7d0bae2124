"""The time panel on the case page (listed in cases.views.panels.PANEL_PROVIDERS).

It costs the case page no query: a placeholder that loads the timer widget
(`views.timer.case_widget`, permission-checked) once the page is shown.
"""

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel


def case_panel(user: User, case: Case) -> Panel | None:
    return Panel(template="timetracking/_panel.html", placement="side",
                 context={"case_id": case.pk})  # fmt: skip

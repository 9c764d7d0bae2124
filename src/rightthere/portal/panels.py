"""The customer's status page panel on the case page (owners and agents only).

Listed in cases.views.panels.PANEL_PROVIDERS. It costs the case page no query:
a placeholder that loads `portal.views.links.link_widget` (permission-checked)
once the page is shown; its buttons post to the same module."""

from rightthere.accounts.models import User
from rightthere.accounts.roles import is_manager
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel


def status_link_panel(user: User, case: Case) -> Panel | None:
    if not is_manager(user):
        return None
    return Panel(template="portal/_link_panel.html", placement="side",
                 context={"case_id": case.pk})  # fmt: skip

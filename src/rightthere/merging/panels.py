"""The case-page panel of this app (listed in cases.panels.PANEL_PROVIDERS)."""

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel


def case_panel(user: User, case: Case) -> Panel | None:
    return None

"""The case-page panel of this app (listed in cases.views.panels.PANEL_PROVIDERS).

Canned replies live in the composer (the picker, loaded with htmx only when it
is opened), not in a panel, so the case page gains no query from this app.
"""

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel


def case_panel(user: User, case: Case) -> Panel | None:
    return None

"""The case-page panel of this app (listed in cases.views.panels.PANEL_PROVIDERS).

The panel costs the case page no query: it is a placeholder that fetches the
list (`views.similar_list`) once the page has loaded.
"""

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel


def case_panel(user: User, case: Case) -> Panel | None:
    return Panel(template="similar/_panel.html", placement="side", context={"case_id": case.pk})

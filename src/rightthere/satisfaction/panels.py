"""The satisfaction panel on the case page (listed in cases.views.panels.PANEL_PROVIDERS)."""

from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.satisfaction.actions import RATEABLE_STATUSES
from rightthere.satisfaction.summary import satisfaction_of


def satisfaction_panel(user: User, case: Case) -> Panel | None:
    """Everyone who can open the case page sees the answer; nothing until the case is solved."""
    summary = satisfaction_of(case, timezone.now())
    if summary.state == "not_asked" and case.status not in RATEABLE_STATUSES:
        return None
    return Panel(
        template="satisfaction/_panel.html",
        placement="side",
        context={
            "summary": summary,
            "no_email": case.contact is None or not case.contact.email,
        },
    )

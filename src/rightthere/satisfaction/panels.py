"""The satisfaction panel on the case page (listed in cases.views.panels.PANEL_PROVIDERS)."""

from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.accounts.roles import is_manager
from rightthere.cases.models import Case, Kind
from rightthere.cases.panels import Panel, PanelRows, may_have
from rightthere.recovery.models import Recovery
from rightthere.satisfaction.actions import RATEABLE_STATUSES
from rightthere.satisfaction.models import Rating, SatisfactionAnswer
from rightthere.satisfaction.summary import satisfaction_of

ROWS: PanelRows = {"has_satisfaction_answer": SatisfactionAnswer}


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


def bad_rating_panel(user: User, case: Case) -> Panel | None:
    """Shown at the top of the case page while the customer's answer is "Not good" and
    the case is not on the recovery playbook yet, as for an upset message
    (`coach.panels.upset_panel`): the rating, their comment, and the playbook's own
    start button for those who may. Most cases have no answer: the page's query says
    so (`ROWS`) and this asks nothing."""
    if case.kind == Kind.COMPLAINT or not may_have(case, "has_satisfaction_answer"):
        return None
    answer = SatisfactionAnswer.objects.filter(case_id=case.pk, rating=Rating.BAD).first()
    if answer is None or (
        may_have(case, "has_recovery") and Recovery.objects.filter(case_id=case.pk).exists()
    ):
        return None
    return Panel(
        template="satisfaction/_bad_rating_panel.html",
        placement="main",
        context={"case": case, "answer": answer, "can_start": is_manager(user)},
    )

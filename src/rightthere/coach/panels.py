"""The case page's "looks upset" panel: the latest assessment of the customer's words."""

from django.db.models import BigIntegerField

from rightthere.accounts.models import User
from rightthere.accounts.roles import is_manager
from rightthere.cases.models import Case, Kind
from rightthere.cases.panels import Panel
from rightthere.coach.models import MessageSentiment
from rightthere.core.compiled import CompiledModels, Param, compile_once


def _latest_assessment() -> CompiledModels[MessageSentiment]:
    """The case's latest assessed customer message, compiled once (core.compiled: building
    the statement was ~0.4 ms of the case page's CPU, #23). Guard:
    tests/coach/test_upset_panel_read.py."""
    return CompiledModels(
        MessageSentiment.objects.filter(case_id=Param("case", BigIntegerField()))
        .order_by("-created_at", "-id")
        .only("level", "upset_score", "reasons", "message_id")[:1]
    )


def upset_panel(user: User, case: Case) -> Panel | None:
    """Shown while the customer's latest assessed message looks upset and the case is
    not a complaint yet: a weak signal suggests recovery, a strong one is flagged;
    both with the score and the reasons. Starting recovery is the recovery playbook's
    own button (`recovery_step` 'start'), for those who may."""
    if case.kind == Kind.COMPLAINT:
        return None
    found = compile_once("case's latest assessment", _latest_assessment).fetch({"case": case.pk})
    latest = found[0] if found else None
    if latest is None or latest.level not in ("suggest", "flag"):
        return None
    return Panel(
        template="coach/_upset_panel.html",
        placement="main",
        context={"case": case, "sentiment": latest, "can_start": is_manager(user)},
    )

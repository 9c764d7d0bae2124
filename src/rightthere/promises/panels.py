from django.db.models import BigIntegerField

from rightthere.accounts.models import User
from rightthere.cases.access import can_work_on
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.core.compiled import CompiledModels, Param, compile_once
from rightthere.promises.models import Promise, PromiseState


def _case_promises() -> CompiledModels[Promise]:
    """`case.promises.select_related("owner").order_by("state", "due_at")`, compiled
    once (core.compiled: building it was ~1 ms of the case page's CPU, #23). Guard:
    tests/promises/test_panel_read.py."""
    return CompiledModels(
        Promise.objects.filter(case_id=Param("case", BigIntegerField()))
        .select_related("owner")
        .order_by("state", "due_at")
    )


def promise_panel(user: User, case: Case) -> Panel:
    promises = compile_once("case's promises", _case_promises).fetch({"case": case.pk})
    for promise in promises:
        promise.case = case  # as the related manager gives them
    return Panel(
        template="promises/_panel.html",
        placement="side",
        context={
            "case": case,
            "open": [p for p in promises if p.state == PromiseState.OPEN],
            "closed": [p for p in promises if p.state != PromiseState.OPEN][:10],
            "can_change": can_work_on(user, case),
        },
    )

from rightthere.accounts.models import User
from rightthere.cases.access import can_work_on
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.promises.models import PromiseState


def promise_panel(user: User, case: Case) -> Panel:
    promises = list(case.promises.select_related("owner").order_by("state", "due_at"))
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

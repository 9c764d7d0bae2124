from rightthere.accounts.models import Role, User
from rightthere.cases.access import can_work_on
from rightthere.cases.models import Case, Kind
from rightthere.cases.panels import Panel, PanelRows, may_have
from rightthere.recovery.models import Improvement, Recovery, active_root_causes
from rightthere.recovery.steps import current_step, step_states

ROWS: PanelRows = {"has_recovery": Recovery}

# The side card that offers the playbook on any case; the case page leaves it out when
# a panel about an unhappy customer already offers it (`cases.views.panels`).
START_TEMPLATE = "recovery/_start.html"


def recovery_panel(user: User, case: Case) -> Panel | None:
    recovery = (
        Recovery.objects.filter(case=case)
        .select_related("chosen_option", "follow_through", "root_cause", "improvement")
        .prefetch_related("waivers", "options")
        .first()
        if may_have(case, "has_recovery")
        else None
    )
    can_work = can_work_on(user, case)
    if recovery is None:
        if case.kind == Kind.COMPLAINT or not can_work:
            return None
        return Panel(template=START_TEMPLATE, placement="side", context={"case": case})
    return Panel(
        template="recovery/_panel.html",
        placement="main",
        context={
            "case": case,
            "recovery": recovery,
            "steps": step_states(recovery),
            "current": current_step(recovery),
            "options": [o for o in recovery.options.all() if o.round == recovery.round],
            "can_work": can_work,
            "is_owner": user.role == Role.OWNER,
            "root_causes": active_root_causes(),
            "improvements": Improvement.objects.select_related("root_cause")[:50],
        },
    )

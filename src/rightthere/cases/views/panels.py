"""The panels of the case page, in the order they are shown.

The case page is a door: it may import every app that adds a panel, so the
list is written out here (not found by dotted path at run time) and the import
contract sees it.
"""

from collections.abc import Callable
from functools import cache

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from rightthere.accounts.models import User
from rightthere.canned.panels import case_panel as canned_panel
from rightthere.cases.access import visible_cases
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.checklists.panels import ROWS as CHECKLIST_ROWS
from rightthere.checklists.panels import checklist_panel
from rightthere.coach.panels import upset_panel
from rightthere.field.panels import ROWS as FIELD_ROWS
from rightthere.field.panels import field_panel
from rightthere.merging.panels import case_panel as merging_panel
from rightthere.portal.panels import status_link_panel
from rightthere.promises.panels import promise_panel
from rightthere.recovery.panels import ROWS as RECOVERY_ROWS
from rightthere.recovery.panels import START_TEMPLATE, recovery_panel
from rightthere.satisfaction.panels import ROWS as SATISFACTION_ROWS
from rightthere.satisfaction.panels import bad_rating_panel, satisfaction_panel
from rightthere.similar.panels import case_panel as similar_panel
from rightthere.timetracking.panels import case_panel as time_panel

Provider = Callable[[User, Case], Panel | None]

# Panels not needed to read and answer the case: the page holds a placeholder that
# fetches them once shown (htmx `revealed`; `lazy_panel` below), so their queries are
# not the page's. The placeholder's link, shown without script, opens the panel alone.
LAZY_PANELS: dict[str, Provider] = {
    "satisfaction": satisfaction_panel,
}


def _placeholder(name: str) -> Provider:
    def provider(user: User, case: Case) -> Panel:
        return Panel(
            template="cases/_lazy_panel.html",
            placement="side",
            context={"url": reverse("case_lazy_panel", args=[case.pk, name]), "name": name},
        )

    return provider


PANEL_PROVIDERS: list[Provider] = [
    upset_panel,
    bad_rating_panel,
    recovery_panel,
    promise_panel,
    checklist_panel,
    _placeholder("satisfaction"),
    field_panel,
    merging_panel,
    similar_panel,
    time_panel,
    canned_panel,
    status_link_panel,
]


# The panels' rows that most cases have none of (no recovery, checklist, visit or part
# order), asked about in the page's query of the case: one EXISTS each costs less than
# the panel's own query (agent, in process: ~0.6 ms for the four flags against ~2.4 ms
# for the four queries they save on such a case). Promises and the customer's mood
# are on nearly every case, so their panels just read them.
PANEL_ROWS = {**RECOVERY_ROWS, **CHECKLIST_ROWS, **FIELD_ROWS, **SATISFACTION_ROWS}


@cache
def _panel_flags() -> dict[str, Exists]:
    """The flags' subqueries, built once: `annotate` resolves a copy of each, so one
    object serves every query (building them was a sixth of the case's query, #23)."""
    return {
        flag: Exists(model._default_manager.filter(case=OuterRef("pk")))
        for flag, model in PANEL_ROWS.items()
    }


def with_panel_flags(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`cases` each saying, for every flag of `PANEL_ROWS`, whether it has such rows
    (`cases.panels.may_have`)."""
    return cases.annotate(**_panel_flags())


def case_panels(user: User, case: Case) -> list[Panel]:
    panels = []
    for provider in PANEL_PROVIDERS:
        panel = provider(user, case)
        if panel is not None:
            panels.append(panel)
    return _one_start_button(panels)


def _one_start_button(panels: list[Panel]) -> list[Panel]:
    """One "Start complaint recovery" button on the page: the panels about an unhappy
    customer (their mood, a "Not good" rating) each offer it, and so does the recovery
    playbook's side card. The last of those panels keeps it (a rating, the customer's
    own word, is listed after the mood's guess); the side card then goes."""
    offering = [p for p in panels if p.context.get("can_start")]
    if not offering:
        return panels
    for panel in offering[:-1]:
        panel.context = {**panel.context, "can_start": False}
    return [p for p in panels if p.template != START_TEMPLATE]


@login_required
@require_GET
def lazy_panel(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One of `LAZY_PANELS` for a case the user may see, alone (empty when the panel
    has nothing to show: the placeholder it replaces goes away)."""
    user: User = request.user  # type: ignore[assignment]
    provider = LAZY_PANELS.get(name)
    case = visible_cases(user).select_related("contact").filter(pk=pk).first()
    if provider is None or case is None:
        raise Http404(gettext("No such case"))
    panel = provider(user, case)
    if panel is None:
        return HttpResponse("")
    return render(request, panel.template, {"panel": panel.context})

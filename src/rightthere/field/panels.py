"""The field panel on the case page: visits, part orders and, for owners and agents,
booking a visit (its suggestions load with htmx, so the case page itself stays as cheap)."""

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel, PanelRows, may_have
from rightthere.field.access import visible_part_orders, visible_visits
from rightthere.field.models import PartOrder, RootCause, Visit

ROWS: PanelRows = {"has_visits": Visit, "has_part_orders": PartOrder}


def field_panel(user: User, case: Case) -> Panel | None:
    # The panel shows who does each visit and each order's part; the case is the page's
    # own (joining it, its skill and vendor again cost more than the rest of the panel).
    found = (
        list(
            visible_visits(user)
            .filter(case=case)
            .select_related(None)
            .select_related("technician", "partner")
            .order_by("starts_at")
        )
        if may_have(case, "has_visits")
        else []
    )
    orders = (
        list(
            visible_part_orders(user).filter(case=case).select_related(None).select_related("part")
        )
        if may_have(case, "has_part_orders")
        else []
    )
    can_book = bool(user.is_authenticated and user.is_active and user.sees_all_cases)
    if not found and not orders and not can_book:
        return None
    return Panel(template="field/_panel.html", placement="side",
                 context={"case": case, "visits": found, "orders": orders,
                          "can_book": can_book, "causes": RootCause.choices})  # fmt: skip

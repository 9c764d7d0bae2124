"""The field panel on the case page: visits and part orders."""

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.field.access import visible_part_orders, visible_visits


def field_panel(user: User, case: Case) -> Panel | None:
    found = list(visible_visits(user).filter(case=case).order_by("starts_at"))
    orders = list(visible_part_orders(user).filter(case=case))
    if not found and not orders:
        return None
    return Panel(template="field/_panel.html", placement="side",
                 context={"case": case, "visits": found, "orders": orders})  # fmt: skip

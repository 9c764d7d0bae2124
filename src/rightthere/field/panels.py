"""The field panel on the case page: visits, part orders and, for owners and agents,
booking a visit (its suggestions load with htmx, so the case page itself stays as cheap)."""

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.cases.panels import Panel
from rightthere.field.access import visible_part_orders, visible_visits


def field_panel(user: User, case: Case) -> Panel | None:
    found = list(visible_visits(user).filter(case=case).order_by("starts_at"))
    orders = list(visible_part_orders(user).filter(case=case))
    can_book = bool(user.is_authenticated and user.is_active and user.sees_all_cases)
    if not found and not orders and not can_book:
        return None
    return Panel(template="field/_panel.html", placement="side",
                 context={"case": case, "visits": found, "orders": orders,
                          "can_book": can_book})  # fmt: skip

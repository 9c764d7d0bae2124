"""Load per person: open cases each person carries, against what they can carry."""

from django.utils.translation import gettext_noop

from rightthere.accounts.models import Role, User
from rightthere.insights.kpis.figure import Figure
from rightthere.insights.kpis.memo import Memo
from rightthere.insights.kpis.period import Period
from rightthere.insights.kpis.workload import workload
from rightthere.insights.models import StaffRecord

DEFAULT_CAPACITY = StaffRecord._meta.get_field("capacity").get_default()
WORKERS = (Role.OWNER, Role.AGENT, Role.TECHNICIAN)


def load_per_person(period: Period, audience: str, memo: Memo | None = None) -> Figure:
    """Open cases now per active person (owners, agents, technicians) against capacity
    (their staff record's, else the default). The value is the share over capacity.
    The open cases come with the backlog's (one read of the open cases for both)."""
    carried = workload(period, audience, memo).by_person
    people = (
        User.objects.filter(is_active=True, role__in=WORKERS)
        .exclude(staff_record__ended_on__lt=period.now.date())
        .values_list("id", "first_name", "last_name", "username", "staff_record__capacity")
        .order_by("username")
    )
    rows = []
    # Most open cases first; the database's order by username among equals (a stable sort).
    for id_, first, last, username, capacity in sorted(people, key=lambda p: -carried.get(p[0], 0)):
        count = carried.get(id_, 0)
        capacity = capacity or DEFAULT_CAPACITY
        name = f"{first} {last}".strip() or username
        rows.append((name, float(count), capacity, round(100 * count / capacity, 1)))
    over = sum(1 for row in rows if row[1] > row[2])
    return Figure(
        key="load",
        label=gettext_noop("Load per person"),
        unit="%",
        value=round(100 * over / len(rows), 1) if rows else None,
        count=len(rows),
        columns=(
            gettext_noop("person"),
            gettext_noop("open cases"),
            gettext_noop("capacity"),
            gettext_noop("load %"),
        ),
        rows=rows,
        chart="bars",
        explanation=gettext_noop(
            "Open cases per person now, against the capacity on their staff record; "
            "the figure is the share of people over capacity."
        ),
        extra={"over_capacity": over},
    )

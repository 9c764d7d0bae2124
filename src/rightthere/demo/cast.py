"""The people of Brightside Home Repairs, their teams and opening hours.

There are no actions for people, teams and opening hours yet (they are set up
in the admin), so this module writes those rows directly. Cases and
customers go through their actions.
"""

from dataclasses import dataclass
from datetime import time

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.cases.models import BusinessHours, Priority, PriorityTarget
from rightthere.core.config_cache import clear_all

BUSINESS_NAME = "Brightside Home Repairs"
PASSWORD = "rightthere-demo"  # noqa: S105 - the published password of the demo users
PARTNER_NAME = "Northside Plumbing Ltd"
EMAIL_DOMAIN = "brightside-repairs.example"
TEAM_NAMES = ("Front desk", "Field")

# username, first name, last name, role, team
PEOPLE = (
    ("olivia", "Olivia", "Bright", Role.OWNER, "Front desk"),
    ("adam", "Adam", "Clarke", Role.AGENT, "Front desk"),
    ("anna", "Anna", "Novak", Role.AGENT, "Front desk"),
    ("tom", "Tom", "Fletcher", Role.TECHNICIAN, "Field"),
    ("tara", "Tara", "Singh", Role.TECHNICIAN, "Field"),
    ("theo", "Theo", "Martins", Role.TECHNICIAN, "Field"),
    ("sam", "Sam", "Okafor", Role.SUBCONTRACTOR, ""),
)
USERNAMES = tuple(person[0] for person in PEOPLE)

OPENING = (time(8, 0), time(18, 0))  # Monday to Friday
# Business minutes: first response, resolution (a business day is 10 hours).
TARGETS = {
    Priority.URGENT: (30, 2 * 10 * 60),
    Priority.HIGH: (60, 3 * 10 * 60),
    Priority.NORMAL: (4 * 60, 5 * 10 * 60),
    Priority.LOW: (10 * 60, 10 * 10 * 60),
}


@dataclass(frozen=True)
class Cast:
    owner: User
    agents: tuple[User, ...]
    technicians: tuple[User, ...]
    subcontractor: User
    front_desk: Team
    field: Team

    @property
    def office(self) -> tuple[User, ...]:
        return (self.owner, *self.agents)


def create_cast() -> Cast:
    partner = PartnerCompany.objects.create(
        name=PARTNER_NAME, email="jobs@northside-plumbing.example", phone="01632 960777"
    )
    teams = {name: Team.objects.create(name=name) for name in TEAM_NAMES}
    # One hash for everyone: hashing is deliberately slow and they share a password.
    password_hash = make_password(PASSWORD)
    users: dict[str, User] = {}
    for username, first, last, role, team in PEOPLE:
        subcontractor = role == Role.SUBCONTRACTOR
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{'northside-plumbing.example' if subcontractor else EMAIL_DOMAIN}",
            role=role,
            partner=partner if subcontractor else None,
            manager=users.get("olivia"),
            is_staff=role == Role.OWNER,
            is_superuser=role == Role.OWNER,
            password=password_hash,
            date_joined=timezone.now(),
        )
        user.save()
        users[username] = user
        if team:
            teams[team].members.add(user)
    return Cast(
        owner=users["olivia"],
        agents=(users["adam"], users["anna"]),
        technicians=(users["tom"], users["tara"], users["theo"]),
        subcontractor=users["sam"],
        front_desk=teams["Front desk"],
        field=teams["Field"],
    )


def load_cast() -> Cast:
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES)}
    teams = {t.name: t for t in Team.objects.filter(name__in=TEAM_NAMES)}
    return Cast(
        owner=users["olivia"],
        agents=(users["adam"], users["anna"]),
        technicians=(users["tom"], users["tara"], users["theo"]),
        subcontractor=users["sam"],
        front_desk=teams["Front desk"],
        field=teams["Field"],
    )


def set_up_opening_hours() -> None:
    """Mon-Fri 08:00-18:00 and the demo's targets, unless the desk already has its own."""
    if not BusinessHours.objects.exists():
        BusinessHours.objects.bulk_create(
            BusinessHours(weekday=day, opens=OPENING[0], closes=OPENING[1]) for day in range(5)
        )
        clear_all()  # bulk_create sends no signals to the configuration cache
    for priority, (first_response, resolution) in TARGETS.items():
        PriorityTarget.objects.get_or_create(
            priority=priority,
            defaults={"first_response_minutes": first_response, "resolution_minutes": resolution},
        )


def delete_cast() -> None:
    User.objects.filter(username__in=USERNAMES).delete()
    Team.objects.filter(name__in=TEAM_NAMES).delete()
    PartnerCompany.objects.filter(name=PARTNER_NAME).delete()

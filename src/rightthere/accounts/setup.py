"""Setting up the people of the desk: staff accounts, teams and partner companies.

Owners do this, in the admin or through the API (`accounts.setup_api`); both call
these functions.
"""

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidInput


def add_team(actor: User | None, *, name: str, members: Iterable[User] = ()) -> Team:
    """A team cases can be routed to."""
    check_owner(actor, "set up teams")
    name = name.strip()
    if not name:
        raise InvalidInput("Give the team a name.")
    if Team.objects.filter(name__iexact=name).exists():
        raise InvalidInput(f"There is already a team called {name!r}.")
    with transaction.atomic():
        team = Team.objects.create(name=name)
        team.members.set(_staff(members))
    return team


def set_team_members(actor: User | None, team: Team, members: Iterable[User]) -> Team:
    """Replace who is in a team."""
    check_owner(actor, "change teams")
    team.members.set(_staff(members))
    return team


def _staff(people: Iterable[User]) -> list[User]:
    chosen = list(people)
    for person in chosen:
        if person.role == Role.SUBCONTRACTOR:
            raise InvalidInput(f"{person.display_name} works for a partner, not in a team.")
    return chosen


def add_partner_company(
    actor: User | None, *, name: str, email: str = "", phone: str = ""
) -> PartnerCompany:
    """A subcontractor firm; its users see only the work handed to it."""
    check_owner(actor, "set up partner companies")
    name = name.strip()
    if not name:
        raise InvalidInput("Give the partner company a name.")
    if PartnerCompany.objects.filter(name__iexact=name).exists():
        raise InvalidInput(f"There is already a partner company called {name!r}.")
    return PartnerCompany.objects.create(name=name, email=email, phone=phone)


def add_person(
    actor: User | None,
    *,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    partner: PartnerCompany | None = None,
    password: str = "",
) -> User:
    """A staff account (owner, agent, technician) or a partner company's user. Without a
    password the person cannot log in to the screens until one is set; API tokens do
    not need one."""
    check_owner(actor, "add people")
    username = username.strip()
    if not username:
        raise InvalidInput("Give the person a username.")
    if role not in Role.values:
        raise InvalidInput(f"The role is one of {', '.join(Role.values)}, not {role!r}.")
    if (role == Role.SUBCONTRACTOR) != (partner is not None):
        raise InvalidInput("A subcontractor needs their partner company; nobody else has one.")
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"The username {username!r} is taken.")
    # Owners set up the desk in the admin too (as the demo's and `createsuperuser`'s).
    owner = role == Role.OWNER
    person = User(username=username, role=role, first_name=first_name.strip(),
                  last_name=last_name.strip(), email=email, partner=partner,
                  is_staff=owner, is_superuser=owner)  # fmt: skip
    if password:
        try:
            validate_password(password, person)
        except ValidationError as error:
            raise InvalidInput(" ".join(error.messages)) from error
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.save()
    return person

"""Setting up the people of the desk: staff accounts, teams and partner companies.

Owners do this, in the admin or through the API (`accounts.setup_api`); both call
these functions.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rightthere.accounts.changes import record_change
from rightthere.accounts.languages import clean_language
from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidField, InvalidInput


def add_team(actor: User | None, *, name: str, members: Iterable[User] = ()) -> Team:
    """A team cases can be routed to."""
    check_owner(actor, _("set up teams"))
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the team a name."))
    if Team.objects.filter(name__iexact=name).exists():
        raise InvalidInput(_("There is already a team called %(name)r.") % {"name": name})
    with transaction.atomic():
        team = Team.objects.create(name=name)
        team.members.set(_staff(members))
    return team


def set_team_members(actor: User | None, team: Team, members: Iterable[User]) -> Team:
    """Replace who is in a team."""
    check_owner(actor, _("change teams"))
    team.members.set(_staff(members))
    return team


def _staff(people: Iterable[User]) -> list[User]:
    chosen = list(people)
    for person in chosen:
        if person.role == Role.SUBCONTRACTOR:
            raise InvalidInput(_("%(name)s works for a partner, not in a team.")
                               % {"name": person.display_name})  # fmt: skip
    return chosen


def add_partner_company(
    actor: User | None, *, name: str, email: str = "", phone: str = ""
) -> PartnerCompany:
    """A subcontractor firm; its users see only the work handed to it."""
    check_owner(actor, _("set up partner companies"))
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the partner company a name."))
    if PartnerCompany.objects.filter(name__iexact=name).exists():
        raise InvalidInput(_("There is already a partner company called %(name)r.")
                           % {"name": name})  # fmt: skip
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
    check_owner(actor, _("add people"))
    username = username.strip()
    if not username:
        raise InvalidInput(_("Give the person a username."))
    if role not in Role.values:
        raise InvalidInput(_("The role is one of %(roles)s, not %(role)r.")
                           % {"roles": ", ".join(Role.values), "role": role})  # fmt: skip
    if (role == Role.SUBCONTRACTOR) != (partner is not None):
        raise InvalidInput(_("A subcontractor needs their partner company; nobody else has one."))
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(_("The username %(username)r is taken.") % {"username": username})
    # Owners set up the desk in the admin too (as the demo's and `createsuperuser`'s).
    owner = role == Role.OWNER
    person = User(username=username, role=role, first_name=first_name.strip(),
                  last_name=last_name.strip(), email=email, partner=partner,
                  is_staff=owner, is_superuser=owner)  # fmt: skip
    if password:
        try:
            validate_password(password, person)
        except ValidationError as error:
            raise InvalidField("password", " ".join(error.messages)) from error
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.save()
    return person


_UNCHANGED: Any = object()


def change_person(
    actor: User | None,
    person: User,
    *,
    role: str | None = None,
    teams: Iterable[Team] | None = None,
    manager: User | None = _UNCHANGED,
    language: str | None = None,
) -> User:
    """Change a staff person's role, teams (all of them, replaced), manager (None: no
    manager) and screen language ("": none, their browser's); what is left out stays. Owners only; the Team screen, the API
    (PATCH /api/users/{id}) and `rightthere team change` call this. The desk keeps at
    least one active owner. Raises InvalidField naming the field at fault."""
    check_owner(actor, _("change people's roles, teams and managers"))
    if person.role == Role.SUBCONTRACTOR or role == Role.SUBCONTRACTOR:
        raise InvalidField("role", _("A partner company's people are changed on their partner "
                                     "company, not in the team."))  # fmt: skip
    if role is not None and role not in Role.values:
        raise InvalidField("role", _("The role is one of %(roles)s, not %(role)r.")
                           % {"roles": ", ".join(Role.values), "role": role})  # fmt: skip
    chosen_language = None if language is None else clean_language(language)
    chosen_teams = None if teams is None else sorted(set(teams), key=lambda t: t.name)
    if manager is not _UNCHANGED and manager is not None:
        _check_manager_of(person, manager)
    with transaction.atomic():
        # The owners first, always in the same order, then the person: two owners taking
        # away their own roles at once wait for each other, and the second sees the first.
        owners = _lock_owners() if role not in (None, Role.OWNER) else []
        person = User.objects.select_for_update().get(pk=person.pk)
        said = []
        if role is not None and role != person.role:
            if person.role == Role.OWNER and set(owners) <= {person.pk}:
                raise InvalidField("role", _("%(name)s is the only owner: make someone else an "
                                             "owner first, so the desk always has one.")
                                   % {"name": person.display_name})  # fmt: skip
            said.append(f"role from {Role(person.role).label} to {Role(role).label}")
            person.role = role
            # As add_person: owners also use the admin; nobody else does.
            person.is_staff = person.is_superuser = role == Role.OWNER
        if manager is not _UNCHANGED and manager != person.manager:
            said.append(f"manager to {manager.display_name if manager else 'nobody'}")
            person.manager = manager
        if chosen_language is not None and chosen_language != person.language:
            said.append(f"language to {chosen_language or 'their browser’s'}")
            person.language = chosen_language
        if said:
            person.save(update_fields=["role", "is_staff", "is_superuser", "manager", "language"])
        if chosen_teams is not None and set(chosen_teams) != set(person.teams.all()):
            person.teams.set(chosen_teams)
            said.append("teams to " + (", ".join(t.name for t in chosen_teams) or "none"))
        if said:
            record_change(actor, "team", f"Changed {person.display_name}'s " + "; ".join(said))
    return person


def _check_manager_of(person: User, manager: User) -> None:
    if manager.pk == person.pk:
        raise InvalidField("manager", _("A person cannot be their own manager."))
    if not (manager.is_active and manager.role in (Role.OWNER, Role.AGENT)):
        raise InvalidField("manager", _("%(name)s cannot manage people: choose an active owner "
                                        "or agent.") % {"name": manager.display_name})  # fmt: skip
    above, seen = manager.manager, {manager.pk}
    while above is not None and above.pk not in seen:
        if above.pk == person.pk:
            raise InvalidField("manager", _("%(name)s reports to %(person)s already (a loop).")
                               % {"name": manager.display_name,
                                  "person": person.display_name})  # fmt: skip
        seen.add(above.pk)
        above = above.manager


def _lock_owners() -> list[int]:
    """The active owners' ids, their rows locked until the transaction ends."""
    owners = User.objects.select_for_update().filter(role=Role.OWNER, is_active=True)
    return list(owners.order_by("pk").values_list("pk", flat=True))

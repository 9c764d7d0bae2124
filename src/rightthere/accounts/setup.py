"""Setting up the people of the desk: staff accounts, teams and partner companies.

Owners do this on the Team screen, in the admin or through the API
(`accounts.setup_api`); all call these functions.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def rename_team(actor: User | None, team: Team, *, name: str) -> Team:
    """Give a team another name; its people, cases and rules stay with it."""
    check_owner(actor, _("set up teams"))
    name = name.strip()
    if not name:
        raise InvalidField("name", _("Give the team a name."))
    if len(name) > Team._meta.get_field("name").max_length:  # type: ignore[operator]
        raise InvalidField("name", _("A team's name has at most 100 characters."))
    if Team.objects.filter(name__iexact=name).exclude(pk=team.pk).exists():
        raise InvalidField("name", _("There is already a team called %(name)r.") % {"name": name})
    if name != team.name:
        before, team.name = team.name, name
        team.save(update_fields=["name"])
        record_change(actor, "team", f"Renamed the team {before} to {name}")
    return team


class TeamInUse(InvalidInput):
    """A team that people, cases or set-up still point at: removing it would take them
    out of their team (or delete the team's routing rules and canned replies)."""

    code = "team_in_use"
    http_status = 409


def remove_team(actor: User | None, team: Team) -> None:
    """Remove a team nothing points at any more: no people in it, no case (open or
    closed) with it, no routing rule, canned reply or target of it. Otherwise refused,
    saying what still points at it (`TeamInUse`), and nothing changes."""
    check_owner(actor, _("set up teams"))
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        uses = _team_uses(team)
        if uses:
            raise TeamInUse(
                _("%(team)s cannot be removed: it still has %(uses)s. Move them to another "
                  "team first, or rename the team instead.")
                % {"team": team.name, "uses": ", ".join(uses)}
            )  # fmt: skip
        name = team.name
        team.delete()
        record_change(actor, "team", f"Removed the team {name}")


def _team_uses(team: Team) -> list[str]:
    """What points at the team, counted ("2 people", "5 cases"), found through the
    relations other apps declare to it (without importing them)."""
    uses = []
    if people := team.members.count():
        uses.append(ngettext("%(count)d person", "%(count)d people", people) % {"count": people})
    for relation in Team._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue  # only the other models' links to a team
        model = relation.related_model
        if model is None or model._meta.auto_created:  # members' own table: counted above
            continue
        field = relation.field.name  # type: ignore[union-attr]
        count = model._default_manager.filter(**{field: team}).count()
        if count:
            uses.append(_counted(model._meta.label_lower, count, model._meta.verbose_name_plural))
    return uses


def _counted(label: str, count: int, plural: Any) -> str:
    words = {
        "cases.case": ngettext("%(count)d case", "%(count)d cases", count),
        "insights.routingrule": ngettext(
            "%(count)d routing rule", "%(count)d routing rules", count
        ),
        "canned.cannedreply": ngettext("%(count)d canned reply", "%(count)d canned replies", count),
        "insights.target": ngettext("%(count)d target", "%(count)d targets", count),
    }
    if label in words:
        return words[label] % {"count": count}
    return f"{count} {plural}"


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

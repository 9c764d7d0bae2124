"""Who a case can be given to: the teams, our own active people and the partner
companies with an active user. The case page's header offers them on every view, so
they are kept in a `ConfigCache` (a save or delete of a team, a person or a partner
company reloads them; another process sees a change within the cache's age)."""

from dataclasses import dataclass

from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.core.config_cache import ConfigCache


@dataclass(frozen=True)
class Directory:
    teams: list[Team]
    assignees: list[User]  # active, not subcontractors; by role, then first name
    partners: list[PartnerCompany]  # those with an active user, by name


def _load() -> Directory:
    """Two queries: the teams, and the active people with their partner companies."""
    people = (
        User.objects.filter(is_active=True).select_related("partner").order_by("role", "first_name")
    )
    assignees, partners = [], {}
    for person in people:
        if person.role != Role.SUBCONTRACTOR:
            assignees.append(person)
        elif person.partner is not None:
            partners[person.partner.pk] = person.partner
    return Directory(
        teams=list(Team.objects.all()),
        assignees=assignees,
        partners=sorted(partners.values(), key=lambda p: p.name),
    )


_directory = ConfigCache(_load, Team, User, PartnerCompany)


def case_directory() -> Directory:
    """The teams, assignees and partner companies a case can be given to (cached)."""
    return _directory.get()

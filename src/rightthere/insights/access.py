"""Who may see what in insights.

Owners see everything; agents see the dashboard, signs, relationships and calls but
not staff records or absences; technicians and subcontractors see none of it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.accounts.roles import is_manager, is_owner


def can_see_insights(user: User) -> bool:
    return is_manager(user)


def can_see_staff(user: User) -> bool:
    return is_owner(user)


def require_insights(user: User) -> None:
    if not can_see_insights(user):
        raise PermissionDenied(gettext("Insights are for owners and agents."))


def require_staff(user: User) -> None:
    if not can_see_staff(user):
        raise PermissionDenied(gettext("Staff records are for owners."))

"""Who may do what, by role: the desk's role rules, written once.

Owners and agents run the desk: they see every case, open and assign them and
look after shared set-up ("managers" below). Owners alone see staff figures and
change what only an owner decides. Technicians and subcontractors work only on
what is theirs, which is decided per case by `cases.access.can_work_on`.
`actor=None` in a check is the desk itself (a job, mail intake): always allowed.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from rightthere.core.errors import NotAllowed

DO_THAT = gettext_lazy("do that")


def is_manager(user: Any) -> bool:
    """An active owner or agent."""
    return bool(user.is_authenticated and user.is_active and user.sees_all_cases)


def is_owner(user: Any) -> bool:
    """An active owner."""
    return bool(user.is_authenticated and user.is_active and user.is_owner)


def check_manager(actor: Any | None, doing: str | Promise = DO_THAT) -> None:
    """Refuse anyone but an owner or agent: "Only owners and agents can <doing>.".
    `doing` is marked for translation by the caller (an infinitive phrase, which German
    puts at the end: "Nur Inhaber und Mitarbeiter können <doing>.")."""
    if actor is not None and not is_manager(actor):
        raise NotAllowed(gettext("Only owners and agents can %(doing)s.") % {"doing": doing})


def check_owner(actor: Any | None, doing: str | Promise = DO_THAT) -> None:
    """Refuse anyone but an owner: "Only owners can <doing>." (`doing` marked for
    translation by the caller, as for `check_manager`)."""
    if actor is not None and not is_owner(actor):
        raise NotAllowed(gettext("Only owners can %(doing)s.") % {"doing": doing})

"""Changing a case's priority: the due times and the open first-answer promise follow.

Its own module so that the desk's reactions to a customer's words can raise a case
without importing all of `desk.casework` (which books visits away through
`desk.visits`); `desk.casework.change_priority` is this function.
"""

from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases import header
from rightthere.cases.models import Case
from rightthere.promises.actions import replan_first_response


def change_priority(
    case: Case,
    *,
    actor: User | None,
    priority: str,
    expected_version: int | None = None,
    locked: bool = False,
) -> Case:
    """Change the priority; the due times are recomputed and the open first-answer
    promise follows its new due time (re-planned by the priority change, not by a
    person). `locked`: the caller holds the case locked in its transaction (it is
    changed in place), which this joins without a savepoint of its own (an upset
    customer's message raising its case: two statements fewer)."""
    with transaction.atomic(savepoint=not locked):
        case = header.change_priority(
            case, actor=actor, priority=priority, expected_version=expected_version, locked=locked
        )
        replan_first_response(
            case,
            why=gettext("the priority change (%(priority)s)")
            % {"priority": case.get_priority_display()},
            now=case.updated_at,
        )
    return case

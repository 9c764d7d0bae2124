"""Giving a case to a person: `assign_case`, reached as `desk.casework.assign_case`.

It lives on its own so that `desk.messages` (a reply takes an unassigned case) can
call it without an import circle (`casework` reaches `messages` through the visits'
notices)."""

from django.db import transaction

from rightthere.accounts.models import User
from rightthere.cases import actions as case_actions
from rightthere.cases.models import Case
from rightthere.cases.writing import check_manager, lock_case
from rightthere.notifications import actions as notifications
from rightthere.promises.actions import follow_assignee


@transaction.atomic
def assign_case(
    case: Case,
    *,
    actor: User | None,
    assignee: User | None,
    expected_version: int | None = None,
) -> Case:
    """Give the case to a person (or nobody); the open promises the previous
    assignee owned follow to the new one."""
    check_manager(actor)
    case = lock_case(case)
    previous = case.assignee
    case = case_actions.assign_case(
        case, actor=actor, assignee=assignee, expected_version=expected_version, locked=True
    )
    if case.assignee_id != (previous.pk if previous else None):
        follow_assignee(case, previous=previous, now=case.updated_at)
        notifications.case_assigned(case, actor=actor)
    return case

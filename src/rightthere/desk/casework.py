"""Working a case: its status, who has it, what kind it is, and the other header edits.

The edits with nothing around them (subject, tags)
are the base writes themselves, re-exported so doors find every header edit here; a
team's members hear of a case given to their team.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from rightthere.accounts import roles
from rightthere.accounts.models import PartnerCompany, Team, User
from rightthere.cases import actions as case_actions
from rightthere.cases import header
from rightthere.cases.header import change_subject as change_subject
from rightthere.cases.header import set_tags as set_tags
from rightthere.cases.models import Case, Kind, Status, WaitingReason
from rightthere.cases.writing import check_manager, check_version, check_worker, lock_case
from rightthere.core.errors import InvalidInput, VisitStillBooked
from rightthere.desk import triggers
from rightthere.desk import visits as desk_visits
from rightthere.desk.assigning import assign_case as assign_case
from rightthere.desk.priority import change_priority as change_priority
from rightthere.field import invites
from rightthere.field.events import when_shown
from rightthere.field.models import Visit
from rightthere.field.visits import visits_before_their_day
from rightthere.notifications import actions as notifications
from rightthere.promises.actions import make_promise
from rightthere.promises.models import PromiseSource
from rightthere.recovery.actions import check_can_close, start_recovery
from rightthere.recovery.models import StartedBy
from rightthere.webhooks import events as webhooks


@transaction.atomic
def change_status(
    case: Case,
    *,
    actor: User | None,
    status: str,
    expected_version: int | None = None,
    waiting_reason: str = "",
    promise_due: datetime | None = None,
    promise_what: str = "",
    cancel_visits: bool = False,
) -> Case:
    """Move a case to another status.

    A complaint closes only once its recovery steps are done (or waived);
    "waiting on us" may carry a date, which becomes a promise to the customer.
    A case whose booked visit's day has not come yet is not solved or closed
    (`VisitStillBooked`, naming the visit's date: the customer would read "nothing
    more to do" beside the visit), unless `cancel_visits`: each such visit is then
    cancelled first (`desk.visits.cancel_visit`: the customer is told, its promise
    released)."""
    check_worker(actor, case)
    if promise_due is not None and status != Status.WAITING_US:
        raise InvalidInput(gettext("A promise date goes with “Waiting on us”."))
    case = lock_case(case)
    status_before = case.status
    if status == Status.CLOSED and case.status != Status.CLOSED:
        check_can_close(case)
    if status in (Status.SOLVED, Status.CLOSED) and case.status != status:
        check_version(case, expected_version)  # before the customer is told of anything
        if _visits_out_of_the_way(case, actor=actor, status=status, cancel=cancel_visits):
            # Each cancellation wrote the customer a message: the case moved on meanwhile.
            case, expected_version = lock_case(case), None
    case = case_actions.change_status(
        case,
        actor=actor,
        status=status,
        expected_version=expected_version,
        waiting_reason=waiting_reason,
        locked=True,
    )
    if promise_due is not None:
        make_promise(
            case,
            actor=actor,
            what=promise_what
            or f"Carry on once we have {WaitingReason(case.waiting_reason).label.lower()}",
            due_at=promise_due,
            source=PromiseSource.WAITING_ON_US,
        )
    webhooks.status_changed(case, status_before, actor=actor)
    triggers.status_changed(case, status_before)
    return case


def _visits_out_of_the_way(case: Case, *, actor: User | None, status: str, cancel: bool) -> bool:
    """Refuse to solve or close a case with a visit still to come, or (`cancel`) cancel
    those visits, each with a reason the customer reads in their language. True when
    visits were cancelled."""
    ahead = visits_before_their_day(case, timezone.now())
    if not ahead:
        return False
    if not cancel:
        raise VisitStillBooked(_visit_refusal(ahead, status, actor), status)
    for visit in ahead:
        desk_visits.cancel_visit(visit, actor=actor, reason=_cancel_reason(visit, status),
                                 offer_new_date=False)  # fmt: skip
    return True


def _visit_refusal(ahead: list[Visit], status: str, actor: User | None) -> str:
    """What the refusal tells the person: owners and agents may also cancel the visit
    with the change; a technician or partner, who may not cancel visits, is sent to the
    office instead."""
    when = ", ".join(when_shown(visit.starts_at) for visit in ahead)
    if actor is not None and not roles.is_manager(actor):
        text = ngettext(
            "A visit is booked for %(when)s. Record the visit first, "
            "or ask the office to cancel it.",
            "Visits are booked for %(when)s. Record the visits first, "
            "or ask the office to cancel them.",
            len(ahead),
        )
    elif status == Status.CLOSED:
        text = ngettext(
            "A visit is booked for %(when)s. Cancel or record the visit first, "
            "or close and cancel the visit.",
            "Visits are booked for %(when)s. Cancel or record the visits first, "
            "or close and cancel the visits.",
            len(ahead),
        )
    else:
        text = ngettext(
            "A visit is booked for %(when)s. Cancel or record the visit first, "
            "or solve and cancel the visit.",
            "Visits are booked for %(when)s. Cancel or record the visits first, "
            "or solve and cancel the visits.",
            len(ahead),
        )
    return text % {"when": when}


def _cancel_reason(visit: Visit, status: str) -> str:
    with invites.in_customer_language(visit):
        if status == Status.CLOSED:
            return gettext("Your request is closed, so this visit is no longer needed.")
        return gettext("Your request is solved, so this visit is no longer needed.")


@transaction.atomic
def change_team(
    case: Case, *, actor: User | None, team: Team | None, expected_version: int | None = None
) -> Case:
    """Give the case to a team (or none); the team's members are notified."""
    check_manager(actor)
    case = lock_case(case)
    before = case.team_id
    case = header.change_team(case, actor=actor, team=team, expected_version=expected_version)
    if team is not None and case.team_id != before:
        notifications.team_assigned(case, team, actor=actor)
    return case


@transaction.atomic
def hand_to_partner(
    case: Case,
    *,
    actor: User | None,
    partner: PartnerCompany | None,
    expected_version: int | None = None,
) -> Case:
    """Hand the case to a partner company (or take it back). Our own person stays the
    case's owner: the partner's users see the case beside them and are told."""
    check_manager(actor)
    case = lock_case(case)
    before = case.partner_id
    case = header.hand_to_partner(
        case, actor=actor, partner=partner, expected_version=expected_version
    )
    if partner is not None and case.partner_id != before:
        notifications.partner_handed(case, partner, actor=actor)
    return case


@transaction.atomic
def change_kind(
    case: Case,
    *,
    actor: User | None,
    kind: str,
    expected_version: int | None = None,
) -> Case:
    """Change the kind; a case made a complaint goes on the recovery playbook."""
    check_manager(actor)
    case = lock_case(case)
    before = case.kind
    case = case_actions.change_kind(
        case, actor=actor, kind=kind, expected_version=expected_version, locked=True
    )
    if case.kind == Kind.COMPLAINT and before != Kind.COMPLAINT:
        start_recovery(case, actor=actor, started_by=StartedBy.AGENT)
    return case

"""Changing a case's header: its assignee, partner, priority, team, kind, subject
and tags. Re-exported by `rightthere.cases.actions`, where callers find them.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import PartnerCompany, Role, Team, User
from rightthere.cases import search
from rightthere.cases.business_hours import compute_due_times
from rightthere.cases.events import new_event, record_event
from rightthere.cases.models import Case, CaseEvent, EventKind, Kind, Priority
from rightthere.cases.writing import (
    check_assignable,
    check_choice,
    check_manager,
    check_version,
    clean_tags,
    lock_case,
    next_due,
    tag_objects,
    touch,
)
from rightthere.core.errors import InvalidInput
from rightthere.core.rows import insert_rows


@transaction.atomic(savepoint=False)  # see cases.actions.create_case
def assign_case(
    case: Case,
    *,
    actor: User | None,
    assignee: User | None,
    expected_version: int | None = None,
    locked: bool = False,
) -> Case:
    """Give the case to a person (or nobody). A subcontractor's company follows them.

    Promises follow the new assignee in the use case (`desk.casework.assign_case`).
    `locked`: as for `record_message` (the case is changed in place)."""
    check_manager(actor)
    if assignee is not None:
        check_assignable(assignee)
    if not locked:
        case = lock_case(case)
    check_version(case, expected_version)
    if case.assignee_id == (assignee.pk if assignee else None):
        return case
    now = timezone.now()
    record_event(case, actor, EventKind.ASSIGNEE, field="assignee", before=case.assignee,
                 after=assignee, at=now)  # fmt: skip
    case.assignee = assignee
    fields = ["assignee"]
    new_partner = assignee.partner if assignee and assignee.role == Role.SUBCONTRACTOR else None
    if new_partner != case.partner:
        record_event(case, actor, EventKind.PARTNER, field="partner", before=case.partner,
                     after=new_partner, at=now)  # fmt: skip
        case.partner = new_partner
        fields.append("partner")
    touch(case, fields, at=now)
    return case


@transaction.atomic
def hand_to_partner(
    case: Case,
    *,
    actor: User | None,
    partner: PartnerCompany | None,
    expected_version: int | None = None,
) -> Case:
    """Hand the case to a subcontractor company (its users then see it)."""
    check_manager(actor)
    case = lock_case(case)
    check_version(case, expected_version)
    if case.partner_id == (partner.pk if partner else None):
        return case
    now = timezone.now()
    record_event(case, actor, EventKind.PARTNER, field="partner", before=case.partner,
                 after=partner, at=now)  # fmt: skip
    case.partner = partner
    touch(case, ["partner"], at=now)
    return case


@transaction.atomic(savepoint=False)  # the use case's transaction (desk.casework)
def change_priority(
    case: Case,
    *,
    actor: User | None,
    priority: str,
    expected_version: int | None = None,
    locked: bool = False,
) -> Case:
    """Change the priority and recompute the due times from when the case was opened.

    `locked`: as for `add_message` (the case is changed in place). The priority and due
    events are saved in one INSERT."""
    check_manager(actor)
    check_choice(priority, Priority, "priority")
    if not locked:
        case = lock_case(case)
    check_version(case, expected_version)
    if case.priority == priority:
        return case
    now = timezone.now()
    events, fields = _new_priority(case, actor, priority, now)
    insert_rows(events)
    touch(case, fields, at=now)
    return case


def raise_new_case(case: Case, *, priority: str, at: datetime) -> list[CaseEvent]:
    """A case just written whose first message asks for a higher priority (`desk.opening`):
    the priority and due times change before anything is promised by them, so its
    first-answer promise is made once, for the new time. Returns the events, unsaved, for
    the opening's one INSERT of events."""
    check_choice(priority, Priority, "priority")
    if case.priority == priority:
        return []
    events, fields = _new_priority(case, None, priority, at)
    touch(case, fields, at=at)
    return events


def _new_priority(
    case: Case, actor: User | None, priority: str, now: datetime
) -> tuple[list[CaseEvent], list[str]]:
    """Set the priority and the due times that follow from it, in memory: the events
    that say so (unsaved) and the fields to write."""
    events = [new_event(case, actor, EventKind.PRIORITY, field="priority",
                        before=Priority(case.priority).label, after=Priority(priority).label,
                        at=now)]  # fmt: skip
    case.priority = priority
    due = compute_due_times(case.created_at, priority)
    fields = ["priority"]
    if case.first_response_due != due.first_response and case.first_responded_at is None:
        events.append(new_event(case, actor, EventKind.DUE, field="first_response_due",
                                before=case.first_response_due, after=due.first_response,
                                at=now))  # fmt: skip
        case.first_response_due = due.first_response
        fields.append("first_response_due")
    if case.resolution_due != due.resolution:
        events.append(new_event(case, actor, EventKind.DUE, field="resolution_due",
                                before=case.resolution_due, after=due.resolution,
                                at=now))  # fmt: skip
        case.resolution_due = due.resolution
        fields.append("resolution_due")
    case.next_due_at = next_due(case)
    return events, [*fields, "next_due_at"]


@transaction.atomic
def change_team(
    case: Case, *, actor: User | None, team: Team | None, expected_version: int | None = None
) -> Case:
    check_manager(actor)
    case = lock_case(case)
    check_version(case, expected_version)
    if case.team_id == (team.pk if team else None):
        return case
    now = timezone.now()
    record_event(case, actor, EventKind.TEAM, field="team", before=case.team, after=team, at=now)
    case.team = team
    touch(case, ["team"], at=now)
    return case


@transaction.atomic(savepoint=False)  # see cases.actions.create_case
def change_kind(
    case: Case,
    *,
    actor: User | None,
    kind: str,
    expected_version: int | None = None,
    locked: bool = False,
) -> Case:
    """Change the kind (a complaint goes on the recovery playbook in the use case,
    `desk.casework.change_kind`).

    `locked`: as for `add_message` (the case is changed in place)."""
    check_manager(actor)
    check_choice(kind, Kind, "kind")
    if not locked:
        case = lock_case(case)
    check_version(case, expected_version)
    if case.kind == kind:
        return case
    now = timezone.now()
    record_event(case, actor, EventKind.KIND, field="kind", before=Kind(case.kind).label,
                 after=Kind(kind).label, at=now)  # fmt: skip
    case.kind = kind
    touch(case, ["kind"], at=now)
    return case


@transaction.atomic
def change_subject(
    case: Case, *, actor: User | None, subject: str, expected_version: int | None = None
) -> Case:
    check_manager(actor)
    subject = subject.strip()
    if not subject or len(subject) > 250 or "\x00" in subject:
        raise InvalidInput(gettext("The subject must be 1 to 250 characters of text."))
    case = lock_case(case)
    check_version(case, expected_version)
    if case.subject == subject:
        return case
    now = timezone.now()
    record_event(case, actor, EventKind.SUBJECT, field="subject", before=case.subject,
                 after=subject, at=now)  # fmt: skip
    case.subject = subject
    touch(case, ["subject"], at=now)
    search.index_case(case.pk)
    return case


@transaction.atomic
def set_tags(
    case: Case, *, actor: User | None, tags: Iterable[str], expected_version: int | None = None
) -> Case:
    check_manager(actor)
    names = clean_tags(tags)
    case = lock_case(case)
    check_version(case, expected_version)
    current = sorted(case.tags.values_list("name", flat=True))
    if current == sorted(names):
        return case
    now = timezone.now()
    case.tags.set(tag_objects(names))
    record_event(case, actor, EventKind.TAGS, field="tags", before=", ".join(current),
                 after=", ".join(sorted(names)), at=now)  # fmt: skip
    touch(case, [], at=now)
    return case

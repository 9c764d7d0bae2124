"""Opening a case, whichever door it comes through (phone, web form, API, mail, review)."""

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction

from rightthere.accounts.models import Team, User
from rightthere.cases import actions as case_actions
from rightthere.cases.actions import NewAttachment, OpenedCase
from rightthere.cases.models import Case, CaseEvent, Channel, Direction, Kind, Priority
from rightthere.checklists.actions import apply_default_template
from rightthere.core.config_cache import ConfigCache
from rightthere.customers.models import Contact, Customer
from rightthere.desk.reactions import react_to_customer_message
from rightthere.insights.models import RoutingRule
from rightthere.insights.routing import routed_team
from rightthere.promises.actions import first_response_promise
from rightthere.recovery.actions import start_recovery
from rightthere.recovery.models import StartedBy


@functools.cache
def _routed_teams() -> ConfigCache[dict[str, Team | None]]:
    """The team each kind of case goes to (the routing rules), for every case opened."""
    return ConfigCache(lambda: {kind: routed_team(kind) for kind in Kind.values}, RoutingRule, Team)


def _first_response_event(case: Case, now: datetime) -> Iterable[CaseEvent]:
    promised = first_response_promise(case, now=now)
    return [] if promised is None else [promised.event]


@transaction.atomic
def open_case_with_message(
    *,
    actor: User | None,
    subject: str,
    customer: Customer,
    contact: Contact | None = None,
    channel: str = Channel.PHONE,
    kind: str = Kind.QUESTION,
    priority: str = Priority.NORMAL,
    assignee: User | None = None,
    team: Team | None = None,
    tags: Iterable[str] = (),
    body_text: str = "",
    body_html: str = "",
    direction: str = Direction.INBOUND,
    attachments: Sequence[NewAttachment] = (),
    opened_at: datetime | None = None,
) -> OpenedCase:
    """Open a case with its first message, and everything that comes with a new case.

    In order: the team from the routing rules (unless one is given); the case,
    its first message and events, with the first-answer promise in the same
    INSERT; a complaint goes on the recovery playbook; the default checklist;
    and a customer's first message is read for upset, which may raise the case.
    Acknowledging the customer is the door's choice (mail and the web form do).
    """
    opened = case_actions.create_case(
        actor=actor,
        subject=subject,
        customer=customer,
        contact=contact,
        channel=channel,
        kind=kind,
        priority=priority,
        assignee=assignee,
        team=team or _routed_teams().get().get(kind),
        tags=tags,
        body_text=body_text,
        body_html=body_html,
        direction=direction,
        attachments=attachments,
        opened_at=opened_at,
        more_events=_first_response_event,
    )
    case, first_message = opened.case, opened.first_message
    if kind == Kind.COMPLAINT:
        start_recovery(case, actor=None, started_by=StartedBy.KIND)
    apply_default_template(case, at=case.created_at)
    if first_message is not None and direction == Direction.INBOUND:
        react_to_customer_message(case, first_message)
    return opened


def open_case(**fields: Any) -> Case:
    """`open_case_with_message` when the caller needs only the case."""
    return open_case_with_message(**fields).case

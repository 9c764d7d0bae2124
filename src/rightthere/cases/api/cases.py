"""/api/cases: list, open, read and change cases."""

from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import User
from rightthere.cases.access import access_case, can_manage_cases
from rightthere.cases.api.case_schemas import (
    CaseCreate,
    CaseFilters,
    CaseOut,
    CasePage,
    CaseUpdate,
    CustomerExistsOut,
)
from rightthere.cases.finding import search_cases
from rightthere.cases.models import Case, Tag
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import PageParams, error_responses
from rightthere.core.errors import CustomerExists, InvalidInput, NotAllowed
from rightthere.customers import references
from rightthere.customers.actions import clean_address, set_address
from rightthere.customers.search import reply_email
from rightthere.desk import casework, opening
from rightthere.inbox import inbox_cases
from rightthere.presence.unread import unread_case_ids

router = Router(tags=["cases"])

# Served by the case_updated index, newest change first.
CASE_ORDER = (Key("updated_at", descending=True, kind=datetime), Key("id", descending=True))
# A search narrows the list to at most this many best matches.
SEARCH_MATCH_LIMIT = 500


def with_output_columns(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Everything CaseOut shows, in two queries for any number of cases."""
    return cases.select_related(
        "customer", "contact", "assignee", "team", "partner"
    ).prefetch_related("tags")


@router.get("", response={200: CasePage, **error_responses(400, 422)})
def list_cases(
    request: HttpRequest, filters: Query[CaseFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Cases the caller can see, most recently changed first, one page at a time;
    `unread` when the customer wrote since the caller last opened the case."""
    user = current_user(request)
    cases = inbox_cases(user, filters.view, filters.inbox_filters(), sort="updated")
    if filters.q:
        # The words, a reference, or the customer's name, e-mail or phone (as the inbox).
        matches = search_cases(user, filters.q, within=cases, limit=SEARCH_MATCH_LIMIT)
        cases = cases.filter(pk__in=matches.case_ids)
    # The customer's e-mail beside their name (as the search page's "Customer:" line),
    # in the page's own statement.
    cases = with_output_columns(cases).annotate(customer_email=reply_email())
    items, next_cursor = paginate(cases, CASE_ORDER, cursor=page.cursor, limit=page.limit)
    unread = unread_case_ids([case.pk for case in items], reader=user)
    for case in items:
        case.unread = case.pk in unread  # type: ignore[attr-defined]
    return {"items": items, "next": next_cursor}


@router.post(
    "",
    response={201: CaseOut, **error_responses(400, 403, 404, 422), 409: CustomerExistsOut},
)
def open_case(request: HttpRequest, payload: CaseCreate) -> tuple[int, Case | dict[str, Any]]:
    """Open a case for a customer, with its first message (channel: api unless given).

    The customer is `customer_id` (or `contact_id`'s customer), or `new_customer`, created
    with the case as POST /api/customers would. A `new_customer` whose contact's e-mail
    (in any letter case) or phone number (in any usual format) an existing customer's
    contact has is not created: 409, code `customer_exists`, names that `customer` (id,
    name, open cases). Send its id as `customer_id` to open the case for them, or send
    the same body with `allow_duplicate_customer: true` to create the new customer anyway.
    """
    user = current_user(request)
    if not can_manage_cases(user):
        raise NotAllowed(gettext("Only owners and agents can open cases."))
    if payload.new_customer is not None:
        try:
            return 201, _open_for_new_customer(user, payload)
        except CustomerExists as exists:
            return 409, {"detail": exists.message, "code": exists.code, "customer": exists.existing}
    customer, contact = references.customer_and_contact(
        user, payload.customer_id, payload.contact_id
    )
    # Every reference and the address are checked before the transaction: a refusal
    # inside a savepoint-less block would leave a caller's own transaction unusable.
    assignee = references.person(payload.assignee_id)
    team = references.team(payload.team_id)
    address = clean_address(payload.address) if payload.address else ""
    # One transaction with the case (savepoint=False as opening's own: no extra statements).
    with transaction.atomic(savepoint=False):
        if address:  # as the New case form: on the customer, where visits look
            set_address(customer, address)
        case = opening.open_case(
            actor=user,
            subject=payload.subject,
            customer=customer,
            contact=contact,
            channel=payload.channel,
            kind=payload.kind,
            priority=payload.priority,
            assignee=assignee,
            team=team,
            tags=payload.tags,
            direction=payload.direction,
            body_text=payload.body_text,
            body_html=payload.body_html,
        )
    return 201, _answer(case, payload)


def _open_for_new_customer(user: User, payload: CaseCreate) -> Case:
    """The case for `new_customer`, refused (`CustomerExists`) for a known one. Every
    reference is checked first, as for an existing customer."""
    if payload.customer_id is not None or payload.contact_id is not None:
        raise InvalidInput(gettext("Give new_customer or customer_id (or contact_id), not both."))
    new = payload.new_customer
    assert new is not None
    contact = new.contact
    case = opening.open_case_for_new_customer(
        new_customer=opening.NewCustomer(
            name=new.name,
            kind=new.kind,
            internal=new.internal,
            account_owner=references.person(new.account_owner_id),
            address=clean_address(payload.address or new.address),
            language=new.language,
            contact_name=contact.name if contact else "",
            email=contact.email if contact else "",
            phone=contact.phone if contact else "",
        ),
        allow_duplicate_customer=payload.allow_duplicate_customer,
        actor=user,
        subject=payload.subject,
        channel=payload.channel,
        kind=payload.kind,
        priority=payload.priority,
        assignee=references.person(payload.assignee_id),
        team=references.team(payload.team_id),
        tags=payload.tags,
        direction=payload.direction,
        body_text=payload.body_text,
        body_html=payload.body_html,
    )
    return _answer(case, payload)


def _answer(case: Case, payload: CaseCreate) -> Case:
    opening.acknowledge_by_text(case)  # a customer with only a mobile number is texted
    if not any(name.strip() for name in payload.tags):
        # A case opened without tags has none: the answer need not read them. This is
        # what prefetch_related_objects(..., Prefetch("tags", Tag.objects.none())) stores
        # (an evaluated, empty queryset), without its machinery, which took 0.4 ms of
        # the 7 ms a case took to open.
        no_tags = Tag.objects.none()
        no_tags._result_cache = []
        case._prefetched_objects_cache = {"tags": no_tags}  # type: ignore[attr-defined]
    return case


@router.get("/{case_id}", response={200: CaseOut, **error_responses(404, 422)})
def get_case(request: HttpRequest, case_id: int) -> Case:
    return access_case(current_user(request), case_id)


@router.patch("/{case_id}", response={200: CaseOut, **error_responses(400, 403, 404, 409, 422)})
def update_case(request: HttpRequest, case_id: int, payload: CaseUpdate) -> Case:
    """Change the fields given; all or none are applied. A stale `version` gives 409."""
    user = current_user(request)
    case = access_case(user, case_id)
    with transaction.atomic():
        return _apply_changes(case, user, payload)


def _apply_changes(case: Case, user: User, change: CaseUpdate) -> Case:
    given = change.model_fields_set
    steps: list[partial[Case]] = []
    if change.subject is not None:
        steps.append(partial(casework.change_subject, subject=change.subject))
    if change.kind is not None:
        steps.append(partial(casework.change_kind, kind=change.kind))
    if change.priority is not None:
        steps.append(partial(casework.change_priority, priority=change.priority))
    if "team_id" in given:
        steps.append(partial(casework.change_team, team=references.team(change.team_id)))
    if "partner_id" in given:
        steps.append(
            partial(casework.hand_to_partner, partner=references.partner(change.partner_id))
        )
    if "assignee_id" in given:
        assignee = references.person(change.assignee_id)
        steps.append(partial(casework.assign_case, assignee=assignee))
    if change.tags is not None:
        steps.append(partial(casework.set_tags, tags=change.tags))
    if change.status is not None:
        steps.append(
            partial(
                casework.change_status,
                status=change.status,
                waiting_reason=change.waiting_reason or "",
                promise_due=change.promise_due,
                cancel_visits=change.cancel_visits,
            )
        )
    expected_version = change.version
    for step in steps:
        case = step(case, actor=user, expected_version=expected_version)
        # Each action bumps the version; the next one checks against the new one.
        expected_version = case.version if expected_version is not None else None
    return case

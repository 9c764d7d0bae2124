"""The insights API: /api/insights/..., /api/relationships, /api/customers/{id}/relationship...,
/api/routing-rules and /api/staff. Mounted on the project API at its root."""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from pydantic import Field

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.models import Role, User
from rightthere.accounts.roles import check_owner
from rightthere.core.api.pagination import Key, paginate
from rightthere.core.api.schemas import Input, PageParams, error_responses
from rightthere.core.errors import NotAllowed
from rightthere.customers.access import access_customer
from rightthere.insights import actions, setup
from rightthere.insights.access import can_see_insights, can_see_staff
from rightthere.insights.calls import calls_due
from rightthere.insights.kpis.dashboard import dashboard
from rightthere.insights.kpis.period import Period
from rightthere.insights.models import (
    Absence,
    Relationship,
    RelationshipCall,
    RelationshipRules,
    RoutingRule,
)
from rightthere.insights.owner_time import owner_time
from rightthere.insights.relationships import relationship_of
from rightthere.insights.routing import routing_rules
from rightthere.insights.schemas import (
    AbsenceIn,
    AbsenceOut,
    CallDue,
    CallIn,
    CallOut,
    DashboardOut,
    FlagsIn,
    OverrideIn,
    OwnerTimeOut,
    PeriodParams,
    RelationshipFilters,
    RelationshipOut,
    RelationshipPage,
    RoutingRuleIn,
    RoutingRuleOut,
    SignOut,
    StaffOut,
)
from rightthere.insights.serialise import (
    absence_out,
    call_out,
    figure_out,
    relationship_counts,
    relationship_out,
    sign_out,
    staff_out,
)
from rightthere.insights.signs import telltale_signs

router = Router(tags=["insights"])
RELATIONSHIP_ORDER = (Key("customer__name", kind=str), Key("id"))


def _manager(request: HttpRequest) -> User:
    user = current_user(request)
    if not can_see_insights(user):
        raise NotAllowed(gettext("Insights are for owners and agents."))
    return user


def _owner(request: HttpRequest) -> User:
    user = current_user(request)
    if not can_see_staff(user):
        raise NotAllowed(gettext("Only owners see this."))
    return user


@router.get("/insights/dashboard", response={200: DashboardOut, **error_responses(403, 422)})
def get_dashboard(request: HttpRequest, params: Query[PeriodParams]) -> dict[str, Any]:
    """Every KPI of the dashboard for the period and audience: the same numbers as the page."""
    _manager(request)
    period = Period(weeks=params.weeks)
    return {
        "weeks": period.weeks,
        "audience": params.audience,
        "start": period.start,
        "end": period.end,
        "figures": [figure_out(f) for f in dashboard(period, params.audience)],
    }


@router.get("/insights/signs", response={200: list[SignOut], **error_responses(403)})
def get_signs(request: HttpRequest) -> list[dict[str, Any]]:
    """The seven telltale signs, each a 12-week trend with its level."""
    _manager(request)
    return [sign_out(s) for s in telltale_signs()]


@router.get("/relationships", response={200: RelationshipPage, **error_responses(403, 422)})
def list_relationships(
    request: HttpRequest, filters: Query[RelationshipFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Customers by relationship status, with counts per status."""
    _manager(request)
    rows = Relationship.objects.filter(customer__isnull=False).select_related("customer")
    if filters.audience != "all":
        rows = rows.filter(internal=filters.audience == "internal")
    counts = relationship_counts(rows)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    items, next_cursor = paginate(rows, RELATIONSHIP_ORDER, cursor=page.cursor, limit=page.limit)
    return {
        "counts": counts,
        "items": [
            {"customer_id": r.customer_id, "name": r.party_name, "status": r.status,
             "internal": r.internal, "last_personal_contact_at": r.last_personal_contact_at}
            for r in items
        ],
        "next": next_cursor,
    }  # fmt: skip


def _relationship(request: HttpRequest, customer_id: int) -> tuple[User, Relationship]:
    user = _manager(request)
    return user, relationship_of(access_customer(user, customer_id))


@router.get(
    "/customers/{customer_id}/relationship",
    response={200: RelationshipOut, **error_responses(403, 404)},
)
def get_relationship(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    """The customer's status, why, the suggested action and the history of changes."""
    return relationship_out(_relationship(request, customer_id)[1])


@router.put(
    "/customers/{customer_id}/relationship/override",
    response={200: RelationshipOut, **error_responses(400, 403, 404, 422)},
)
def put_override(request: HttpRequest, customer_id: int, payload: OverrideIn) -> dict[str, Any]:
    """Set the status by hand with a reason, or give it back to the rules (status null)."""
    user, relationship = _relationship(request, customer_id)
    actions.override_status(relationship, actor=user, status=payload.status, reason=payload.reason)
    return relationship_out(relationship)


@router.put(
    "/customers/{customer_id}/relationship/flags",
    response={200: RelationshipOut, **error_responses(400, 403, 404, 422)},
)
def put_flags(request: HttpRequest, customer_id: int, payload: FlagsIn) -> dict[str, Any]:
    """Flag abusive behaviour, unpaid work or a customer who has gone (with a reason)."""
    user, relationship = _relationship(request, customer_id)
    actions.set_flags(relationship, actor=user, reason=payload.reason, abusive=payload.abusive,
                      unpaid=payload.unpaid, gone=payload.gone)  # fmt: skip
    return relationship_out(relationship)


@router.get("/relationship-calls", response={200: list[CallDue], **error_responses(403, 422)})
def list_calls_due(request: HttpRequest, limit: int = 50) -> list[dict[str, Any]]:
    """Customers by days since the last personal contact, longest first."""
    _manager(request)
    return calls_due(limit=max(1, min(limit, 200)))


@router.post(
    "/customers/{customer_id}/relationship-calls",
    response={201: CallOut, **error_responses(400, 403, 404, 422)},
)
def post_call(request: HttpRequest, customer_id: int, payload: CallIn) -> tuple[int, Any]:
    """Log a personal call with the customer."""
    user = _manager(request)
    customer = access_customer(user, customer_id)
    call = actions.log_call(customer, actor=user, notes=payload.notes, called_at=payload.called_at)
    return 201, call_out(call)


@router.get("/insights/calls-log", response={200: list[CallOut], **error_responses(403)})
def calls_log(request: HttpRequest) -> list[dict[str, Any]]:
    """The latest calls: every caller's for owners, their own for agents."""
    user = _manager(request)
    calls = RelationshipCall.objects.select_related("caller")
    if not user.is_owner:
        calls = calls.filter(caller=user)
    return [call_out(c) for c in calls[:100]]


@router.get("/insights/owner-time", response={200: OwnerTimeOut, **error_responses(403, 422)})
def get_owner_time(request: HttpRequest, params: Query[PeriodParams]) -> dict[str, Any]:
    """Where the owners' time goes, by case kind, and which kinds could be delegated."""
    _owner(request)
    return {"weeks": params.weeks, "rows": owner_time(Period(weeks=params.weeks))}


def _rule_out(rule: RoutingRule) -> dict[str, Any]:
    return {
        "id": rule.pk, "channel": rule.channel, "kind": rule.kind,
        "customer_id": rule.customer_id, "customer": rule.customer.name if rule.customer else None,
        "team_id": rule.team_id, "team": rule.team.name if rule.team else None,
        "pick_by": rule.pick_by, "conditions": rule.conditions,
    }  # fmt: skip


def _rule_fields(payload: RoutingRuleIn) -> actions.RuleFields:
    return actions.rule_fields(
        channel=payload.channel or "", kind=payload.kind or "", customer_id=payload.customer_id,
        team_id=payload.team_id, pick_by=payload.pick_by,
    )  # fmt: skip


def _rule(rule_id: int) -> RoutingRule:
    rule = RoutingRule.objects.select_related("team", "customer").filter(pk=rule_id).first()
    if rule is None:
        raise Http404("No such routing rule")
    return rule


@router.get("/routing-rules", response={200: list[RoutingRuleOut], **error_responses(403)})
def list_routing_rules(request: HttpRequest) -> list[dict[str, Any]]:
    """Where new cases go: the team and how a person in it is chosen, most specific first."""
    _manager(request)
    return [_rule_out(r) for r in routing_rules()]


@router.post("/routing-rules", response={201: RoutingRuleOut, **error_responses(400, 403, 422)})
def post_routing_rule(request: HttpRequest, payload: RoutingRuleIn) -> tuple[int, Any]:
    """Add a routing rule (one with the same conditions is replaced). Owners only."""
    user = _owner(request)
    rule = actions.add_routing_rule(actor=user, fields=_rule_fields(payload))
    return 201, _rule_out(rule)


@router.get(
    "/routing-rules/{rule_id}", response={200: RoutingRuleOut, **error_responses(403, 404, 422)}
)
def get_routing_rule(request: HttpRequest, rule_id: int) -> dict[str, Any]:
    _manager(request)
    return _rule_out(_rule(rule_id))


@router.put(
    "/routing-rules/{rule_id}",
    response={200: RoutingRuleOut, **error_responses(400, 403, 404, 422)},
)
def put_routing_rule(request: HttpRequest, rule_id: int, payload: RoutingRuleIn) -> dict[str, Any]:
    """Change a rule's conditions, team or way of choosing a person. Owners only."""
    user = _owner(request)
    rule = actions.change_routing_rule(
        actor=user, rule=_rule(rule_id), fields=_rule_fields(payload)
    )
    return _rule_out(rule)


@router.delete("/routing-rules/{rule_id}", response={204: None, **error_responses(403, 404, 422)})
def delete_routing_rule(request: HttpRequest, rule_id: int) -> tuple[int, None]:
    """Remove a rule. Owners only."""
    user = _owner(request)
    actions.delete_routing_rule(actor=user, rule=_rule(rule_id))
    return 204, None


@router.get("/staff", response={200: list[StaffOut], **error_responses(403)})
def list_staff(request: HttpRequest) -> list[dict[str, Any]]:
    """Staff records and absences (owners only)."""
    _owner(request)
    people = (
        User.objects.filter(role__in=[Role.OWNER, Role.AGENT, Role.TECHNICIAN])
        .select_related("staff_record")
        .prefetch_related("absences")
        .order_by("username")
    )
    return [staff_out(p) for p in people]


@router.post(
    "/staff/{user_id}/absences", response={201: AbsenceOut, **error_responses(400, 403, 404, 422)}
)
def post_absence(request: HttpRequest, user_id: int, payload: AbsenceIn) -> tuple[int, Any]:
    """Record an absence: sick, holiday or other (owners only)."""
    user = _owner(request)
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        from django.http import Http404

        raise Http404("No such person")
    absence: Absence = actions.record_absence(
        actor=user, person=person, kind=payload.kind, starts_on=payload.starts_on,
        ends_on=payload.ends_on, note=payload.note,
    )  # fmt: skip
    return 201, absence_out(absence)


class StaffRecordIn(Input):
    """The whole record: what is left out is cleared (ended_on) or the default (capacity)."""

    started_on: date
    ended_on: date | None = Field(None, description="null while they work here.")
    capacity: int = Field(
        20, ge=setup.CAPACITY_LIMITS[0], le=setup.CAPACITY_LIMITS[1],
        description="Open cases this person can carry at once.",
    )  # fmt: skip


@router.put(
    "/staff/{user_id}/record", response={200: StaffOut, **error_responses(400, 403, 404, 422)}
)
def put_staff_record(request: HttpRequest, user_id: int, payload: StaffRecordIn) -> dict[str, Any]:
    """Set a person's start date, leaving date and capacity (owners only), as their
    staff record page does; the staff turnover and load-per-person signs read them."""
    user = _owner(request)
    person = User.objects.filter(
        pk=user_id, role__in=[Role.OWNER, Role.AGENT, Role.TECHNICIAN]
    ).first()
    if person is None:
        raise Http404("No such person")
    setup.set_staff_record(user, person, started_on=payload.started_on,
                           ended_on=payload.ended_on, capacity=payload.capacity)  # fmt: skip
    person = (
        User.objects.select_related("staff_record").prefetch_related("absences").get(pk=person.pk)
    )
    return staff_out(person)


class RelationshipRulesOut(Schema):
    lost_after_days: int
    bad_unresolved_complaints: int
    complaint_window_days: int
    call_every_days_good: int
    call_every_days_lost: int
    call_every_days_none: int
    call_every_days_bad: int


def _rule_field(name: str) -> Any:
    low, high, what = setup.RULE_LIMITS[name]
    return Field(None, ge=low, le=high, description=f"{what} ({low} to {high}).")


class RelationshipRulesIn(Input):
    """Only the numbers given change."""

    lost_after_days: int | None = _rule_field("lost_after_days")
    bad_unresolved_complaints: int | None = _rule_field("bad_unresolved_complaints")
    complaint_window_days: int | None = _rule_field("complaint_window_days")
    call_every_days_good: int | None = _rule_field("call_every_days_good")
    call_every_days_lost: int | None = _rule_field("call_every_days_lost")
    call_every_days_none: int | None = _rule_field("call_every_days_none")
    call_every_days_bad: int | None = _rule_field("call_every_days_bad")


@router.get("/relationship-rules", response={200: RelationshipRulesOut, **error_responses(403)})
def get_relationship_rules(request: HttpRequest) -> RelationshipRules:
    """The numbers behind the customers' statuses (owners)."""
    check_owner(current_user(request), gettext("see the relationship rules"))
    return RelationshipRules.current()


@router.patch(
    "/relationship-rules", response={200: RelationshipRulesOut, **error_responses(400, 403, 422)}
)
def change_relationship_rules(
    request: HttpRequest, payload: RelationshipRulesIn
) -> RelationshipRules:
    """Change the numbers given (owners); the Relationship rules screen's twin. Statuses
    follow at the next refresh (hourly, or `rightthere refresh_relationships`)."""
    values = payload.model_dump(exclude_none=True)
    return setup.set_relationship_rules(current_user(request), **values)

"""Every write in insights goes through these functions: pages and API alike."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import Team, User
from rightthere.accounts.roles import check_manager, check_owner
from rightthere.cases.models import Channel, Kind
from rightthere.core.errors import InvalidInput
from rightthere.customers.models import Customer
from rightthere.insights.models import (
    Absence,
    AbsenceKind,
    ChangeSource,
    PickBy,
    Relationship,
    RelationshipCall,
    RelationshipStatus,
    RoutingRule,
)
from rightthere.insights.relationships import recompute

MAX_REASON = 500


def _reason(reason: str) -> str:
    reason = reason.replace("\x00", "").strip()
    if not reason:
        raise InvalidInput(gettext("Say why: a reason is required."))
    if len(reason) > MAX_REASON:
        raise InvalidInput(gettext("The reason is too long (at most %(max)s characters).")
                           % {"max": MAX_REASON})  # fmt: skip
    return reason


@transaction.atomic
def override_status(
    relationship: Relationship, *, actor: User, status: str | None, reason: str
) -> Relationship:
    """Set the status by hand (with a reason), or give it back to the rules (status None)."""
    check_manager(actor)
    reason = _reason(reason)
    if status is not None and status not in RelationshipStatus.values:
        raise InvalidInput(
            gettext("Unknown status '%(status)s'. Use good, lost, none or bad.")
            % {"status": status}
        )
    relationship.override_status = status or ""
    relationship.override_reason = reason if status else ""
    relationship.overridden_by = actor if status else None
    relationship.overridden_at = timezone.now() if status else None
    why = reason if status else f"Override removed: {reason}"
    recompute(relationship, actor=actor, source=ChangeSource.OVERRIDE, why=why)
    return relationship


@transaction.atomic
def set_flags(
    relationship: Relationship,
    *,
    actor: User,
    reason: str,
    abusive: bool | None = None,
    unpaid: bool | None = None,
    gone: bool | None = None,
) -> Relationship:
    """Flag abusive behaviour, unpaid work or a customer who has gone; the rules follow."""
    check_manager(actor)
    reason = _reason(reason)
    changes = []
    for name, value in (("abusive", abusive), ("unpaid", unpaid), ("gone", gone)):
        if value is not None and getattr(relationship, name) != value:
            setattr(relationship, name, value)
            changes.append(f"{name} {'set' if value else 'cleared'}")
    if not changes:
        return relationship
    why = f"{', '.join(changes).capitalize()}: {reason}"
    recompute(relationship, actor=actor, source=ChangeSource.FLAG, why=why)
    return relationship


@transaction.atomic
def log_call(
    customer: Customer, *, actor: User, notes: str = "", called_at: datetime | None = None
) -> RelationshipCall:
    """Record a personal call with the customer; it resets their call cadence."""
    check_manager(actor)
    notes = notes.replace("\x00", "").strip()
    if len(notes) > 5000:
        raise InvalidInput(gettext("The notes are too long (at most 5000 characters)."))
    now = timezone.now()
    at = called_at or now
    if at > now:
        raise InvalidInput(gettext("A call cannot be logged in the future."))
    call = RelationshipCall.objects.create(
        customer=customer, caller=actor, called_at=at, notes=notes
    )
    from rightthere.insights.relationships import relationship_of

    relationship = relationship_of(customer)
    if relationship.last_personal_contact_at is None or relationship.last_personal_contact_at < at:
        relationship.last_personal_contact_at = at
        relationship.save(update_fields=["last_personal_contact_at"])
    return call


@dataclass(frozen=True)
class RuleFields:
    """What a routing rule says: its conditions (empty: any) and where the case goes."""

    channel: str = ""
    kind: str = ""
    customer: Customer | None = None
    team: Team | None = None
    pick_by: str = PickBy.ROUND_ROBIN


def rule_fields(
    *,
    channel: str = "",
    kind: str = "",
    customer_id: int | None = None,
    team_id: int | None = None,
    pick_by: str = PickBy.ROUND_ROBIN,
) -> RuleFields:
    """A rule as a door received it (ids), with the team and customer it names."""
    team = customer = None
    if team_id is not None:
        team = Team.objects.filter(pk=team_id).first()
        if team is None:
            raise InvalidInput(gettext("There is no team with id %(id)s.") % {"id": team_id})
    if customer_id is not None:
        customer = Customer.objects.filter(pk=customer_id).first()
        if customer is None:
            raise InvalidInput(
                gettext("There is no customer with id %(id)s.") % {"id": customer_id}
            )
    return RuleFields(channel, kind, customer, team, pick_by)


def _same_conditions(fields: RuleFields) -> QuerySet[RoutingRule]:
    return RoutingRule.objects.filter(
        channel=fields.channel, kind=fields.kind, customer=fields.customer
    )


def _check_rule(fields: RuleFields) -> None:
    if fields.channel and fields.channel not in Channel.values:
        raise InvalidInput(gettext("Unknown channel '%(channel)s'.") % {"channel": fields.channel})
    if fields.kind and fields.kind not in Kind.values:
        raise InvalidInput(gettext("Unknown kind '%(kind)s'.") % {"kind": fields.kind})
    if fields.pick_by not in PickBy.values:
        raise InvalidInput(
            gettext("Unknown way to pick a person '%(pick_by)s'. Use round_robin or least_loaded.")
            % {"pick_by": fields.pick_by}
        )


@transaction.atomic
def add_routing_rule(*, actor: User, fields: RuleFields) -> RoutingRule:
    """A new rule; one with the same conditions is replaced (owners only)."""
    check_owner(actor)
    _check_rule(fields)
    rule, _ = _same_conditions(fields).update_or_create(
        defaults={"team": fields.team, "pick_by": fields.pick_by, "created_by": actor,
                  "created_at": timezone.now()},
        channel=fields.channel, kind=fields.kind, customer=fields.customer,
    )  # fmt: skip
    return rule


@transaction.atomic
def change_routing_rule(*, actor: User, rule: RoutingRule, fields: RuleFields) -> RoutingRule:
    """Edit a rule; two rules may not have the same conditions (owners only)."""
    check_owner(actor)
    _check_rule(fields)
    if _same_conditions(fields).exclude(pk=rule.pk).exists():
        raise InvalidInput(gettext("Another rule already has these conditions: edit that one "
                                   "instead."))  # fmt: skip
    rule.channel, rule.kind, rule.customer = fields.channel, fields.kind, fields.customer
    rule.team, rule.pick_by = fields.team, fields.pick_by
    rule.save()
    return rule


def delete_routing_rule(*, actor: User, rule: RoutingRule) -> None:
    """Remove a rule: new cases it matched go by the next rule, or stay unassigned."""
    check_owner(actor)
    rule.delete()


def route_kind_to_team(*, actor: User, kind: str, team: Team) -> RoutingRule:
    """From now on, new cases of this kind go to the team (one rule per kind)."""
    if kind not in Kind.values:
        raise InvalidInput(gettext("Unknown kind '%(kind)s'.") % {"kind": kind})
    return add_routing_rule(actor=actor, fields=RuleFields(kind=kind, team=team))


def record_absence(
    *, actor: User, person: User, kind: str, starts_on: date, ends_on: date, note: str = ""
) -> Absence:
    """Record sick leave, a holiday or another absence (owners only)."""
    check_owner(actor)
    if kind not in AbsenceKind.values:
        raise InvalidInput(
            gettext("Unknown absence type '%(kind)s'. Use sick, holiday or other.") % {"kind": kind}
        )
    if ends_on < starts_on:
        raise InvalidInput(gettext("An absence cannot end before it starts."))
    return Absence.objects.create(
        user=person, kind=kind, starts_on=starts_on, ends_on=ends_on,
        note=note.replace("\x00", "").strip()[:200], recorded_by=actor,
    )  # fmt: skip

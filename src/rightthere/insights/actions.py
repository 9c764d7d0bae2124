"""Every write in insights goes through these functions: pages and API alike."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from rightthere.accounts.models import Team, User
from rightthere.accounts.roles import check_manager, check_owner
from rightthere.cases.models import Kind
from rightthere.core.errors import InvalidInput
from rightthere.customers.models import Customer
from rightthere.insights.models import (
    Absence,
    AbsenceKind,
    ChangeSource,
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
        raise InvalidInput("Say why: a reason is required.")
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"The reason is too long (at most {MAX_REASON} characters).")
    return reason


@transaction.atomic
def override_status(
    relationship: Relationship, *, actor: User, status: str | None, reason: str
) -> Relationship:
    """Set the status by hand (with a reason), or give it back to the rules (status None)."""
    check_manager(actor)
    reason = _reason(reason)
    if status is not None and status not in RelationshipStatus.values:
        raise InvalidInput(f"Unknown status '{status}'. Use good, lost, none or bad.")
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
        raise InvalidInput("The notes are too long (at most 5000 characters).")
    now = timezone.now()
    at = called_at or now
    if at > now:
        raise InvalidInput("A call cannot be logged in the future.")
    call = RelationshipCall.objects.create(
        customer=customer, caller=actor, called_at=at, notes=notes
    )
    from rightthere.insights.relationships import relationship_of

    relationship = relationship_of(customer)
    if relationship.last_personal_contact_at is None or relationship.last_personal_contact_at < at:
        relationship.last_personal_contact_at = at
        relationship.save(update_fields=["last_personal_contact_at"])
    return call


@transaction.atomic
def route_kind_to_team(*, actor: User, kind: str, team: Team) -> RoutingRule:
    """From now on, new cases of this kind go to the team (one rule per kind)."""
    check_owner(actor)
    if kind not in Kind.values:
        raise InvalidInput(f"Unknown kind '{kind}'.")
    rule, _ = RoutingRule.objects.update_or_create(
        kind=kind, defaults={"team": team, "created_by": actor, "created_at": timezone.now()}
    )
    return rule


def record_absence(
    *, actor: User, person: User, kind: str, starts_on: date, ends_on: date, note: str = ""
) -> Absence:
    """Record sick leave, a holiday or another absence (owners only)."""
    check_owner(actor)
    if kind not in AbsenceKind.values:
        raise InvalidInput(f"Unknown absence type '{kind}'. Use sick, holiday or other.")
    if ends_on < starts_on:
        raise InvalidInput("An absence cannot end before it starts.")
    return Absence.objects.create(
        user=person, kind=kind, starts_on=starts_on, ends_on=ends_on,
        note=note.replace("\x00", "").strip()[:200], recorded_by=actor,
    )  # fmt: skip

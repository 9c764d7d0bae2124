"""Relationship status: Good, Lost, None, Bad, from the history of work and complaints.

The rules are in `decide` (documented on `RelationshipRules`); the facts come from
one aggregate query over cases per customer (or per partner company), so refreshing
every relationship costs a few queries, not one per customer.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from rightthere.accounts.models import PartnerCompany, User
from rightthere.cases.models import OPEN_STATUSES, Case, Direction, Message
from rightthere.customers.models import Customer
from rightthere.insights.models import (
    ChangeSource,
    Relationship,
    RelationshipCall,
    RelationshipChange,
    RelationshipRules,
    RelationshipStatus,
)

OPEN = [s.value for s in OPEN_STATUSES]


@dataclass(frozen=True)
class Facts:
    last_work_at: datetime | None = None
    unresolved_complaints: int = 0
    open_complaints: int = 0
    abusive: bool = False
    unpaid: bool = False
    gone: bool = False


def decide(facts: Facts, rules: RelationshipRules, now: datetime) -> tuple[str, str]:
    """The status the rules give, and why, in words fit for the customer page."""
    if facts.abusive:
        return RelationshipStatus.BAD, "Flagged as abusive by staff."
    if facts.unpaid:
        return RelationshipStatus.BAD, "Unpaid work flagged by staff."
    if facts.unresolved_complaints >= rules.bad_unresolved_complaints:
        return RelationshipStatus.BAD, (
            f"{facts.unresolved_complaints} unresolved complaints "
            f"in the last {rules.complaint_window_days} days."
        )
    if facts.gone:
        return RelationshipStatus.LOST, "Marked as gone by staff."
    if facts.last_work_at is None:
        return RelationshipStatus.NONE, "No completed work yet."
    if facts.open_complaints:
        return RelationshipStatus.LOST, "An unresolved complaint is open: win them back."
    idle = now - facts.last_work_at
    if idle > timedelta(days=rules.lost_after_days):
        return RelationshipStatus.LOST, f"No completed work for {idle.days} days."
    return RelationshipStatus.GOOD, f"Work completed {idle.days} days ago."


def _case_facts(
    party: str, rules: RelationshipRules, now: datetime, ids: Iterable[int] | None = None
) -> dict[int, tuple[datetime | None, int, int]]:
    """party_id -> (last completed work, unresolved complaints, open complaints)."""
    since = now - timedelta(days=rules.complaint_window_days)
    complaint = Q(recovery__isnull=False)
    open_complaint = complaint & Q(status__in=OPEN)
    unresolved = open_complaint | (
        complaint & Q(recovery__satisfied=False, recovery__started_at__gte=since)
    )
    cases = Case.objects.filter(**{f"{party}__isnull": False})
    if ids is not None:
        cases = cases.filter(**{f"{party}__in": list(ids)})
    rows = (
        cases.values(party)
        .order_by()
        .annotate(
            last_work=Max("solved_at"),
            unresolved=Count("id", filter=unresolved),
            open_complaints=Count("id", filter=open_complaint),
        )
    )
    return {r[party]: (r["last_work"], r["unresolved"], r["open_complaints"]) for r in rows}


def last_personal_contacts(ids: Iterable[int] | None = None) -> dict[int, datetime]:
    """customer_id -> the last call, hand-written reply or visit by a person at the business."""
    messages = Message.objects.filter(
        direction=Direction.OUTBOUND, automatic=False, author__isnull=False
    )
    calls = RelationshipCall.objects.all()
    if ids is not None:
        wanted = list(ids)
        messages = messages.filter(case__customer_id__in=wanted)
        calls = calls.filter(customer_id__in=wanted)
    found: dict[int, datetime] = {}
    sources = [
        messages.values_list("case__customer_id").order_by().annotate(at=Max("created_at")),
        calls.values_list("customer_id").order_by().annotate(at=Max("called_at")),
    ]
    for source in sources:
        for customer_id, at in source:
            if customer_id not in found or at > found[customer_id]:
                found[customer_id] = at
    for customer_id, at in _visits_by_customer(ids).items():
        if customer_id not in found or at > found[customer_id]:
            found[customer_id] = at
    return found


def _visits_by_customer(ids: Iterable[int] | None) -> dict[int, datetime]:
    from rightthere.insights import providers

    return providers.last_visits(ids)


def _apply(
    relationship: Relationship, status: str, reason: str, now: datetime
) -> RelationshipChange | None:
    """Set the computed status; the effective one follows unless it is overridden."""
    relationship.computed_status = status
    relationship.computed_reason = reason
    effective = relationship.override_status or status
    if effective == relationship.status and relationship.pk is not None:
        return None
    before = relationship.status if relationship.pk is not None else ""
    relationship.status = effective
    return RelationshipChange(
        before=before, after=effective, source=ChangeSource.RULES, reason=reason, at=now
    )


@transaction.atomic
def refresh_relationships(
    *, now: datetime | None = None, customer_ids: Iterable[int] | None = None
) -> dict[str, int]:
    """Recompute every customer's and partner's status (or only the customers given)."""
    now = now or timezone.now()
    rules = RelationshipRules.current()
    ids = list(customer_ids) if customer_ids is not None else None
    customers = Customer.objects.all() if ids is None else Customer.objects.filter(pk__in=ids)
    facts = _case_facts("customer_id", rules, now, ids)
    contacts = last_personal_contacts(ids)
    existing = {
        r.customer_id: r
        for r in Relationship.objects.filter(customer__isnull=False).filter(
            **({} if ids is None else {"customer_id__in": ids})
        )
    }
    parties: list[tuple[Relationship, tuple[datetime | None, int, int]]] = []
    for customer_id, internal in customers.values_list("id", "internal"):
        relationship = existing.get(customer_id) or Relationship(customer_id=customer_id)
        relationship.internal = internal
        relationship.last_personal_contact_at = contacts.get(customer_id)
        parties.append((relationship, facts.get(customer_id, (None, 0, 0))))
    if ids is None:
        partner_facts = _case_facts("partner_id", rules, now)
        partners = {r.partner_id: r for r in Relationship.objects.filter(partner__isnull=False)}
        for partner_id in PartnerCompany.objects.values_list("id", flat=True):
            relationship = partners.get(partner_id) or Relationship(partner_id=partner_id)
            parties.append((relationship, partner_facts.get(partner_id, (None, 0, 0))))
    return _save(parties, rules, now)


def _save(
    parties: list[tuple[Relationship, tuple[datetime | None, int, int]]],
    rules: RelationshipRules,
    now: datetime,
) -> dict[str, int]:
    new: list[Relationship] = []
    changed: list[Relationship] = []
    history: list[tuple[Relationship, RelationshipChange]] = []
    for relationship, (last_work, unresolved, open_complaints) in parties:
        relationship.last_work_at = last_work
        status, reason = decide(
            Facts(
                last_work_at=last_work,
                unresolved_complaints=unresolved,
                open_complaints=open_complaints,
                abusive=relationship.abusive,
                unpaid=relationship.unpaid,
                gone=relationship.gone,
            ),
            rules,
            now,
        )
        change = _apply(relationship, status, reason, now)
        relationship.updated_at = now
        (new if relationship.pk is None else changed).append(relationship)
        if change is not None:
            history.append((relationship, change))
    Relationship.objects.bulk_create(new, batch_size=2000)
    fields = ["status", "computed_status", "computed_reason", "last_work_at",
              "last_personal_contact_at", "internal", "updated_at"]  # fmt: skip
    Relationship.objects.bulk_update(changed, fields, batch_size=2000)
    for relationship, change in history:
        change.relationship = relationship
    RelationshipChange.objects.bulk_create([c for _, c in history], batch_size=2000)
    return {"relationships": len(parties), "created": len(new), "status_changes": len(history)}


def relationship_of(customer: Customer) -> Relationship:
    """The customer's relationship, computed now if it has never been."""
    found = Relationship.objects.filter(customer=customer).first()
    if found is None:
        refresh_relationships(customer_ids=[customer.pk])
        found = Relationship.objects.get(customer=customer)
    return found


def recompute(relationship: Relationship, *, actor: User | None, source: str, why: str) -> None:
    """After a flag or override changed: apply the rules to this one party now."""
    now = timezone.now()
    rules = RelationshipRules.current()
    party = "customer_id" if relationship.customer_id else "partner_id"
    party_id = int(relationship.customer_id or relationship.partner_id or 0)
    last_work, unresolved, open_complaints = _case_facts(party, rules, now, [party_id]).get(
        party_id, (None, 0, 0)
    )
    status, reason = decide(
        Facts(last_work, unresolved, open_complaints,
              relationship.abusive, relationship.unpaid, relationship.gone),
        rules,
        now,
    )  # fmt: skip
    before = relationship.status
    relationship.computed_status, relationship.computed_reason = status, reason
    relationship.last_work_at = last_work
    relationship.status = relationship.override_status or status
    relationship.updated_at = now
    relationship.save()
    if relationship.status != before or source != ChangeSource.RULES:
        RelationshipChange.objects.create(
            relationship=relationship, before=before, after=relationship.status,
            source=source, reason=why, actor=actor, at=now,
        )  # fmt: skip

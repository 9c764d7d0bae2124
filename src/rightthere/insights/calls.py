"""The relationship-call list: who has not heard from a person at the business for longest."""

from typing import Any

from django.db.models import F
from django.utils import timezone

from rightthere.insights.models import Relationship, RelationshipRules


def calls_due(*, limit: int = 50, audience: str = "all") -> list[dict[str, Any]]:
    """Customers by days since their last personal contact (never contacted first), each
    with the cadence of their status and whether a call is overdue."""
    now = timezone.now()
    rules = RelationshipRules.current()
    rows = Relationship.objects.filter(customer__isnull=False).select_related("customer")
    if audience in ("internal", "external"):
        rows = rows.filter(internal=audience == "internal")
    rows = rows.order_by(F("last_personal_contact_at").asc(nulls_first=True), "id")[:limit]
    result = []
    for r in rows:
        days = (
            None if r.last_personal_contact_at is None else (now - r.last_personal_contact_at).days
        )
        cadence = rules.cadence_days(r.status)
        result.append({
            "customer_id": r.customer_id, "name": r.party_name, "status": r.status,
            "days_since_contact": days, "cadence_days": cadence,
            "overdue": days is None or days > cadence, "suggested_action": r.suggested_action,
        })  # fmt: skip
    return result

"""Plain dicts for the API (and the CSV), from figures, signs and relationships."""

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from rightthere.accounts.models import User
from rightthere.insights.kpis.figure import Figure
from rightthere.insights.models import Absence, Relationship, RelationshipCall, RelationshipStatus
from rightthere.insights.signs import Sign


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def figure_out(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key, "label": figure.label, "unit": figure.unit, "value": figure.value,
        "count": figure.count, "target": figure.target, "better": figure.better,
        "waiting_on": figure.waiting_on, "columns": list(figure.columns),
        "rows": [[_cell(v) for v in row] for row in figure.rows], "extra": figure.extra,
    }  # fmt: skip


def sign_out(sign: Sign) -> dict[str, Any]:
    return {
        "key": sign.key, "label": sign.label, "unit": sign.unit,
        "explanation": sign.explanation, "value": sign.value, "amber": sign.amber,
        "red": sign.red, "level": sign.level, "waiting_on": sign.waiting_on,
        "link": sign.link, "series": sign.series,
    }  # fmt: skip


def relationship_counts(rows: QuerySet[Relationship]) -> dict[str, int]:
    counts = {s.value: 0 for s in RelationshipStatus}
    for status, n in rows.order_by().values_list("status").annotate(n=Count("id")):
        counts[status] = n
    return counts


def relationship_out(relationship: Relationship) -> dict[str, Any]:
    history = relationship.changes.select_related("actor")[:50]
    return {
        "customer_id": relationship.customer_id,
        "partner_id": relationship.partner_id,
        "name": relationship.party_name,
        "status": relationship.status,
        "suggested_action": relationship.suggested_action,
        "computed_status": relationship.computed_status,
        "computed_reason": relationship.computed_reason,
        "override_status": relationship.override_status or None,
        "override_reason": relationship.override_reason,
        "abusive": relationship.abusive,
        "unpaid": relationship.unpaid,
        "gone": relationship.gone,
        "internal": relationship.internal,
        "last_work_at": relationship.last_work_at,
        "last_personal_contact_at": relationship.last_personal_contact_at,
        "history": [
            {"before": c.before, "after": c.after, "source": c.source, "reason": c.reason,
             "actor": c.actor.display_name if c.actor else None, "at": c.at}
            for c in history
        ],
    }  # fmt: skip


def call_out(call: RelationshipCall) -> dict[str, Any]:
    return {
        "id": call.pk, "customer_id": call.customer_id,
        "caller": call.caller.display_name if call.caller else None,
        "called_at": call.called_at, "notes": call.notes,
    }  # fmt: skip


def absence_out(absence: Absence) -> dict[str, Any]:
    return {
        "id": absence.pk, "user_id": absence.user_id, "kind": absence.kind,
        "starts_on": absence.starts_on, "ends_on": absence.ends_on, "note": absence.note,
    }  # fmt: skip


def staff_out(person: User) -> dict[str, Any]:
    record = getattr(person, "staff_record", None)
    return {
        "user_id": person.pk, "name": person.display_name, "role": person.role,
        "started_on": record.started_on if record else None,
        "ended_on": record.ended_on if record else None,
        "capacity": record.capacity if record else None,
        "absences": [absence_out(a) for a in person.absences.all()],
    }  # fmt: skip

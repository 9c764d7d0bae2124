"""Where the owners' hours go: cases and replies by case kind, and what could be delegated."""

from typing import Any

from django.db.models import Count

from rightthere.accounts.models import Role, User
from rightthere.cases.models import Case, Direction, Kind, Message
from rightthere.insights import providers
from rightthere.insights.kpis.period import Period
from rightthere.insights.models import RoutingRule

# Complaints stay with the owner: recovery is where the relationship is won or lost.
KEEP = (Kind.COMPLAINT,)


def owner_time(period: Period) -> list[dict[str, Any]]:
    owners = list(User.objects.filter(role=Role.OWNER, is_active=True).values_list("id", flat=True))
    cases = dict(
        Case.objects.filter(assignee_id__in=owners, created_at__gte=period.start)
        .values_list("kind")
        .order_by()
        .annotate(n=Count("id"))
    )
    replies = dict(
        Message.objects.filter(
            author_id__in=owners, direction=Direction.OUTBOUND, created_at__gte=period.start
        )
        .values_list("case__kind")
        .order_by()
        .annotate(n=Count("id"))
    )
    visits = providers.owner_visits(owners, period.start, period.end)
    routed = {
        r.kind: r.team.name
        for r in RoutingRule.objects.select_related("team")
        .filter(channel="", customer=None, team__isnull=False)
        .exclude(kind="")
        if r.team is not None
    }
    rows = []
    for kind, _label in Kind.choices:
        rows.append({
            "kind": kind,
            "cases": cases.get(kind, 0),
            "replies": replies.get(kind, 0),
            "visits": None if visits is None else visits.get(kind, 0),
            "delegable": kind not in KEEP and kind not in routed
            and (cases.get(kind, 0) + replies.get(kind, 0)) > 0,
            "routed_to": routed.get(kind),
        })  # fmt: skip
    return sorted(rows, key=lambda r: -(r["cases"] + r["replies"]))

"""Where the owners' hours go: cases and replies by case kind, and what could be delegated."""

from typing import Any

from django.db.models import Count
from django.utils.translation import pgettext_lazy

from rightthere.accounts.models import Role, User
from rightthere.cases.models import Case, Direction, Kind, Message
from rightthere.insights import providers
from rightthere.insights.kpis.period import Period
from rightthere.insights.models import RoutingRule

# Complaints stay with the owner: recovery is where the relationship is won or lost.
KEEP = (Kind.COMPLAINT,)


# A case's kind inside a sentence ("Route repair to team"): the templates translate the kind's
# value (its English word) with this context; German keeps its capital nouns.
KINDS_IN_A_SENTENCE = (
    pgettext_lazy("kind in a sentence", "question"),
    pgettext_lazy("kind in a sentence", "request"),
    pgettext_lazy("kind in a sentence", "complaint"),
    pgettext_lazy("kind in a sentence", "repair"),
)


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

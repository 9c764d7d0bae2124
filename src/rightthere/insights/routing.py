"""Routing rules: the team a new case of a kind goes to (called from cases.actions.open_case)."""

from rightthere.accounts.models import Team
from rightthere.insights.models import RoutingRule


def routed_team(kind: str) -> Team | None:
    rule = RoutingRule.objects.select_related("team").filter(kind=kind).first()
    return rule.team if rule is not None else None

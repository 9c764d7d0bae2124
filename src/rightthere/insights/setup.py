"""Setting the relationship-status rules: when a customer counts as Lost or Bad, and
how often each status is called. The Relationship rules screen and the API call
`set_relationship_rules`; each change is in the set-up history. Statuses follow at
the next refresh (the worker's hourly job, or `rightthere refresh_relationships`)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidField
from rightthere.insights.models import RelationshipRules

# Field -> (lowest, highest, what it is, for the messages).
RULE_LIMITS = {
    "lost_after_days": (1, 3650, "Days without completed work before a customer is Lost"),
    "bad_unresolved_complaints": (1, 100, "Unresolved complaints that make a customer Bad"),
    "complaint_window_days": (1, 3650, "Days the complaints are counted over"),
    "call_every_days_good": (1, 3650, "Call a Good customer every"),
    "call_every_days_lost": (1, 3650, "Call a Lost customer every"),
    "call_every_days_none": (1, 3650, "Call a None (prospect) customer every"),
    "call_every_days_bad": (1, 3650, "Call a Bad customer every"),
}


def set_relationship_rules(actor: User | None, **values: Any) -> RelationshipRules:
    """Change any of the numbers in RULE_LIMITS; the others stay. Saving the numbers
    already set changes and records nothing."""
    check_owner(actor, gettext("change the relationship rules"))
    unknown = set(values) - set(RULE_LIMITS)
    if unknown:
        raise InvalidField(sorted(unknown)[0], gettext("Unknown rule: %(rules)s.")
                           % {"rules": ", ".join(sorted(unknown))})  # fmt: skip
    for name, value in values.items():
        low, high, _ = RULE_LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InvalidField(name, gettext("A whole number from %(low)s to %(high)s.")
                               % {"low": low, "high": high})  # fmt: skip
    with transaction.atomic():
        rules = RelationshipRules.objects.select_for_update().order_by("pk").first()
        rules = rules or RelationshipRules()
        said = [f"{RULE_LIMITS[name][2].lower()}: {getattr(rules, name)} -> {value}"
                for name, value in values.items() if getattr(rules, name) != value]  # fmt: skip
        if not said:
            return rules
        for name, value in values.items():
            setattr(rules, name, value)
        rules.save()
        record_change(actor, "relationship_rules",
                      f"Changed the relationship rules: {'; '.join(said)}.")  # fmt: skip
    return rules

"""Setting the relationship-status rules: when a customer counts as Lost or Bad, and
how often each status is called. The Relationship rules screen and the API call
`set_relationship_rules`; each change is in the set-up history. Statuses follow at
the next refresh (the worker's hourly job, or `rightthere refresh_relationships`).
Also a person's staff record (`set_staff_record`): start and leaving dates, capacity."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import Role, User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidField
from rightthere.insights.models import RelationshipRules, StaffRecord

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


CAPACITY_LIMITS = (1, 1000)


def set_staff_record(
    actor: User | None, person: User, *, started_on: date, ended_on: date | None, capacity: int
) -> StaffRecord:
    """When a person joined and left and how many open cases they carry: the staff
    turnover and load-per-person signs read these. Owners only; the person's page
    (/insights/staff/<id>/) and `PUT /api/staff/<id>/record` call this. Each change is
    in the set-up history; saving what is already there records nothing."""
    check_owner(actor, gettext("change staff records"))
    if person.role not in (Role.OWNER, Role.AGENT, Role.TECHNICIAN):
        raise InvalidField("started_on", gettext("Staff records are for owners, agents and "
                                                 "technicians."))  # fmt: skip
    if ended_on is not None and ended_on < started_on:
        raise InvalidField("ended_on", gettext("The leaving date cannot be before the start "
                                               "date (%(start)s).") % {"start": started_on})  # fmt: skip
    low, high = CAPACITY_LIMITS
    if isinstance(capacity, bool) or not low <= capacity <= high:
        raise InvalidField("capacity", gettext("A whole number of open cases from %(low)s to "
                                               "%(high)s.") % {"low": low, "high": high})  # fmt: skip
    with transaction.atomic():
        record = StaffRecord.objects.select_for_update().filter(user=person).first()
        before = (record.started_on, record.ended_on, record.capacity) if record else None
        after = (started_on, ended_on, capacity)
        if before == after:
            assert record is not None
            return record
        record = record or StaffRecord(user=person)
        record.started_on, record.ended_on, record.capacity = after
        record.save()
        record_change(actor, "staff_record", (
            f"Set {person.display_name}'s staff record: started {started_on}, "
            f"left {ended_on or '-'}, capacity {capacity}."))  # fmt: skip
    return record

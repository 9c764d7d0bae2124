"""Waiting rules: a case waits on the customer only for what is truly theirs to give.

When what a case waits for is ours (a part, a vendor, another team, an internal
department), it is "waiting on us", with the blocker named and, ideally, a
promise date; cases waiting on us without an open promise are listed as a problem.
"""

from datetime import datetime

from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.events import record_event
from rightthere.cases.models import (
    CUSTOMER_REASONS,
    OUR_BLOCKERS,
    Case,
    EventKind,
    Status,
    WaitingReason,
)
from rightthere.core.errors import InvalidInput

WAITING_STATUSES = (Status.WAITING_CUSTOMER, Status.WAITING_US)


def check_waiting_reason(status: str, reason: str) -> str:
    """The reason to store with `status`, or a clear refusal."""
    reason = (reason or "").strip()
    if reason and reason not in WaitingReason.values:
        allowed = ", ".join(WaitingReason.values)
        raise InvalidInput(
            gettext("Unknown waiting reason '%(reason)s'. Use one of: %(allowed)s.")
            % {"reason": reason, "allowed": allowed}
        )
    if status == Status.WAITING_CUSTOMER:
        if not reason:
            raise InvalidInput(
                gettext(
                    "Say what we need from the customer: information, approval, access or payment."
                )
            )
        if reason in OUR_BLOCKERS:
            raise InvalidInput(
                gettext(
                    "“%(reason)s” is ours to chase, not the customer's. "
                    "Set the case to “Waiting on us” and give the customer a date."
                )
                % {"reason": WaitingReason(reason).label}
            )
    elif status == Status.WAITING_US:
        if not reason:
            raise InvalidInput(
                gettext(
                    "Name what we are waiting for: a part, a vendor, another team "
                    "or an internal department."
                )
            )
        if reason in CUSTOMER_REASONS:
            raise InvalidInput(
                gettext(
                    "“%(reason)s” is the customer's to give: "
                    "use “Waiting on customer” so they are reminded."
                )
                % {"reason": WaitingReason(reason).label}
            )
    else:
        return ""
    return reason


def set_waiting(
    case: Case, actor: User | None, reason: str, at: datetime, fields: list[str]
) -> None:
    """Store the reason (or clear it when the case stops waiting), recording the change."""
    if case.waiting_reason == reason:
        return
    before = WaitingReason(case.waiting_reason).label if case.waiting_reason else ""
    case.waiting_reason = reason
    case.waiting_since = at if reason else None
    case.waiting_reminders_sent = 0
    fields += ["waiting_reason", "waiting_since", "waiting_reminders_sent"]
    record_event(case, actor, EventKind.WAITING, field="waiting_reason", before=before,
                 after=WaitingReason(reason).label if reason else "", at=at)  # fmt: skip

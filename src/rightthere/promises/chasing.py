"""The process chases the customer, so nobody has to remember to.

A case waiting on the customer gets a friendly reminder after 2 and 5 business
days (configurable); when there is still no answer a business day after the
last one, the assignee gets a follow-up promise: call them. Runs in the worker
with `now` passed in, and each step happens once (a conditional update on the
case's reminder counter).
"""

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy

from rightthere.cases.business_hours import business_days_after
from rightthere.cases.models import Case, Direction, Message, Status, WaitingReason
from rightthere.core.public_links import base_url
from rightthere.customers.language import speaking_to_case
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import status_url
from rightthere.promises.actions import make_promise
from rightthere.promises.models import PromiseSource

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def reminder_days() -> list[int]:
    return list(settings.RIGHTTHERE.get("WAITING_REMINDER_BUSINESS_DAYS", [2, 5]))


def _claim_step(case: Case, step: int) -> bool:
    return bool(
        Case.objects.filter(
            pk=case.pk, status=Status.WAITING_CUSTOMER, waiting_reminders_sent=step
        ).update(waiting_reminders_sent=step + 1)
    )


# What we need, in the words of a sentence to the customer ("we still need ... from you").
NEEDED_FROM_YOU: "dict[str, StrOrPromise]" = {
    WaitingReason.INFORMATION: pgettext_lazy("we still need ... from you", "some information"),
    WaitingReason.APPROVAL: pgettext_lazy("we still need ... from you", "your approval"),
    WaitingReason.ACCESS: pgettext_lazy(
        "we still need ... from you", "access to the site or device"
    ),
    WaitingReason.PAYMENT: pgettext_lazy("we still need ... from you", "your payment"),
}
# A blank line ends a sentence too: "Hello Ada," is not part of the question after it.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
_ASKING = re.compile(r"^(please|could you|can you|would you|we need|we still need)\b", re.I)


def what_we_asked(text: str, limit: int = 3) -> list[str]:
    """The questions and requests in a reply of ours, as the customer read them
    (quoted lines left out): what a reminder repeats so the customer knows what to send."""
    own_lines = "\n".join(
        line.strip() for line in text.splitlines() if not line.lstrip().startswith(">")
    )
    sentences = (" ".join(s.split()) for s in _SENTENCE_END.split(own_lines))
    return [s for s in sentences if s.endswith("?") or _ASKING.match(s)][:limit]


def _last_request(case: Case) -> Message | None:
    """The last reply a person of ours sent the customer on this case."""
    return (
        case.messages.filter(direction=Direction.OUTBOUND, automatic=False)
        .order_by("-created_at", "-id")
        .first()
    )


def answer_wanted_by(case: Case, *, sent: int | None = None) -> datetime | None:
    """When the process acts next on a case waiting on the customer (the next reminder,
    or a person's call after the last), `sent` reminders having gone out (default: the
    case's count): the date the customer is asked to answer by."""
    if case.status != Status.WAITING_CUSTOMER or case.waiting_since is None:
        return None
    days = reminder_days()
    sent = case.waiting_reminders_sent if sent is None else sent
    after = days[sent] if sent < len(days) else days[-1] + 1
    return business_days_after(case.waiting_since, after)


def _remind(case: Case, step: int, now: datetime) -> None:
    request = _last_request(case)
    reply_by = answer_wanted_by(case, sent=step + 1)
    with speaking_to_case(case):
        text = render_to_string(
            "promises/waiting_reminder.txt",
            {
                "case": case,
                "first_name": case.contact.name.split(" ")[0] if case.contact else "",
                "what": NEEDED_FROM_YOU.get(
                    case.waiting_reason, pgettext("we still need ... from you", "an answer")
                ),
                "asked": what_we_asked(request.body_text) if request is not None else [],
                "asked_on": timezone.localtime(request.created_at) if request else None,
                "status_url": status_url(case, base_url()),
                "last": step == len(reminder_days()) - 1,
                "reply_by": timezone.localtime(reply_by) if reply_by is not None else None,
            },
        ).strip()
        send_automatic_message(case, body_text=text, at=now)


def _hand_to_a_person(case: Case, now: datetime) -> None:
    who = case.contact.name if case.contact else case.customer.name
    make_promise(
        case,
        actor=None,
        what=f"Call {who}: no answer about {case.get_waiting_reason_display().lower()}",
        due_at=now + timedelta(hours=4),
        source=PromiseSource.FOLLOW_UP,
        now=now,
    )


def chase_waiting_customers(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    days = reminder_days()
    done = {"reminded": 0, "handed_over": 0}
    waiting = Case.objects.filter(
        status=Status.WAITING_CUSTOMER,
        waiting_since__isnull=False,
        waiting_reminders_sent__lte=len(days),
    ).select_related("contact", "customer")
    for case in waiting:
        step = case.waiting_reminders_sent
        after = days[step] if step < len(days) else days[-1] + 1
        assert case.waiting_since is not None
        if now < business_days_after(case.waiting_since, after):
            continue
        with transaction.atomic():
            if not _claim_step(case, step):
                continue  # another worker took this step
            if step < len(days):
                _remind(case, step, now)
                done["reminded"] += 1
            else:
                _hand_to_a_person(case, now)
                done["handed_over"] += 1
    return done

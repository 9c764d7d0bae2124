"""The process chases the customer, so nobody has to remember to.

A case waiting on the customer gets a friendly reminder after 2 and 5 business
days (configurable); when there is still no answer a business day after the
last one, the assignee gets a follow-up promise: call them. Runs in the worker
with `now` passed in, and each step happens once (a conditional update on the
case's reminder counter).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from rightthere.cases.business_hours import business_days_after
from rightthere.cases.models import Case, Status
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import status_url
from rightthere.promises.actions import make_promise
from rightthere.promises.models import PromiseSource


def reminder_days() -> list[int]:
    return list(settings.RIGHTTHERE.get("WAITING_REMINDER_BUSINESS_DAYS", [2, 5]))


def _claim_step(case: Case, step: int) -> bool:
    return bool(
        Case.objects.filter(
            pk=case.pk, status=Status.WAITING_CUSTOMER, waiting_reminders_sent=step
        ).update(waiting_reminders_sent=step + 1)
    )


def _remind(case: Case, step: int, now: datetime) -> None:
    text = render_to_string(
        "promises/waiting_reminder.txt",
        {
            "case": case,
            "first_name": case.contact.name.split(" ")[0] if case.contact else "",
            "what": case.get_waiting_reason_display().lower(),
            "status_url": status_url(case, settings.RIGHTTHERE["BASE_URL"]),
            "last": step == len(reminder_days()) - 1,
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

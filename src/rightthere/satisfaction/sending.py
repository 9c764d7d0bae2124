"""Asking the customer to rate a solved case, once, after CSAT_DELAY_HOURS.

Run every few minutes by the worker (jobs.periodic). Idempotent: the request
row is unique per case and is written in the same transaction as the message,
under a lock on the case, so a case is asked once however often (or however
concurrently) the job runs.
"""

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.core.errors import CaseError
from rightthere.core.public_links import base_url
from rightthere.customers.language import speaking_to_case
from rightthere.outbox.delivery import send_automatic_message
from rightthere.recovery.models import Recovery
from rightthere.satisfaction.actions import RATEABLE_STATUSES
from rightthere.satisfaction.links import rating_url
from rightthere.satisfaction.models import Rating, SatisfactionAnswer, SatisfactionRequest
from rightthere.satisfaction.timing import ask_delay, ask_within, change_period

logger = logging.getLogger(__name__)
BATCH = 200


def due_cases(now: datetime) -> QuerySet[Case]:
    """Solved or closed at least the delay ago (and not too long ago), with an
    e-mail address, never asked and not rated already on the status page."""
    return (
        Case.objects.filter(
            status__in=RATEABLE_STATUSES,
            solved_at__lte=now - ask_delay(),
            solved_at__gte=now - ask_delay() - ask_within(),
            contact__isnull=False,
        )
        .exclude(contact__email="")
        # A complaint has its own satisfaction step in the recovery playbook.
        .exclude(Exists(Recovery.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(SatisfactionRequest.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(SatisfactionAnswer.objects.filter(case=OuterRef("pk"))))
        .order_by("solved_at", "id")
    )


def request_bodies(case: Case) -> tuple[str, str]:
    """The question in plain text and HTML, each with the two one-click links."""
    base = base_url()
    contact = case.contact
    context = {
        "case": case,
        "first_name": contact.name.split(" ")[0] if contact and contact.name else "",
        "good_url": rating_url(case, Rating.GOOD, base),
        "bad_url": rating_url(case, Rating.BAD, base),
        "change_days": change_period().days,
    }
    with speaking_to_case(case):
        text = render_to_string("satisfaction/request.txt", context).strip()
        html = render_to_string("satisfaction/request.html", context).strip()
    return text, html


@transaction.atomic
def ask_customer(case: Case, *, now: datetime) -> SatisfactionRequest | None:
    """Send the one question with its two links; None if the case is not (or no longer) due."""
    locked = due_cases(now).select_for_update(of=("self",)).filter(pk=case.pk).first()
    if locked is None:  # reopened, rated or asked since it was picked
        return None
    try:
        with transaction.atomic():
            request = SatisfactionRequest.objects.create(case=locked, sent_at=now)
    except IntegrityError:  # another worker got there first
        return None
    text, html = request_bodies(locked)
    request.message = send_automatic_message(locked, body_text=text, body_html=html, at=now)
    request.save(update_fields=["message"])
    return request


def send_due_requests(now: datetime | None = None) -> int:
    """Ask every customer whose case is due; returns how many were asked."""
    now = now or timezone.now()
    asked = 0
    for case in list(due_cases(now).only("pk")[:BATCH]):
        try:
            asked += ask_customer(case, now=now) is not None
        except CaseError as error:  # one bad case must not stop the others
            logger.warning("Could not ask for satisfaction on case %s: %s", case.pk, error)
    return asked

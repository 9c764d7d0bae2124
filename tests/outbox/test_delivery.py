"""Customer mail: acknowledgement, replies with threading headers, retries, failures."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from rightthere.cases.models import CaseEvent, Direction
from rightthere.desk import messages as desk_messages
from rightthere.outbox.acknowledgement import acknowledge_new_case
from rightthere.outbox.models import DeliveryStatus, OutboundMail
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_agent_reply_is_mailed_with_reference_and_threading_headers(agent, run_tasks):
    case = make_case(subject="Boiler bangs")
    desk_messages.add_message(
        case, actor=agent, direction=Direction.OUTBOUND, body_text="Coming at 9."
    )
    desk_messages.add_message(
        case, actor=agent, direction=Direction.OUTBOUND, body_text="On my way."
    )

    run_tasks()

    first, second = mail.outbox
    assert first.subject == f"Boiler bangs [{case.reference}]"
    assert first.to == [case.contact.email]
    assert "Coming at 9." in first.body
    assert "/s/" in first.body
    assert first.alternatives[0][1] == "text/html"
    assert second.extra_headers["In-Reply-To"] == first.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"] in second.extra_headers["References"]
    assert OutboundMail.objects.filter(status=DeliveryStatus.SENT).count() == 2


def test_internal_note_is_never_mailed(agent, run_tasks):
    case = make_case()
    desk_messages.add_message(case, actor=agent, direction=Direction.NOTE, body_text="Between us")

    run_tasks()

    assert mail.outbox == []


def test_acknowledgement_names_a_person_and_a_date_and_does_not_stop_the_clock(agent, run_tasks):
    case = make_case(subject="Fridge warm", assignee=agent)

    message = acknowledge_new_case(case)
    run_tasks()

    case.refresh_from_db()
    due = timezone.localtime(case.first_response_due)
    body = mail.outbox[0].body
    assert (
        f"{agent.first_name} will answer you by {due:%A} {due.day} {due:%B} at {due:%H:%M}" in body
    )
    assert "get back to you" not in body
    assert "/s/" in body
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-replied"
    assert message.automatic
    assert case.first_responded_at is None
    assert case.status == "new"


def test_held_when_no_mail_server_is_configured(agent, run_tasks, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": False}
    case = make_case()
    desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text="Hello")

    run_tasks()

    assert mail.outbox == []
    assert OutboundMail.objects.get().status == DeliveryStatus.HELD


class BrokenSMTP:
    """Stands in for an unreachable mail server (the outside world)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused by smtp.example.com")


def test_failed_send_is_retried_later_then_shown_on_the_case(agent, as_user, run_tasks, settings):
    settings.EMAIL_BACKEND = "tests.outbox.test_delivery.BrokenSMTP"
    case = make_case()
    desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text="Hello")

    run_tasks()
    outbound = OutboundMail.objects.get()
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert outbound.status == DeliveryStatus.RETRYING
    assert "Connection refused" in outbound.last_error
    assert retry.run_after > timezone.now()

    for _ in range(4):  # the worker runs each retry when it falls due
        DBTaskResult.objects.filter(status="READY").update(
            run_after=timezone.now() - timedelta(seconds=1)
        )
        run_tasks()

    outbound.refresh_from_db()
    assert outbound.status == DeliveryStatus.FAILED
    assert outbound.attempts == 5
    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Failed to " + case.contact.email in page
    assert CaseEvent.objects.filter(case=case, kind="delivery").exists()


def test_a_sent_mail_is_never_sent_twice(agent, run_tasks):
    from rightthere.outbox.delivery import deliver

    case = make_case()
    desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text="Once")
    run_tasks()

    assert deliver(OutboundMail.objects.get().pk) == "skipped"
    assert len(mail.outbox) == 1


def test_outbox_page_shows_what_customers_received(agent, as_user, run_tasks):
    case = make_case()
    desk_messages.add_message(
        case, actor=agent, direction=Direction.OUTBOUND, body_text="See you at 9"
    )
    run_tasks()

    page = as_user(agent).get(reverse("outbox")).content.decode()

    assert "See you at 9" in page
    assert case.reference in page


def test_outbox_page_is_for_owners_and_agents_only(technician, as_user):
    assert as_user(technician).get(reverse("outbox")).status_code == 403

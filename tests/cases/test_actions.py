from datetime import UTC, datetime

import pytest

from rightthere.cases import actions
from rightthere.cases.models import CaseEvent, Direction, Status
from rightthere.cases.search import search_case_ids
from rightthere.core.errors import InvalidInput, NotAllowed, StaleVersion
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_opening_a_case_records_event_due_times_and_first_message():
    case = make_case(subject="Leaking tap", body="The kitchen tap drips.")

    assert case.reference == f"RT-{case.pk:06d}"
    assert case.first_response_due is not None
    assert case.resolution_due > case.first_response_due
    assert case.next_due_at == case.first_response_due
    assert list(case.events.values_list("kind", flat=True)) == ["created", "message", "promise"]
    assert case.messages.get().body_text == "The kitchen tap drips."


def test_first_reply_stops_first_response_clock_and_opens_case(agent):
    case = make_case()

    desk_messages.add_message(
        case, actor=agent, direction=Direction.OUTBOUND, body_text="On our way."
    )
    case.refresh_from_db()

    assert case.first_responded_at is not None
    assert case.status == Status.OPEN
    assert case.next_due_at == case.resolution_due


def test_every_change_is_an_append_only_event(agent, owner):
    case = make_case()

    casework.assign_case(case, actor=owner, assignee=agent)
    actions.change_priority(case, actor=owner, priority="urgent")
    casework.change_status(case, actor=agent, status=Status.WAITING_US, waiting_reason="part")

    events = list(case.events.values_list("kind", "before", "after"))
    assert ("assignee", "", agent.display_name) in events
    assert ("priority", "Normal", "Urgent") in events
    assert ("status", "New", "Waiting on us") in events
    assert any(kind == "due" for kind, _, _ in events)
    event = CaseEvent.objects.filter(case=case).first()
    with pytest.raises(Exception, match="append-only"):
        event.save()
    with pytest.raises(Exception, match="append-only"):
        event.delete()


def test_stale_version_is_refused(agent):
    case = make_case()
    seen_version = case.version
    casework.change_status(case, actor=agent, status=Status.OPEN, expected_version=seen_version)

    with pytest.raises(StaleVersion):
        casework.change_status(
            case, actor=agent, status=Status.SOLVED, expected_version=seen_version
        )


def test_technician_cannot_assign(technician, agent):
    case = make_case(assignee=technician)

    with pytest.raises(NotAllowed):
        casework.assign_case(case, actor=technician, assignee=agent)


def test_empty_and_oversize_messages_are_refused(agent, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_MESSAGE_CHARS": 100}
    case = make_case()

    with pytest.raises(InvalidInput, match="empty"):
        desk_messages.add_message(case, actor=agent, direction=Direction.NOTE, body_text="   ")
    with pytest.raises(InvalidInput, match="too long"):
        desk_messages.add_message(case, actor=agent, direction=Direction.NOTE, body_text="x" * 101)
    assert case.messages.count() == 1


def test_script_in_html_message_is_sanitised_on_store(agent):
    case = make_case()

    message = desk_messages.add_message(
        case,
        actor=None,
        direction=Direction.INBOUND,
        body_html='<p onclick="steal()">Hi<script>alert(1)</script></p><a href="javascript:x">l</a>',
    )

    assert "<script" not in message.body_html
    assert "onclick" not in message.body_html
    assert "javascript:" not in message.body_html
    assert "Hi" in message.body_text


def test_search_finds_case_by_message_words_and_reference():
    case = make_case(subject="Dishwasher", body="Water pools under the appliance")
    make_case(subject="Printer jam", body="Paper stuck")

    assert search_case_ids("pools") == [case.pk]
    assert search_case_ids("dishwash") == [case.pk]
    assert search_case_ids(case.reference)[0] == case.pk


def test_opened_at_outside_business_hours_counts_from_next_opening(settings):
    from rightthere.cases.models import BusinessHours, PriorityTarget

    for weekday in range(5):
        BusinessHours.objects.create(weekday=weekday, opens="09:00", closes="17:00")
    PriorityTarget.objects.create(priority="normal", first_response_minutes=60,
                                  resolution_minutes=480)  # fmt: skip
    saturday_noon = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    case = make_case(opened_at=saturday_noon)

    from django.utils import timezone

    assert timezone.localtime(case.first_response_due).strftime("%a %H:%M") == "Mon 10:00"
    assert timezone.localtime(case.resolution_due).strftime("%a %H:%M") == "Mon 17:00"

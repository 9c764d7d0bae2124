"""Incoming sentiment: an upset customer raises the case and starts recovery."""

from rightthere.coach.models import CoachSettings, MessageSentiment
from rightthere.desk import messages as desk_messages
from rightthere.inbox import InboxFilters, inbox_cases
from rightthere.recovery.models import StartedBy
from tests.factories import make_case

FURIOUS = (
    "This is absolutely disgraceful. Your engineer never turned up, nobody called, "
    "and I am furious that I wasted a whole day off work. Terrible, awful service."
)


def test_a_very_negative_message_raises_priority_and_makes_a_complaint(agent):
    case = make_case(kind="repair", priority="normal")

    desk_messages.add_message(case, actor=None, direction="inbound", body_text=FURIOUS)

    case.refresh_from_db()
    assert (case.priority, case.kind) == ("high", "complaint")
    assert case.recovery.started_by == StartedBy.SENTIMENT
    assert MessageSentiment.objects.get(message__body_text=FURIOUS).upset
    assert list(inbox_cases(agent, "upset", InboxFilters(), "due")) == [case]


def test_a_second_upset_message_does_not_raise_it_again(db):
    case = make_case(kind="repair", priority="normal")
    desk_messages.add_message(case, actor=None, direction="inbound", body_text=FURIOUS)

    desk_messages.add_message(case, actor=None, direction="inbound", body_text=FURIOUS + " Awful!")

    case.refresh_from_db()
    assert case.priority == "high"


def test_the_owner_can_turn_off_making_it_a_complaint(db):
    CoachSettings.objects.create(upset_marks_complaint=False)
    case = make_case(kind="repair", priority="low")

    desk_messages.add_message(case, actor=None, direction="inbound", body_text=FURIOUS)

    case.refresh_from_db()
    assert (case.priority, case.kind) == ("normal", "repair")


def test_a_calm_message_is_scored_and_changes_nothing(agent):
    case = make_case(kind="repair", priority="normal")

    desk_messages.add_message(
        case, actor=None, direction="inbound", body_text="Thanks, Thursday is fine."
    )

    case.refresh_from_db()
    assert (case.priority, case.kind) == ("normal", "repair")
    assert MessageSentiment.objects.filter(case=case, upset=False).count() == 2
    assert list(inbox_cases(agent, "upset", InboxFilters(), "due")) == []


def test_a_new_case_opened_by_an_upset_customer_is_raised_too(db):
    case = make_case(kind="question", priority="normal", body=FURIOUS)

    assert (case.priority, case.kind) == ("high", "complaint")

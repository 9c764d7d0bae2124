"""Incoming sentiment: a flagged upset customer raises the case; only the owner's
setting (off by default) makes it a complaint on the recovery playbook."""

from rightthere.coach.models import CoachSettings, MessageSentiment
from rightthere.desk import messages as desk_messages
from rightthere.inbox import InboxFilters, inbox_cases
from rightthere.recovery.models import StartedBy
from tests.factories import make_case

FURIOUS = (
    "This is absolutely disgraceful. Your engineer never turned up, nobody called, "
    "and I am furious that I wasted a whole day off work. Terrible, awful service."
)


def test_a_very_negative_message_raises_priority_and_makes_a_complaint_when_the_owner_chose(
    agent,
):
    CoachSettings.objects.create(upset_marks_complaint=True)
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


def test_by_default_a_flag_raises_the_case_but_does_not_make_it_a_complaint(db):
    case = make_case(kind="repair", priority="low")

    desk_messages.add_message(case, actor=None, direction="inbound", body_text=FURIOUS)

    case.refresh_from_db()
    assert (case.priority, case.kind) == ("normal", "repair")
    sentiment = MessageSentiment.objects.get(message__body_text=FURIOUS)
    assert sentiment.level == "flag"
    assert any("turned up" in reason for reason in sentiment.reasons)


def test_a_third_message_without_our_reply_is_read_with_the_case_history(db):
    case = make_case(kind="repair", priority="normal", body="Is the part in yet?")
    desk_messages.add_message(case, actor=None, direction="inbound", body_text="Any news?")

    desk_messages.add_message(case, actor=None, direction="inbound", body_text="Hello? Any news?")

    third = MessageSentiment.objects.get(message__body_text="Hello? Any news?")
    assert third.level in ("suggest", "flag")
    assert "3 messages from them without our reply" in third.reasons


def test_a_calm_description_of_a_fault_is_not_upset(db):
    text = "The boiler is broken and water is leaking from the pipe under it. Can someone come?"
    case = make_case(kind="repair", priority="normal", body=text)

    sentiment = MessageSentiment.objects.get(case=case)
    assert sentiment.level == "none"
    case.refresh_from_db()
    assert case.priority == "normal"


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
    CoachSettings.objects.create(upset_marks_complaint=True)
    case = make_case(kind="question", priority="normal", body=FURIOUS)

    assert (case.priority, case.kind) == ("high", "complaint")

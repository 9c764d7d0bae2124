"""A promise read from a reply reads as a sentence once its date is taken out
(UX audit 2, item 5): the date phrase goes with its preposition and its clock time
("on Wednesday 9 December at 15:30"), no stray space before a comma, and a time said
after the date (", 17:00") is the promise's time, not part of what we do."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from rightthere.cases.models import BusinessHours
from rightthere.coach.commitments import read_commitments
from tests.factories import make_case

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)  # Monday 7 December
# The desk closes at 18:00 on weekdays: a time said in the reply wins over closing time.
LATE_CLOSE = {day: [(time(8), time(18))] for day in range(5)}

TARA = (
    "Tara will come on Wednesday 9 December at 15:30 and check the pump and expansion "
    "vessel at no charge."
)
WAYS = (
    "I'll send you a few ways to put it right within the hour, and there will be no charge "
    "for any of them."
)
GET_BACK = "No problem, we'll get back to you by Wednesday 9 December, 17:00."


def test_the_date_goes_with_its_preposition_and_time():
    (found,) = read_commitments(TARA, now=NOW, periods=LATE_CLOSE)

    assert found.what == "have Tara come and check the pump and expansion vessel at no charge"
    assert found.due == datetime(2026, 12, 9, 15, 30, tzinfo=LONDON)


def test_no_space_is_left_before_a_comma():
    (found,) = read_commitments(WAYS, now=NOW, periods=LATE_CLOSE)

    assert found.what == (
        "send you a few ways to put it right, and there will be no charge for any of them"
    )


def test_a_time_after_the_date_is_the_due_time_not_part_of_what():
    (found,) = read_commitments(GET_BACK, now=NOW, periods=LATE_CLOSE)

    assert found.what == "get back to you"
    assert found.due == datetime(2026, 12, 9, 17, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("reply", "what", "due"),
    [
        ("We will call you on Friday 11 December at 10:00 to confirm.", "call you to confirm",
         datetime(2026, 12, 11, 10, 0, tzinfo=LONDON)),
        ("We'll send the quote by Thursday 10 December 14:00 and book the fitting.",
         "send the quote and book the fitting", datetime(2026, 12, 10, 14, 0, tzinfo=LONDON)),
        ("Sam will ring you tomorrow at 9:30 , then pop round.", "have Sam ring you, then pop round",
         datetime(2026, 12, 8, 9, 30, tzinfo=LONDON)),
    ],
)  # fmt: skip
def test_other_dates_and_times_are_cut_cleanly(reply, what, due):
    (found,) = read_commitments(reply, now=NOW, periods=LATE_CLOSE)

    assert (found.what, found.due) == (what, due)


@pytest.fixture
def monday_seventh(monkeypatch):
    """The clock reads Monday 7 December 2026, 10:00 in London (so "Wednesday 9 December"
    is still to come whenever the suite runs)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.mark.django_db
def test_the_chip_after_accepting_the_date_suggestion_agrees_with_the_promise_fields(
    agent, client, monday_seventh
):
    """The reply-check suggestion fills "by" with 17:00 (and writes ", 17:00" in the
    reply); the chip read the same reply as "get back to you, 17:00" by closing time."""
    for day in range(5):
        BusinessHours.objects.create(weekday=day, opens=time(8), closes=time(18))
    client.force_login(agent)
    case = make_case(assignee=agent)

    chip = client.post(
        reverse("coach_promise_read"), {"body": GET_BACK, "case": str(case.pk)}
    ).content.decode()

    assert "We will <strong>get back to you</strong> by" in chip
    assert "Wednesday 9 Dec, 17:00" in chip
    assert 'data-due="2026-12-09T17:00"' in chip
    assert "18:00" not in chip

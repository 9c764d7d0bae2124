"""What is stored when a reply is sent reads as a sentence (UX audit 2, item 5): the
date goes with its preposition and its time, and a time after the date is the
promise's time."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from rightthere.cases.models import BusinessHours
from rightthere.desk.messages import send_reply
from rightthere.promises.models import PromiseSource
from tests.factories import make_case

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)  # Monday 7 December


@pytest.fixture
def monday_seventh(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    for day in range(5):  # closing at 18:00: a time said in the reply wins over it
        BusinessHours.objects.create(weekday=day, opens=time(8), closes=time(18))
    return NOW


def stored(case):
    return [
        (p.what, timezone.localtime(p.due_at))
        for p in case.promises.filter(source=PromiseSource.READ_FROM_REPLY)
    ]


@pytest.mark.parametrize(
    ("reply", "what", "due"),
    [
        # a named colleague's visit: the date goes with "on" and "at 15:30"
        ("Dear Mia, I'm sorry the banging is back. Tara will come on Wednesday 9 December at "
         "15:30 and check the pump and expansion vessel at no charge. Olivia",
         "have Tara come and check the pump and expansion vessel at no charge",
         datetime(2026, 12, 9, 15, 30, tzinfo=LONDON)),
        # the reply check's suggested date: its time is the promise's (not closing time)
        ("I'm sorry we let you down. No problem, we'll get back to you by Wednesday 9 "
         "December, 17:00.", "get back to you", datetime(2026, 12, 9, 17, 0, tzinfo=LONDON)),
        # no space before the comma the date leaves behind
        ("I'm sorry. I'll send you a few ways to put it right within the hour, and there will "
         "be no charge for any of them.",
         "send you a few ways to put it right, and there will be no charge for any of them",
         datetime(2026, 12, 7, 11, 0, tzinfo=LONDON)),
    ],
)  # fmt: skip
def test_the_stored_promise_reads_without_its_date(agent, monday_seventh, reply, what, due):
    case = make_case(assignee=agent)

    send_reply(case, actor=agent, body_text=reply)

    assert stored(case) == [(what, due)]

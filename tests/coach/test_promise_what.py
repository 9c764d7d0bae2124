"""What a promise read from a reply says, as shown after "We will" on the chip, the
promises panel and the customer's status page, whoever the reply names as doing it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rightthere.coach.commitments import read_commitments

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("reply", "what"),
    [
        ("We will send the engineer by Friday.", "send the engineer"),
        ("I'll ring you on Monday at 11.", "ring you"),
        ("I will call you back tomorrow at 10:30 to confirm.", "call you back to confirm"),
        # someone else does it: still our promise, read after "We will"
        ("Sam will call you tomorrow at 10.", "have Sam call you"),
        ("The engineer will come on Friday.", "have the engineer come"),
        ("The engineer is coming on Thursday at 2pm.", "have the engineer come"),
        ("He will be with you by 5pm tomorrow.", "have him be with you"),
        ("You'll get the quote by Friday.", "make sure you get the quote"),
    ],
)
def test_the_promise_reads_after_we_will(reply, what):
    (found,) = read_commitments(reply, now=NOW)
    assert found.kind == "dated"
    assert found.what == what

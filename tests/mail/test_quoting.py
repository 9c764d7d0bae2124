"""What a person wrote this time, without the history their mail program quoted."""

import pytest

from rightthere.mail.quoting import trim_reply


@pytest.mark.parametrize(
    "text",
    [
        "Yes, Thursday works.\n\nOn Mon, 3 Mar 2025 at 10:30, Support <s@x.test> wrote:\n> old",
        "Yes, Thursday works.\n\nOn Mon, 3 Mar 2025 at 10:30, Support <s@x.test>\nwrote:\n> old",
        "Yes, Thursday works.\n\nAm 03.03.2025 um 10:30 schrieb Support <s@x.test>:\n> alt",
        "Yes, Thursday works.\n\nLe lun. 3 mars 2025, Support <s@x.test> a écrit :\n> vieux",
        "Yes, Thursday works.\n\n-----Original Message-----\nFrom: Support\nold",
        "Yes, Thursday works.\n\nFrom: Support <s@x.test>\nSent: Monday\nTo: Jo\nSubject: x\n\nold",
        "Yes, Thursday works.\n\n> old line\n> another old line\n",
        "Yes, Thursday works.\n-- \nJo Bloggs\n12 Mill Lane",
        "Yes, Thursday works.\n\nSent from my iPhone",
    ],
)
def test_quoted_history_and_signature_are_cut(text):
    assert trim_reply(text) == "Yes, Thursday works."


def test_inline_answers_between_quotes_are_kept_whole():
    text = "> Which day suits you?\nThursday.\n> And the time?\nMorning."

    assert trim_reply(text) == text


def test_a_mail_that_is_only_a_quote_is_kept_whole():
    text = "> Which day suits you?\n> And the time?"

    assert trim_reply(text) == text


def test_forwarded_history_is_kept():
    text = "FYI\n\n-----Original Message-----\nFrom: Neighbour\nThe gate is stuck."

    assert trim_reply(text, keep_history=True) == text

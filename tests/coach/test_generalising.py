"""Rules that generalise beyond the sentences they were written on (issue #18): capitals
and "!!" by what the word is, imperatives found at a sentence's start, blame in the
passive, kind-sounding customer work, excuses given as information, harsh set phrases.
Each text below is new wording, not a sentence of any labelled set."""

from datetime import date

import pytest

from rightthere.coach.check import check_reply
from rightthere.coach.patterns import parse_pattern, tokenize

WEDNESDAY = date(2024, 6, 12)


def categories(text, **options):
    return {f.category for f in check_reply(text, today=WEDNESDAY, **options)}


def test_two_exclamation_marks_are_a_run_and_shout():
    findings = check_reply("Your kitchen is finished!! Enjoy it.", today=WEDNESDAY)

    assert [(f.category, f.text) for f in findings] == [("shouting", "!!")]


@pytest.mark.parametrize(
    "text",
    [
        "The EICR and the PIR are both attached.",
        "We set up UTM tags for the CPC campaign.",
        "Your request is logged as INC-4410.",
    ],
)
def test_capitals_that_are_not_english_words_are_acronyms_not_shouting(text):
    assert "shouting" not in categories(text)


@pytest.mark.parametrize(
    "text",
    ["We DID invoice you on the 3rd.", "I have ALREADY sent the key.", "THAT WAS NOT OUR FAULT."],
)
def test_capitals_that_argue_are_harsh_as_well_as_loud(text):
    assert categories(text) == {"shouting", "harsh_tone"}


def test_capitals_that_warn_are_only_loud():
    assert categories("Do NOT use the shower until tomorrow evening.") == {"shouting"}


def test_an_abbreviation_does_not_end_the_sentence_that_holds_the_date():
    text = "We'll get back to you within three working days, i.e. by Monday 17 June."

    assert "vague_commitment" not in categories(text)


def test_a_start_anchor_matches_only_at_the_start_of_a_sentence():
    pattern = parse_pattern("^ (call|ring) the supplier")
    from rightthere.coach.patterns import match_at

    at_start = tokenize("Thanks. Please ring the supplier.")
    inside = tokenize("We will ring the supplier.")

    assert match_at(pattern, at_start, 3) == 6  # "please" opens the sentence
    assert match_at(pattern, inside, 2) is None

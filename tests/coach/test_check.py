"""What the check says about typical drafts."""

from datetime import date

from rightthere.coach.check import check_reply

THURSDAY = date(2024, 6, 12)  # a Wednesday: the suggested date is Thursday


def categories(text, **options):
    return [f.category for f in check_reply(text, today=THURSDAY, **options)]


def test_no_problem_and_a_vague_time_are_two_findings_with_replacements():
    findings = check_reply("No problem, we'll get back to you soon", today=THURSDAY)

    assert [(f.category, f.text) for f in findings] == [
        ("no_problem", "No problem"),
        ("vague_commitment", "we'll get back to you soon"),
    ]
    assert findings[0].suggestions[0] == "You're welcome"
    assert findings[1].suggestions == ("we'll get back to you by Thursday 13 June, 17:00",)
    assert findings[1].offer_promise


def test_on_a_complaint_no_problem_is_removed_or_turned_into_sorry_not_youre_welcome():
    text = "No problem, we'll get back to you soon"

    on_complaint = check_reply(text, complaint=True, today=THURSDAY)
    thanked = check_reply("Thanks! No problem at all.", today=THURSDAY)

    no_problem = next(f for f in on_complaint if f.category == "no_problem")
    assert no_problem.suggestions == ("", "I'm sorry for the trouble")  # "" = "Remove it"
    assert next(f for f in thanked if f.category == "no_problem").suggestions[0] == (
        "You're welcome"
    )


def test_literal_no_problem_and_a_dated_soon_are_fine():
    assert (
        categories("We found no problem with the boiler. Tom comes soon, on Friday at 9:00.") == []
    )


def test_quoted_customer_words_are_not_our_wording():
    text = "Thanks, booked for Monday 9:00.\n\n> You should have come soon, no problem."

    assert categories(text) == []


def test_a_link_is_not_our_wording_whatever_its_letters_say():
    text = "Follow it at https://desk.example.com/s/aBFFOx-ASAPsoon/ or www.example.com/NOW-WAIT"

    assert categories(text) == []
    assert categories("Please do NOT WAIT: https://desk.example.com/s/x/") == ["shouting"]


def test_on_a_complaint_a_reply_without_apology_is_flagged_at_the_start():
    findings = check_reply("Tom comes Thursday 9:00.", complaint=True, today=THURSDAY)

    assert [(f.category, f.start, f.end) for f in findings] == [("missing_apology", 0, 0)]


def test_capitals_and_three_exclamation_marks_shout_but_acronyms_do_not():
    assert categories("The MOT and VAT invoice are attached. Do NOT drive it!!!") == [
        "shouting",
        "shouting",
    ]


def test_a_harsh_sentence_is_found_by_its_sentiment():
    assert "harsh_tone" in categories("You are a liar and your complaint is a disgrace.")

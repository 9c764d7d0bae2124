"""The scorer gates the shipped rules where their words also fit replies that own the
problem (issue #18, reply check log item 9): a finding of blame, excuse, handing work
over or harsh tone in a reply of two sentences or more stands only when the model also
reads the reply that way, or the finding's own sentence weighs for it. One sentence is
not gated, nor is a pattern an owner added."""

from datetime import date

from rightthere.coach.check import check_reply
from rightthere.coach.rules import rules_for
from rightthere.coach.scorer import load_model

WEDNESDAY = date(2024, 6, 12)
OWNED = (
    "Sorry Jo, the reminder text went to a number we should have updated, so you missed the "
    "appointment. That one's on us: you're booked for Friday at 2 with Sam, no charge."
)


def flagged(text, **options):
    return {f.category for f in check_reply(text, today=WEDNESDAY, **options) if f.level == "flag"}


def test_the_gated_categories_are_the_ones_whose_rules_overreach():
    gated = {c for c, m in load_model().items() if m.rule_gate is not None}

    assert gated == {"excuse", "blame", "customer_work", "harsh_tone"}


def test_a_reply_that_owns_the_mistake_is_not_blaming_though_the_rules_words_are_there():
    assert "blame" in flagged(OWNED, complaint=True, learned=False)  # the rule alone

    assert "blame" not in flagged(OWNED, complaint=True)


def test_a_reply_that_does_blame_the_customer_is_still_flagged():
    text = (
        "Our engineer called at 9 as booked. You weren't in, so the call-out fee stands. "
        "Next time please make sure someone is home."
    )

    assert "blame" in flagged(text, complaint=True)


def test_capitals_in_an_apology_are_shouting_but_not_harsh_nor_handing_work_over():
    text = (
        "I am SO sorry! The wholesaler sent the wrong downlights AGAIN. "
        "I'll be round Weds 9am with the right ones."
    )

    assert {"harsh_tone", "customer_work"} <= flagged(text, complaint=True, learned=False)
    assert flagged(text, complaint=True) == {"shouting", "excuse"}


def test_a_sentence_that_plainly_blames_stands_beside_a_light_reply():
    text = (
        "No problem at all. You should have told us the pressure was low. "
        "We will get back to you on Friday."
    )

    assert "blame" in flagged(text)


def test_one_sentence_is_not_gated():
    assert "excuse" in flagged("We had IT problems on Tuesday.")


def test_a_pattern_an_owner_added_is_never_gated():
    rules = rules_for("en").with_phrases([("blame", "a number we should have", "")])

    findings = check_reply(OWNED, complaint=True, rules=rules, today=WEDNESDAY)

    assert [f.text for f in findings if f.category == "blame"] == ["a number we should have"]
    assert all(f.owner_rule for f in findings if f.category == "blame")

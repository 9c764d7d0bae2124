"""The learned scorer beside the rules (issue #18): loaded once from the package, the
same answer every time, a flag or a suggestion for problems worded in ways the rules
do not name, nothing for clean replies, and the same findings at every door."""

import re
from datetime import date

import pytest

from rightthere.coach.check import check_reply, own_tokens
from rightthere.coach.scorer import MODEL, NOT_LEARNED, load_model, score_reply
from tests.api.conftest import send

WEDNESDAY = date(2024, 6, 12)


def levels(text, **options):
    return {(f.category, f.level) for f in check_reply(text, today=WEDNESDAY, **options)}


def test_the_model_ships_in_the_package_is_small_and_is_read_once():
    models = load_model()

    assert (
        MODEL.stat().st_size < 3_500_000
    )  # 3.1 MB from 10,121 labelled replies (2.5 MB from 7,893, 2.1 MB from 5,396)
    assert set(models) == {
        "excuse", "blame", "vague_commitment", "customer_work", "harsh_tone"
    }  # fmt: skip
    assert not NOT_LEARNED & set(models)
    assert load_model() is models
    for model in models.values():
        assert 0 < model.suggest_at <= model.flag_at <= 1


def test_the_same_reply_gets_the_same_scores_and_findings_every_time():
    text = "Sorry, the van broke down on the way, which held the whole day up for the lads."

    first = score_reply(own_tokens(text), complaint=False)

    assert first == score_reply(own_tokens(text), complaint=False)
    assert check_reply(text, today=WEDNESDAY) == check_reply(text, today=WEDNESDAY)
    assert all(0.0 <= s.probability <= 1.0 for s in first)


def test_training_is_deterministic():
    from benchmarks.train_coach_scorer import Item, train

    from rightthere.coach.scorer import reply_features

    texts = [
        ("We were short-staffed so it slipped.", {"excuse"}),
        ("Thanks, the fitter comes on Friday 14 June at 9:00.", set()),
        ("Our supplier let us down, hence the delay.", {"excuse"}),
        ("Thank you for the photos, they help a lot.", set()),
    ] * 3
    items = [
        Item("own", frozenset(labels), False, frozenset(reply_features(own_tokens(t), False)),
             frozenset())
        for t, labels in texts
    ]  # fmt: skip

    assert train(items, "excuse") == train(items, "excuse")


NEW_WORDING = [
    ("excuse", "Our lorry got held up at the depot all morning, which pushed your delivery back."),
    ("excuse", "Half the team were down with flu, that's why nobody picked it up."),
    ("blame", "The pump failed because it was run dry, which the guide warns against."),
    # Not here any more: "The fitting was damaged because the unit was moved before the
    # sealant set." (who moved it is unsaid): 0.49 against blame's suggestion line of 0.53
    # since that line was set for precision 0.86 (docs/benchmarks.md, reply check item 13).
    ("vague_commitment", "One of the team will pick this up when things quieten down."),
]


@pytest.mark.parametrize(("category", "text"), NEW_WORDING)
def test_a_problem_in_wording_the_rules_do_not_name_gets_at_least_a_suggestion(category, text):
    assert category not in {c for c, _ in levels(text, learned=False)}  # the rules miss it
    found = levels(text)

    assert (category, "flag") in found or (category, "suggestion") in found


@pytest.mark.parametrize(
    "text",
    [
        "Thank you so much for your patience and for the photos, they really helped.",
        "Gary will fit the new valve on Thursday 13 June between 8:00 and 10:00.",
        "You wrote “the engineer never turned up and nobody told us why”; I'm sorry, that "
        "should not have happened. Gary will call you today at 15:00.",
    ],
)
def test_clean_replies_get_no_flag_and_no_suggestion(text):
    assert not [f for f in check_reply(text, today=WEDNESDAY) if f.category != "missing_apology"]


@pytest.mark.parametrize("text", ["No hot water [RT-000002]", "Noted, thanks.", "No heating"])
def test_a_few_words_are_left_to_the_rules(text):
    # "No hot water" once drew a confident learned "no problem": a guess from three words.
    assert check_reply(text, today=WEDNESDAY) == []


MAYBE = "The leak started because the tap was used before the sealant had set."


def test_a_learned_finding_spans_the_sentence_that_weighs_most():
    text = MAYBE + " Np."
    (finding,) = [f for f in check_reply(text, today=WEDNESDAY) if f.category == "blame"]

    assert (finding.category, finding.level) == ("blame", "suggestion")
    assert finding.text == MAYBE == text[finding.start : finding.end]
    assert finding.explanation.startswith("May read as blaming the customer")


def test_without_the_scorer_only_the_rules_speak():
    assert check_reply(MAYBE, learned=False) == []


SAMPLES = [
    "No problem, we'll get back to you soon",
    MAYBE,
    "Half the team were down with flu, that's why nobody picked it up.",
    "Thanks, Gary comes on Thursday 13 June at 9:00.",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_composer_and_the_api_give_the_same_findings(text, agent, client, api_as, shared_case):
    client.force_login(agent)

    page = client.post("/coach/check/", {"body": text, "case": shared_case.pk}).content.decode()
    api = send(api_as(agent), "post", "/api/coach/check", {"text": text, "case_id": shared_case.pk})

    shown = sorted(re.findall(r'data-category="(\w+)" data-level="(\w+)"', page))
    returned = sorted((f["category"], f["level"]) for f in api.json()["findings"])
    assert shown == returned
    assert returned == sorted((f.category, f.level) for f in check_reply(text))


def test_the_composer_shows_suggestions_apart_from_flags(agent, client, shared_case):
    client.force_login(agent)
    text = MAYBE + " Np."

    page = client.post("/coach/check/", {"body": text, "case": shared_case.pk}).content.decode()

    assert page.count('class="coach-finding') == 1  # the flag, in the list of findings
    assert 'class="coach-span"' in page
    assert 'aria-labelledby="reply-check-maybe-title"' in page  # a section of its own
    assert "Worth a second look (less sure)" in page
    assert "Maybe: Blame" in page  # said in words, not only by colour
    assert 'class="coach-span-maybe"' in page
    assert "1 possible one, less sure." in page


# -- upset: the learned model lifts what the signals miss to a suggestion, never a flag --


@pytest.mark.parametrize(
    "text",
    [
        "I've now been waiting since the 3rd for someone to come back to me about the boiler. "
        "Is this how you treat customers?",
        "Is anyone going to actually deal with this or shall I just give up?",
    ],
)
def test_an_upset_message_the_signals_miss_is_suggested_by_the_learned_model(text):
    from rightthere.coach.upset import assess

    assert assess(text, learned=False).level == "none"
    found = assess(text)

    assert found.level == "suggest"  # a suggestion: never a flag, so never a complaint
    assert [r.signal for r in found.reasons] == ["learned"]


@pytest.mark.parametrize(
    "text",
    [
        "Could you let me know when the engineer can come? The boiler is making a ticking noise.",
        "Thanks for sorting the tap so quickly, much appreciated.",
        "Our printer says paper jam but there is no paper stuck. Can someone look at it this week?",
    ],
)
def test_a_calm_message_is_not_lifted(text):
    from rightthere.coach.upset import assess

    assert assess(text).level == "none"


def test_a_flag_inside_a_suggested_sentence_is_the_one_highlighted():
    from rightthere.coach.check import Finding
    from rightthere.coach.views import highlight

    text = "Hello Maria, it is what it is."
    maybe = Finding(0, len(text), "blame", "", level="suggestion")
    flag = Finding(13, 29, "harsh_tone", "", level="flag")

    marked = [(s.text, s.level) for s in highlight(text, [maybe, flag]) if s.finding]

    assert marked == [("it is what it is", "flag")]


ASKS_AGAIN = "Please dig out the original invoice and post a copy to the office."


def test_handing_work_over_needs_a_request_in_our_own_words():
    from dataclasses import replace

    from rightthere.coach.rules import rules_for

    rules = rules_for("en")
    assert check_reply(ASKS_AGAIN, learned=False) == []  # the rules miss it, the scorer does not
    assert ("customer_work", "flag") in levels(ASKS_AGAIN)

    # The same scorer, with a request the reply does not contain: nothing to flag.
    work = rules.get("customer_work")
    strict = replace(rules, categories=tuple(
        replace(c, learned_needs=("kindly",)) if c is work else c for c in rules.categories
    ))  # fmt: skip
    assert check_reply(ASKS_AGAIN, rules=strict) == []
    # The customer's quoted words do not count as our request.
    quoted = "You wrote “please call me back”. Thanks for the photos of the boiler, they helped."
    assert "customer_work" not in {f.category for f in check_reply(quoted)}


def test_a_rule_file_with_an_unreadable_learned_needs_pattern_is_refused():
    from rightthere.coach.rules import RuleFileError, parse_rules

    text = (
        'language = "en"\n[categories.customer_work]\nlabel = "x"\nexplanation = "y"\n'
        'learned_needs = ["please (("]\n'
    )
    with pytest.raises(RuleFileError, match="learned_needs"):
        parse_rules(text)

"""The sentiment analyser's shortcut gives exactly VADER's scores.

`rightthere.coach.sentiment` hands two of VADER's checks only the words they
read instead of the whole text; these tests compare it with the unchanged
analyser on generated texts full of the words those checks look for, and on
every reply of the reply-check's labelled set.
"""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from rightthere.coach.sentiment import _analyser
from tests.coach.test_upset_same_results import texts as guarded_texts

STOCK = SentimentIntensityAnalyzer()
# Negations, the idioms and n-grams VADER checks, boosters, and words with a valence.
WORDS = [
    "not", "never", "no", "nor", "or", "without", "doubt", "least", "at", "very", "so",
    "this", "kind", "of", "sort", "but", "the", "shit", "bomb", "bad", "ass", "yeah",
    "right", "kiss", "death", "to", "die", "for", "bus", "stop", "beating", "heart",
    "good", "great", "terrible", "awful", "love", "hate", "thanks", "please", "problem",
    "extremely", "barely", "isn't", "didn't", "GREAT", "Awful", "engineer", "boiler", "!",
    "?", ":)", "😀", "😡", "and", "again", "fix", "broken", "furious", "happy",
]  # fmt: skip
DATA = Path(__file__).parent / "data"


def _same(text: str) -> bool:
    return _analyser().polarity_scores(text) == STOCK.polarity_scores(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=120))
def test_generated_texts_score_exactly_as_vader(words):
    assert _same(" ".join(words))


def test_every_labelled_reply_scores_exactly_as_vader():
    texts = [
        json.loads(line)["text"]
        for path in sorted(DATA.glob("*.jsonl"))
        for line in path.read_text().splitlines()
        if line.strip()
    ]

    assert len(texts) > 300
    assert all(_same(text) for text in texts)
    assert all(_same(" ".join(texts[n : n + 10])) for n in range(0, len(texts), 10))


def _scored_zero_without_vader(text: str) -> bool:
    return _analyser().can_score(text) or STOCK.polarity_scores(text)["compound"] == 0.0


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["pressure", "vessel", ":(", "(:", "no,", "'ok'"])))
def test_a_text_left_unscored_scores_zero_in_vader(words):
    assert _scored_zero_without_vader(" ".join(words))


def test_every_customer_sentence_left_unscored_scores_zero_in_vader():
    texts = [t for t in guarded_texts() for t in (t, *t.split("."), *t.split("!"))]

    assert sum(1 for text in texts if not _analyser().can_score(text)) > 1000
    assert all(_scored_zero_without_vader(text) for text in texts)

"""The reply check against a labelled set of replies written for it."""

from pathlib import Path

import pytest

from rightthere.coach.evaluation import evaluate, load_examples
from rightthere.coach.rules import CATEGORIES

DATA = Path(__file__).parent / "data"
EXAMPLES = load_examples(DATA)
SCORES = evaluate(EXAMPLES)


def test_the_evaluation_set_has_at_least_300_replies_from_varied_businesses():
    assert len(EXAMPLES) >= 300
    assert len({e.source.split(":")[0] for e in EXAMPLES}) >= 3


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_is_precise_and_finds_what_a_careful_reader_would(category):
    score = SCORES[category]

    assert score.support >= 10
    assert score.precision >= 0.9, f"false alarms: {score.false_alarms}"
    assert score.recall >= 0.85, f"missed: {score.misses}"

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


def test_side_by_side_shows_one_column_group_per_set_and_dashes_for_a_missing_one():
    from rightthere.coach.evaluation import side_by_side

    text = side_by_side(SCORES, columns=[("own", SCORES), ("tuning", SCORES), ("held-out", None)])
    header, rule, first = text.splitlines()[:3]

    assert "tuning P" in header and "held-out R" in header
    assert rule.count("---:") == 9
    assert first.startswith("| no_problem |") and first.endswith("| – | – | – |")

"""Sentiment of a text with vaderSentiment (a lexicon and rules: local, no network).

The compound score runs from -1 (very negative) to +1 (very positive).
"""

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


class _Analyser(SentimentIntensityAnalyzer):
    """VADER with the same scores, without its quadratic cost on long texts.

    For each sentiment word, two of its checks lowercase every word of the text
    but only look at the three words before it (and two after): given just those
    words, with the index moved to match, they return the same valence.
    `tests/coach/test_sentiment.py` compares both analysers on many texts."""

    @staticmethod
    def _negation_check(valence: float, words: list[str], start_i: int, i: int) -> float:
        first = max(0, i - 3)  # the check reads words i-3 to i-1, never before 0
        return float(
            SentimentIntensityAnalyzer._negation_check(
                valence, words[first : i + 1], start_i, i - first
            )
        )

    @staticmethod
    def _special_idioms_check(valence: float, words: list[str], i: int) -> float:
        if i < 3:  # VADER calls it from i = 3 on; below, its negative indexes wrap around
            return float(SentimentIntensityAnalyzer._special_idioms_check(valence, words, i))
        # Reads words i-3 to i+2 (those after i only when they exist).
        return float(
            SentimentIntensityAnalyzer._special_idioms_check(valence, words[i - 3 : i + 3], 3)
        )


@cache
def _analyser() -> SentimentIntensityAnalyzer:
    # Loading the lexicon takes a few tens of milliseconds; do it once per process.
    return _Analyser()


def sentence_score(text: str) -> float:
    """The compound score of one sentence."""
    return float(_analyser().polarity_scores(text)["compound"])


def text_score(text: str, limit: int = 5000) -> float:
    """The compound score of a message: its most negative sentence weighs most.

    A long, polite message with one furious sentence is still an upset customer,
    so the score is the lower of the whole text's and its worst sentence's.
    """
    text = text[:limit]
    sentences = [s for s in text.replace("!", "!.").replace("?", "?.").split(".") if s.strip()]
    worst = min((sentence_score(s) for s in sentences[:60]), default=0.0)
    return min(sentence_score(text), worst)

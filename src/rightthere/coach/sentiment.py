"""Sentiment of a text with vaderSentiment (a lexicon and rules: local, no network).

The compound score runs from -1 (very negative) to +1 (very positive).
"""

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


@cache
def _analyser() -> SentimentIntensityAnalyzer:
    # Loading the lexicon takes a few tens of milliseconds; do it once per process.
    return SentimentIntensityAnalyzer()


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

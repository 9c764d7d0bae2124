"""Sentiment of a text with vaderSentiment (a lexicon and rules: local, no network).

The compound score runs from -1 (very negative) to +1 (very positive).
"""

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer, SentiText


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

    def can_score(self, text: str) -> bool:
        """Whether VADER may give `text` a compound score other than 0. Only a word of its
        lexicon carries a valence (boosters, negations, "but", "least" and punctuation only
        change one); it splits the text on white space and strips each word's punctuation
        as `SentiText` does, after putting an emoji into words, so a text with anything
        but ASCII is always scored. About half of customers' sentences have no such word
        ("The expansion vessel was not checked at the service."): 0.0 without VADER."""
        if not text.isascii():
            return True
        lexicon, strip = self.lexicon, SentiText._strip_punc_if_word
        return any(strip(word).lower() in lexicon for word in text.split())


@cache
def _analyser() -> _Analyser:
    # Loading the lexicon takes a few tens of milliseconds; do it once per process.
    return _Analyser()


def sentence_score(text: str) -> float:
    """The compound score of one sentence."""
    analyser = _analyser()
    return float(analyser.polarity_scores(text)["compound"]) if analyser.can_score(text) else 0.0


def text_score(text: str, limit: int = 5000) -> float:
    """The compound score of a message: its most negative sentence weighs most.

    A long, polite message with one furious sentence is still an upset customer,
    so the score is the lower of the whole text's and its worst sentence's.
    """
    text = text[:limit]
    sentences = [s for s in text.replace("!", "!.").replace("?", "?.").split(".") if s.strip()]
    # A sentence said twice (a quoted thread, a pasted error) is scored once.
    worst = min(map(sentence_score, dict.fromkeys(sentences[:60])), default=0.0)
    return min(sentence_score(text), worst)

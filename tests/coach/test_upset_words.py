"""A message without any of a pattern's words is not searched with it (issue #23): the
words must be in everything the pattern can match, or a finding would be lost."""

import re

from rightthere.coach import upset_phrases
from rightthere.coach.folded_text import FoldedText, case_sensitive, words_of
from tests.coach.test_upset_same_results import texts

PATTERNS = [p for p in vars(upset_phrases).values() if isinstance(p, re.Pattern)]
PATTERNS += upset_phrases.REPEAT + upset_phrases.BROKEN


def test_every_match_holds_one_of_its_patterns_words():
    lowered = [FoldedText(text).lower or "" for text in texts()]
    missed = [
        (pattern.pattern[:40], match.group())
        for pattern in PATTERNS
        if words_of(pattern)
        for text in lowered
        for match in case_sensitive(pattern).finditer(text)
        if not any(word in match.group() for word in words_of(pattern))
    ]

    assert missed == []
    assert sum(1 for pattern in PATTERNS if words_of(pattern)) >= 50


def test_the_words_are_the_plain_text_every_match_needs():
    assert words_of(re.compile(r"\brip-?off\b|\bsolicitors?\b", re.I)) == ("rip", "solicitor")
    assert words_of(re.compile(r"\b(?:no|never) (?:reply|answer)\b", re.I)) == ("reply", "answer")
    assert words_of(re.compile(r"\bstill\s+(?:on|off)\b", re.I)) == ("still",)
    assert "trading standards" in words_of(upset_phrases.LEGAL)


def test_a_pattern_with_nothing_certain_or_blind_to_case_needs_no_words():
    assert words_of(re.compile(r"\b(?:refund|\d+)\b", re.I)) == ()
    assert words_of(re.compile(r"(?:please)?\s+\w+", re.I)) == ()
    assert words_of(re.compile(r"(?i)refund")) == ()
    assert words_of(re.compile(r"(?i:refund)|money back")) == ()

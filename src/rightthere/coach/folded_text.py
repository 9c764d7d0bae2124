"""Searching a text case-blind, fast: the text is folded to lower case once and each
IGNORECASE pattern is searched through its case-sensitive twin (issue #23), what it
finds cut from the text as the customer wrote it. Used by the upset signals
(`coach.upset`) with the phrases of `coach.upset_phrases`.
"""

import re

# By the id of the module-level patterns (hashing a compiled pattern hashes its code).
_CASED: dict[int, re.Pattern[str]] = {}


def case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern without IGNORECASE, for a text already folded to lower case (the
    upset phrases are all written in lower case): Python's re tries each word of an
    alternation character by character, and case-blind comparisons made that some
    twice as slow (13 ms instead of 6 for the ~50 searches of a 3 KB message). Only for
    module-level patterns (`coach.upset_phrases`), which live as long as the process."""
    cased = _CASED.get(id(pattern))
    if cased is None:
        cased = _CASED[id(pattern)] = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    return cased


# What re's IGNORECASE also takes for "i" and "s" besides their capitals.
_FOLD = str.maketrans({"ı": "i", "ſ": "s"})


class FoldedText:
    """A text as the patterns read it: searched once in lower case with `case_sensitive`
    patterns, what they find cut from the text as written. A text whose lower case is
    not as long as itself ("İ") is searched as written, with IGNORECASE: the same
    matches either way."""

    def __init__(self, text: str) -> None:
        self.text = text
        lower = text.lower()
        self.lower = lower.translate(_FOLD) if len(lower) == len(text) else None

    def search(self, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> str:
        """What `pattern` finds in text[start:end] ("" for nothing), as written."""
        span = self.span(pattern, start, end)
        return self.text[start:end][span[0] : span[1]] if span else ""

    def span(
        self, pattern: re.Pattern[str], start: int = 0, end: int | None = None
    ) -> tuple[int, int] | None:
        """Where `pattern` first matches in text[start:end] (relative to `start`)."""
        if self.lower is None:
            match = pattern.search(self.text[start:end])
        else:
            match = case_sensitive(pattern).search(self.lower[start:end])
        return match.span() if match else None

"""Searching a text case-blind, fast: the text is folded to lower case once and each
IGNORECASE pattern is searched through its case-sensitive twin (issue #23), what it
finds cut from the text as the customer wrote it. Used by the upset signals
(`coach.upset`) with the phrases of `coach.upset_phrases`.

Most of those patterns find nothing in most messages, and a regular expression that
opens with a word boundary is tried at every position of the text. So each pattern
first has its words: pieces of plain text one of which is in everything it can match
("solicitor", "trading standards", ... for a threat), read from the pattern's parsed
form (`re._parser`, private). A text that holds none of them is not searched: the same
answer, found in a few substring checks (`in`, in C) instead of a pass of the engine.
"""

import re
from re import _constants, _parser  # type: ignore[attr-defined]  # no stubs; 3.11+
from typing import Any

# By the id of the module-level patterns (hashing a compiled pattern hashes its code).
_CASED: dict[int, re.Pattern[str]] = {}
_WORDS: dict[int, tuple[str, ...]] = {}


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


Needed = frozenset[str] | None  # one of these strings is in every match; None: not known


def _needed(items: list[tuple[Any, Any]]) -> Needed:
    """What a sequence of parsed items needs: the best of what its parts need (a run of
    literal characters, a group, an alternation each of whose branches needs something,
    a repeat taken at least once); anything else (a class, \\s, an optional part, a
    boundary) needs nothing and cuts the run of literal characters."""
    found: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is _constants.LITERAL:
            run += chr(av)
            continue
        if run:
            found.append(frozenset({run}))
            run = ""
        part: Needed = None
        if op is _constants.SUBPATTERN and not av[1] & re.IGNORECASE:  # not (?i:...)
            part = _needed(av[-1])
        elif op is _constants.BRANCH:
            branches = [_needed(branch) for branch in av[1]]
            if all(branches):
                part = frozenset(s for strings in branches if strings for s in strings)
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and av[0] >= 1:
            part = _needed(av[2])
        if part:
            found.append(part)
    if run:
        found.append(frozenset({run}))
    # The longest shortest string, then the fewest: the rarest in a message, the fewest checks.
    return max(found, key=lambda strings: (min(map(len, strings)), -len(strings)), default=None)


def words_of(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Strings one of which is in every match of `pattern` (lower case as the upset phrases
    are written), shortest first, none holding another; () when the pattern needs none.
    Only for module-level patterns, as `case_sensitive`."""
    words = _WORDS.get(id(pattern))
    if words is None:
        parsed = _parser.parse(pattern.pattern, pattern.flags & ~re.IGNORECASE)
        blind = parsed.state.flags & re.IGNORECASE  # a (?i) in the pattern itself
        needed = () if blind else _needed(parsed) or ()
        kept = [w for w in needed if not any(other != w and other in w for other in needed)]
        words = _WORDS[id(pattern)] = tuple(sorted(kept, key=lambda w: (len(w), w)))
    return words


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
            cased, lower = case_sensitive(pattern), self.lower[start:end]
            try:
                words = _WORDS[id(pattern)]
            except KeyError:
                words = words_of(pattern)
            for word in words:
                if word in lower:
                    break
            else:
                if words:
                    return None
            match = cased.search(lower)
        return match.span() if match else None

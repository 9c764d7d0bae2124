"""Where reply-check patterns (`coach.patterns`) match in a text's tokens: one pattern
at a token (`match_at`, `ends_at`), and many patterns at once through an `Index` that
tries each sentence only with the patterns it can match. Pure functions, no database.
"""

from collections.abc import Iterator

from rightthere.coach.patterns import Gap, Node, Optional, Pattern, Start, Word
from rightthere.coach.tokens import Sentence, Token, at_sentence_start, sentences


def _ends(nodes: tuple[Node, ...], tokens: list[Token], i: int) -> Iterator[int]:
    """Every position where `nodes` matched from token i can end."""
    if not nodes:
        yield i
        return
    node, rest = nodes[0], nodes[1:]
    if isinstance(node, Word):
        if i < len(tokens) and not tokens[i].quoted and node.key in tokens[i].keys:
            yield from _ends(rest, tokens, i + 1)
        return
    if isinstance(node, Start):
        if at_sentence_start(tokens, i):
            yield from _ends(rest, tokens, i)
        return
    if isinstance(node, Gap):
        j = i
        for _ in range(node.most + 1):
            yield from _ends(rest, tokens, j)
            if j >= len(tokens) or tokens[j].barrier or tokens[j].quoted:
                return
            j += 1
        return
    if isinstance(node, Optional):
        for end in _ends((node.item,), tokens, i):
            yield from _ends(rest, tokens, end)
        yield from _ends(rest, tokens, i)
        return
    keys = tokens[i].keys if i < len(tokens) else frozenset()
    for option, first in zip(node.options, node.firsts, strict=True):
        if first is not None and not first & keys:
            continue
        for end in _ends(option, tokens, i):
            yield from _ends(rest, tokens, end)


def match_at(pattern: Pattern, tokens: list[Token], i: int) -> int | None:
    """The end of the longest match of a pattern starting at token i (None: no match)."""
    best = None
    for end in _ends(pattern.nodes, tokens, i):
        if end > i and (best is None or end > best):
            best = end
    return best


def ends_at(pattern: Pattern, tokens: list[Token], end: int, floor: int) -> bool:
    """Whether the pattern matches some tokens[start:end] with start >= floor."""
    for start in range(end - 1, max(floor, end - pattern.length) - 1, -1):
        if pattern.first & tokens[start].keys and end in set(_ends(pattern.nodes, tokens, start)):
            return True
    return False


# Words so common that a pattern is not looked up by them (see Index).
COMMON = frozenset(
    "~" + w
    for w in [
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "of",
        "in",
        "on",
        "for",
        "at",
        "by",
        "with",
        "it",
        "this",
        "that",
        "be",
        "have",
        "do",
        "will",
        "would",
        "can",
        "could",
        "should",
        "we",
        "i",
        "you",
        "he",
        "she",
        "they",
        "us",
        "me",
        "our",
        "your",
        "my",
        "their",
        "is",
        "not",
        "no",
        "so",
        "if",
        "as",
        "get",
    ]
)


def _rare_need(pattern: Pattern) -> frozenset[str] | None:
    """The part of a pattern least likely to be in a sentence: the pattern is looked up
    by its keys, so most sentences never try it."""
    needs = [need for need in pattern.needs if need.isdisjoint(COMMON)] or list(pattern.needs)
    return min(needs, key=len) if needs else None


class Index:
    """Patterns by the keys they can start with and by the rarest part they need: a text
    is read once, sentence by sentence, token by token."""

    def __init__(self, patterns: list[tuple[Pattern, object]]) -> None:
        self.entries = patterns
        self.always: list[int] = []
        self.by_need: dict[str, list[int]] = {}
        for number, (pattern, _payload) in enumerate(patterns):
            need = _rare_need(pattern)
            if need is None:
                self.always.append(number)
                continue
            for key in need:
                self.by_need.setdefault(key, []).append(number)
        self.need_keys = frozenset(self.by_need)

    def _live(self, keys: set[str]) -> dict[str, list[int]]:
        """For a sentence's keys, the patterns it can match, by the keys they start with."""
        candidates = set(self.always)
        for key in self.need_keys.intersection(keys):
            candidates.update(self.by_need[key])
        live: dict[str, list[int]] = {}
        for number in sorted(candidates):
            pattern = self.entries[number][0]
            if pattern.possible(keys):
                for key in pattern.first & keys:
                    live.setdefault(key, []).append(number)
        return live

    def matches(
        self, tokens: list[Token], parts: "list[Sentence] | None" = None
    ) -> Iterator[tuple[int, list[tuple[int, Pattern, object]]]]:
        """For each token where patterns match: (token, [(end, pattern, payload)...]),
        longest first, so the caller can take the first its context allows.
        `parts`: the text's `sentences(tokens)`, when the caller has them already."""
        # A match never crosses a sentence's end: each sentence (its closing mark
        # included) is tried only with the patterns whose every part it has.
        for start, end, keys in parts if parts is not None else sentences(tokens):
            live = self._live(keys)
            if live:
                for i in range(start, end):
                    token = tokens[i]
                    if not token.word or token.quoted:
                        continue
                    tried: set[int] = set()
                    found: list[tuple[int, Pattern, object]] = []
                    for key in token.keys:
                        for number in live.get(key, ()):
                            if number in tried:
                                continue
                            tried.add(number)
                            pattern, payload = self.entries[number]
                            stop = match_at(pattern, tokens, i)
                            if stop is not None:
                                found.append((stop, pattern, payload))
                    if found:
                        found.sort(key=lambda f: -f[0])
                        yield i, found

"""Reply-check patterns over words and their lemmas (simplemma), with contractions expanded.

A pattern is written like a phrase, with a few operators (see rules/en.toml):

    we will? (get|come) back to you     a word matches every form of it: "got", "getting"
    =told                               "=" matches this exact form only
    (a b|c)                             either "a b" or "c"; "?" after a word or group: optional
    ...  ...5                           up to 3 (or 5) words of any kind, in the same sentence
    @busy                               any entry of the word set [sets].busy
    ^                                   the start of a sentence (an imperative: "^ call the
                                        supplier", not "we'll call the supplier")

The text is cut into tokens: "we'll" is "we" + "will", "won't" "will" + "not",
"didn't" "did" + "not", "I'm" "I" + "am". A token's lemma comes from simplemma
("were" -> "be", "told" -> "tell"); pronouns keep their own form ("us" is not "we").
Pure functions, no database.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma

WORD = re.compile(r"\d+(?:[.:,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*['’]?|\n|[^\w\s\-]")
SENTENCE_END = frozenset({".", "!", "?", ";", "\n"})
NEGATIONS = frozenset({"not", "never", "no", "nobody", "nothing", "neither", "nor", "without"})
KEEP = frozenset(
    [
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "they",
        "them",
        "their",
        "theirs",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "as",
    ]
)
SUFFIXES = {"'ll": ("will",), "'re": ("are",), "'ve": ("have",), "'m": ("am",),
            "'d": ("would", "had"), "'s": ("'s", "is", "has")}  # fmt: skip
NOT_STEMS = {"won": "will", "wo": "will", "can": "can", "ca": "can", "shan": "shall", "ain": "be"}
DEFAULT_GAP = 3
MAX_GAP = 8


@lru_cache(maxsize=20_000)
def lemma(word: str) -> str:
    """The dictionary form of a lower-case word ("were" -> "be"); pronouns stay as they are."""
    if word in KEEP or not word.isalpha():
        return word
    return simplemma.lemmatize(word, lang="en").lower()


@lru_cache(maxsize=4096)
def is_english_word(word: str) -> bool:
    """Whether a word (in capitals, say) is an English word ("ALREADY") rather than an
    acronym nobody listed ("EICR", "DNO", "UTM")."""
    lower = word.lower().replace("’", "'")
    return any(
        simplemma.is_known(form, lang="en")
        for form in (lower, lower.replace("'", ""), lower.split("'")[0])
        if len(form) > 1
    )


@dataclass(frozen=True)
class Token:
    text: str  # lower case, ’ as '
    keys: frozenset[str]  # "~lemma" for each reading, "=form" for each exact form
    start: int  # where the original word starts and ends (a contraction's parts share it)
    end: int
    word: bool
    quoted: bool = False

    @property
    def barrier(self) -> bool:
        return self.text in SENTENCE_END


def _keys(*forms: str) -> frozenset[str]:
    return frozenset({"=" + f for f in forms} | {"~" + lemma(f) for f in forms})


def _split(word: str) -> list[tuple[str, ...]]:
    """The readings of each part of one written word: "we'll" -> [("we",), ("will",)]."""
    if word == "cannot":
        return [("can",), ("not",)]
    if word.endswith("n't") and len(word) > 3:
        stem = word[:-3]
        return [(NOT_STEMS.get(stem, stem),), ("not",)]
    if word == "let's":
        return [("let",), ("us",)]
    for suffix, readings in SUFFIXES.items():
        if word.endswith(suffix) and len(word) > len(suffix):
            return [(word[: -len(suffix)],), readings]
    return [(word.strip("'"),)]


@lru_cache(maxsize=20_000)
def _parts(raw: str) -> tuple[tuple[str, frozenset[str], bool], ...]:
    """(text, keys, word or not) of the tokens of one written word in lower case: worked
    out once per word a process meets, not for each time a message uses it (a 3 KB
    message has some 550 words, most of them common ones)."""
    if not raw[0].isalnum():
        return ((raw, frozenset({"=" + raw}), False),)
    return tuple((readings[0], _keys(*readings), True) for readings in _split(raw))


def tokenize(text: str, quoted: list[tuple[int, int]] | None = None) -> list[Token]:
    """Tokens of a text, contractions expanded; tokens inside `quoted` spans are marked."""
    spans = sorted(quoted or [])
    tokens: list[Token] = []
    for m in WORD.finditer(text):
        start, end = m.span()
        inside = _inside(start, spans)
        for part, keys, word in _parts(m.group().lower().replace("’", "'")):
            tokens.append(Token(part, keys, start, end, word, inside))
    return tokens


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


# -- patterns ----------------------------------------------------------------------------


class PatternError(ValueError):
    """A pattern that cannot be read; the message says where."""


@dataclass(frozen=True)
class Word:
    key: str  # "~lemma" or "=form"


@dataclass(frozen=True)
class Gap:
    most: int


@dataclass(frozen=True)
class Start:
    """The start of a sentence: matches no token, only a position after a sentence end
    (or after "please", "kindly", "just", "so" that open one)."""


@dataclass(frozen=True)
class Optional:
    item: "Node"


@dataclass(frozen=True)
class Either:
    options: tuple[tuple["Node", ...], ...]
    # per option, the keys its first token can have (None: any), to skip it at once
    firsts: tuple[frozenset[str] | None, ...] = ()


def _either(options: tuple[tuple["Node", ...], ...]) -> "Either":
    return Either(options, tuple(_first(o) for o in options))


Node = Word | Gap | Optional | Either | Start
PATTERN_TOKEN = re.compile(r"\s*(\(|\)\??|\||\.\.\.\d*|\^|@[a-z_]+\??|=?[^\s()|?^]+\??)")


@dataclass(frozen=True)
class Pattern:
    source: str
    nodes: tuple[Node, ...]
    first: frozenset[str]  # the keys a match can start with
    length: int = field(default=0)  # most tokens a match can take
    required: frozenset[str] = field(default=frozenset())  # keys every match has
    # for each part every match needs, the keys one of which it must have: a text
    # without any of them cannot match ("(spam|junk)" in a reply that says neither)
    needs: tuple[frozenset[str], ...] = ()

    def possible(self, present: set[str]) -> bool:
        return self.required <= present and all(not need.isdisjoint(present) for need in self.needs)


def parse_pattern(source: str, sets: Mapping[str, tuple[str, ...]] | None = None) -> Pattern:
    """Read a pattern; PatternError says what is wrong with it."""
    sets = sets or {}
    text = source.replace("-", " ").replace("’", "'").strip()
    if not text:
        raise PatternError("the pattern is empty")
    pieces, position = [], 0
    while position < len(text):
        m = PATTERN_TOKEN.match(text, position)
        if not m or not m.group(1):
            raise PatternError(f"cannot read {text[position:].strip()[:20]!r}")
        pieces.append(m.group(1))
        position = m.end()
        if not text[position:].strip():
            break
    nodes, rest = _sequence(pieces, 0, sets, source, depth=0)
    if rest != len(pieces):
        raise PatternError(f"unexpected {pieces[rest]!r}")
    first = _first(nodes)
    if first is None:
        raise PatternError("a pattern must start with a word that is not optional")
    return Pattern(source, nodes, first, _length(nodes), _required(nodes), _needs(nodes))


def _sequence(
    pieces: list[str], i: int, sets: Mapping[str, tuple[str, ...]], source: str, depth: int
) -> tuple[tuple[Node, ...], int]:
    nodes: list[Node] = []
    while i < len(pieces):
        piece = pieces[i]
        if piece == "|" or piece.startswith(")"):
            break
        if piece == "(":
            options, i = _group(pieces, i + 1, sets, source, depth)
            closing = pieces[i - 1]
            node: Node = _either(options)
            nodes.append(Optional(node) if closing.endswith("?") else node)
            continue
        if piece == "^":
            nodes.append(Start())
            i += 1
            continue
        if piece.startswith("..."):
            most = int(piece[3:]) if piece[3:] else DEFAULT_GAP
            if not 1 <= most <= MAX_GAP:
                raise PatternError(f"a gap is 1 to {MAX_GAP} words, not {most}")
            nodes.append(Gap(most))
        elif piece.startswith("@"):
            name = piece[1:].rstrip("?")
            if name not in sets:
                raise PatternError(f"there is no word set @{name}")
            if depth > 3:
                raise PatternError(f"word set @{name} refers to itself")
            options = tuple(_sub(entry, sets, depth + 1) for entry in sets[name])
            either = _either(options)
            nodes.append(Optional(either) if piece.endswith("?") else either)
        else:
            optional = piece.endswith("?") and len(piece) > 1
            word = piece.rstrip("?") if optional else piece
            exact = word.startswith("=")
            form = word[1:] if exact else word
            form = form.lower().replace("’", "'")
            if not form or not re.fullmatch(r"[\w']+|[^\w\s]", form):
                raise PatternError(f"{word!r} is not a word")
            parts = _split(form) if form[0].isalnum() else [(form,)]
            # a mark (",", ".") has no lemma: it matches as written
            words: list[Node] = [
                Word(
                    ("=" + readings[0])
                    if exact or not form[0].isalnum()
                    else ("~" + lemma(readings[0]))
                )
                for readings in parts
            ]
            if optional:
                nodes.append(Optional(_either((tuple(words),))))
            else:
                nodes.extend(words)
        i += 1
    return tuple(nodes), i


def _sub(entry: str, sets: Mapping[str, tuple[str, ...]], depth: int) -> tuple[Node, ...]:
    clean = entry.replace("-", " ").replace("’", "'")
    pieces = [m.group(1) for m in PATTERN_TOKEN.finditer(clean) if m.group(1)]
    nodes, rest = _sequence(pieces, 0, sets, entry, depth)
    if rest != len(pieces) or not nodes:
        raise PatternError(f"cannot read the word set entry {entry!r}")
    return nodes


def _group(
    pieces: list[str], i: int, sets: Mapping[str, tuple[str, ...]], source: str, depth: int
) -> tuple[tuple[tuple[Node, ...], ...], int]:
    options = []
    while True:
        nodes, i = _sequence(pieces, i, sets, source, depth)
        if not nodes:
            raise PatternError("an empty choice in ( | )")
        options.append(nodes)
        if i >= len(pieces):
            raise PatternError("a '(' is not closed")
        if pieces[i] == "|":
            i += 1
            continue
        return tuple(options), i + 1


def _first(nodes: tuple[Node, ...]) -> frozenset[str] | None:
    """Keys the first token of a match can have; None if a match may start anywhere."""
    keys: set[str] = set()
    for node in nodes:
        if isinstance(node, Word):
            return frozenset(keys | {node.key})
        if isinstance(node, Gap):
            return None
        if isinstance(node, Start):
            continue
        if isinstance(node, Either):
            for option in node.options:
                first = _first(option)
                if first is None:
                    return None
                keys |= first
            return frozenset(keys)
        inner = _first((node.item,))
        if inner is None:
            return None
        keys |= inner  # optional: the next node may start the match too
    return None


def _required(nodes: tuple[Node, ...]) -> frozenset[str]:
    """Keys that every match contains: a text without one of them cannot match."""
    keys: set[str] = set()
    for node in nodes:
        if isinstance(node, Word):
            keys.add(node.key)
        elif isinstance(node, Either):
            keys |= frozenset.intersection(*(_required(o) for o in node.options))
    return frozenset(keys)


def _needs(nodes: tuple[Node, ...]) -> tuple[frozenset[str], ...]:
    """Per part that every match needs, the keys one of which it must contain."""
    needs: list[frozenset[str]] = []
    for node in nodes:
        if isinstance(node, Word):
            needs.append(frozenset({node.key}))
        elif isinstance(node, Either):
            keys: set[str] = set()
            for option in node.options:
                inner = _needs(option)
                if not inner:
                    break  # an option that needs nothing in particular
                keys |= min(inner, key=len)
            else:
                needs.append(frozenset(keys))
    return tuple(needs)


def _length(nodes: tuple[Node, ...]) -> int:
    total = 0
    for node in nodes:
        if isinstance(node, Word):
            total += 1
        elif isinstance(node, Gap):
            total += node.most
        elif isinstance(node, Optional):
            total += _length((node.item,))
        elif isinstance(node, Start):
            continue
        else:
            total += max(_length(o) for o in node.options)
    return total


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


OPENERS = frozenset({"please", "kindly", "pls", "plz", "just", "so", "then", "also", "and"})


def at_sentence_start(tokens: list[Token], i: int) -> bool:
    """Whether token i opens a sentence, leaving out "please", "kindly", "just"... and a
    greeting's comma ("Hi Tom, call the supplier")."""
    j = i
    while j > 0 and tokens[j - 1].text in OPENERS:
        j -= 1
    return j == 0 or tokens[j - 1].barrier or tokens[j - 1].text in {":", ","}


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


Sentence = tuple[int, int, set[str]]


def sentences(tokens: list[Token]) -> list[Sentence]:
    """(first token, end, keys of its unquoted tokens) per sentence, its closing mark in it."""
    out: list[Sentence] = []
    start = 0
    while start < len(tokens):
        end = start
        keys: set[str] = set()
        while end < len(tokens):
            if not tokens[end].quoted:
                keys |= tokens[end].keys
            end += 1
            if tokens[end - 1].barrier:
                break
        out.append((start, end, keys))
        start = end
    return out


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

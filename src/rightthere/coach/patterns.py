"""Reply-check patterns over words and their lemmas (simplemma), with contractions expanded.

A pattern is written like a phrase, with a few operators (see rules/en.toml):

    we will? (get|come) back to you     a word matches every form of it: "got", "getting"
    =told                               "=" matches this exact form only
    (a b|c)                             either "a b" or "c"; "?" after a word or group: optional
    ...  ...5                           up to 3 (or 5) words of any kind, in the same sentence
    @busy                               any entry of the word set [sets].busy
    ^                                   the start of a sentence (an imperative: "^ call the
                                        supplier", not "we'll call the supplier")

Reading a pattern (`parse_pattern`) gives a `Pattern` of nodes; `coach.pattern_matching`
finds where patterns match in a text's tokens (`coach.tokens`). Pure functions, no database.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rightthere.coach.tokens import lemma, split_word

DEFAULT_GAP = 3
MAX_GAP = 8


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
            parts = split_word(form) if form[0].isalnum() else [(form,)]
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

"""Words as the reply check reads them: a text cut into tokens, each with its lemmas,
and the sentences they make. No database.

The text is cut into tokens: "we'll" is "we" + "will", "won't" "will" + "not",
"didn't" "did" + "not", "I'm" "I" + "am". A token's lemma comes from simplemma
("were" -> "be", "told" -> "tell"); pronouns keep their own form ("us" is not "we").
A sentence ends at ".", "!", "?", ";" or a new line; "please", "just"... and a
greeting's comma do not stop the next words opening it (`at_sentence_start`).
"""

import re
from dataclasses import dataclass
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


def split_word(word: str) -> list[tuple[str, ...]]:
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
    return tuple((readings[0], _keys(*readings), True) for readings in split_word(raw))


def tokenize(text: str, quoted: list[tuple[int, int]] | None = None) -> list[Token]:
    """Tokens of a text, contractions expanded; tokens inside `quoted` spans are marked."""
    spans = sorted(quoted or [])
    tokens: list[Token] = []
    for m in WORD.finditer(text):
        start, end = m.span()
        inside = bool(spans) and _inside(start, spans)  # a customer's message has none
        for part, keys, word in _parts(m.group().lower().replace("’", "'")):
            tokens.append(Token(part, keys, start, end, word, inside))
    return tokens


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


OPENERS = frozenset({"please", "kindly", "pls", "plz", "just", "so", "then", "also", "and"})


def at_sentence_start(tokens: list[Token], i: int) -> bool:
    """Whether token i opens a sentence, leaving out "please", "kindly", "just"... and a
    greeting's comma ("Hi Tom, call the supplier")."""
    j = i
    while j > 0 and tokens[j - 1].text in OPENERS:
        j -= 1
    return j == 0 or tokens[j - 1].barrier or tokens[j - 1].text in {":", ","}


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

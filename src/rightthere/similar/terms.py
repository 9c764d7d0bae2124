"""Which words of a case say what it is about: the query side of the similar-case lookup.

A case is described by its subject and the start of the customer's first
message. Greetings, sign-offs and filler ("hello", "please", "thanks") appear
in nearly every case and say nothing about it, so they are dropped here,
along with very short tokens and bare numbers (house numbers, years). How
informative each remaining word is, is decided later from the index's own
document frequencies (the rarer, the more it counts).
"""

import re
from dataclasses import dataclass

# Read this much of the first message: the problem is stated at the start,
# and what follows (addresses, availability, signatures) is mostly noise.
FIRST_MESSAGE_CHARS = 600
# Words considered before the rarest are picked (bounds the statistics query).
MAX_CANDIDATE_WORDS = 24
MIN_WORD_CHARS = 3

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# "Hello Rebecca," / "Dear Sir or Madam," on the first line: a name, not the problem.
_GREETING = re.compile(
    r"\A\s*(?:hello|hi|hiya|hey|dear|good (?:morning|afternoon|evening))\b[^\n]{0,60}\n",
    re.IGNORECASE,
)
# A last line of one to four words and no full stop is a signature ("Colin",
# "Kind regards, Ann Lee"); "It leaks." is not.
_SIGNATURE = re.compile(r"\n[ \t]*(?:[^\W\d_]+[ \t,'-]*){1,4}\Z")

_STOP_WORDS = """
    about above after again against all also although always among and another any anybody
    anyone anything are around because been before being below between both but can cannot
    could did does doing done down during each either else even ever every few for from
    further had has have having her here hers herself him himself his how however into its
    itself just least less let many may might mine more most much must myself near neither
    never next nor not nothing now off often once one only onto other others otherwise our
    ours ourselves out over own perhaps please quite rather really same several shall she
    should since some somebody someone something sometimes still such than that the their
    theirs them themselves then there these they thing things this those though through thus
    till too toward towards under until upon very was way were what whatever when whenever
    where whether which while who whoever whole whom whose why will with within without would
    yet you your yours yourself yourselves
    able again already back came come comes get gets getting got going gone know like look
    make makes made need needs now okay put said say see seem seems take tell told try tried
    use used want wanted went yes
    dear hello hey hiya thank thanks cheers regards kind best wishes sincerely morning
    afternoon evening today yesterday tomorrow week soon asap
    monday tuesday wednesday thursday friday saturday sunday
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass(frozen=True)
class QueryWord:
    """A word of the case's text and whether its subject has it (those weigh more)."""

    word: str
    in_subject: bool


def _words(text: str) -> list[str]:
    return [
        token
        for token in (t.lower() for t in _TOKEN.findall(text))
        if len(token) >= MIN_WORD_CHARS and not token.isdigit() and token not in STOP_WORDS
    ]


def strip_greeting(text: str) -> str:
    return _GREETING.sub("", text, count=1)


def message_start(body: str) -> str:
    """The start of a message without its greeting line and a short signature."""
    text = strip_greeting(body[: FIRST_MESSAGE_CHARS + 200])
    if len(body) <= FIRST_MESSAGE_CHARS + 200:  # the signature is only at the very end
        text = _SIGNATURE.sub("", text.rstrip())
    return text[:FIRST_MESSAGE_CHARS]


def query_words(subject: str, first_message: str, identity: str = "") -> list[QueryWord]:
    """The distinct informative words of a case, subject first, in order of appearance.

    Words of `identity` (who asked: names, address) are left out: they find the
    same customer's other cases, not cases about the same problem.
    """
    skip = set(_words(identity))
    seen: dict[str, QueryWord] = {}
    for word in _words(subject):
        if word not in skip:
            seen.setdefault(word, QueryWord(word, in_subject=True))
    for word in _words(message_start(first_message)):
        if word not in skip:
            seen.setdefault(word, QueryWord(word, in_subject=False))
    return list(seen.values())[:MAX_CANDIDATE_WORDS]

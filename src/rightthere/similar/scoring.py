"""Weighing a case's words by rarity and scoring solved cases by the words they share.

The method is a small TF-IDF over the existing full-text index
(`rightthere.cases.search`), so it needs nothing beyond the base install and
works offline:

- each query word weighs its inverse document frequency (a word in one case
  in a thousand says far more than "boiler"), twice as much when it is
  in the subject of the case being looked at (the subject's words
  always take part);
- a solved case scores the sum of the weights of the words it shares,
  three times as much for words in its own subject (a subject sums a case up);
- the rarest words find their cases wherever they are in the history (the
  "rare" branch, bounded by RARE_BUDGET documents), and the newest WINDOW
  cases that share any word are added so a case made only of common words
  still gets neighbours (the "recent" branch). Both are bounded, which keeps
  the lookup fast at a million cases whatever the words.

The weights are here, the same on both databases; the document frequencies
and the two branches are database-specific (`postgres.py`, `sqlite.py`, which
import this module), and `ranking.py` picks the one for the database in use.
"""

import math
from dataclasses import dataclass

from rightthere.cases.models import Status
from rightthere.similar.terms import QueryWord

# Words used per lookup: enough to describe a case, few enough to stay cheap.
MAX_TERMS = 8
# The rare branch takes words, rarest first, while their cases add up to at most this.
RARE_BUDGET = 2000
# The recent branch ranks the newest this many solved cases sharing any word.
WINDOW = 400
SUBJECT_WORD_BOOST = 2.0  # a query word from the subject
SUBJECT_MATCH_BOOST = 3.0  # a word found in the candidate's subject
SOLVED_STATUSES = (Status.SOLVED.value, Status.CLOSED.value)

Param = str | int | float  # a value passed to the database with the SQL


@dataclass(frozen=True)
class Term:
    """A query word with what the index matches (`key`) and how many cases have it."""

    word: str
    key: str  # the PostgreSQL lexeme, or the word itself for SQLite's FTS5 (it stems)
    documents: int
    in_subject: bool
    weight: float


@dataclass(frozen=True)
class Ranked:
    case_id: int
    score: float
    shared_words: list[str]


def idf(documents: int, total: int) -> float:
    """BM25's inverse document frequency: never negative, large for rare words."""
    return math.log(1 + (total - documents + 0.5) / (documents + 0.5))


def weigh(counted: list[tuple[QueryWord, str, int]], total: int) -> list[Term]:
    """Up to MAX_TERMS words: the subject's, then the message's most informative.

    The subject names the problem, so its words always take part however
    common they are; words no other case has are dropped.
    """
    terms: dict[str, Term] = {}
    for query_word, key, documents in counted:
        # The case itself is in the index: one document means nobody else has the word.
        if documents <= 1 or key in terms:
            continue
        boost = SUBJECT_WORD_BOOST if query_word.in_subject else 1.0
        weight = idf(documents, max(total, documents)) * boost
        terms[key] = Term(query_word.word, key, documents, query_word.in_subject, weight)
    ordered = sorted(terms.values(), key=lambda t: (not t.in_subject, -t.weight, t.documents))
    return ordered[:MAX_TERMS]


def rare_terms(terms: list[Term]) -> list[Term]:
    """The rarest words whose cases together stay within RARE_BUDGET."""
    chosen: list[Term] = []
    documents = 0
    for term in sorted(terms, key=lambda t: t.documents):
        documents += term.documents
        if documents > RARE_BUDGET:
            break
        chosen.append(term)
    return chosen


def score_of(matches: dict[str, bool], terms: list[Term]) -> float:
    """`matches`: key -> whether it is in the candidate's subject (absent: not shared)."""
    return sum(
        term.weight * (SUBJECT_MATCH_BOOST if matches[term.key] else 1.0)
        for term in terms
        if term.key in matches
    )

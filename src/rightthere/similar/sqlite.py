"""SQLite side of the lookup: the `case_search` FTS5 table (porter stemming).

FTS5 stems the words itself, so a word is matched as written (quoted, so
that no word is read as an operator). Document frequencies are capped counts
of each word's matches; the score is added up here from one query that says,
for every candidate, which words it shares and whether in its subject. SQLite
is for small desks: this reads each common word's whole list of cases, which
takes some 50 ms at 100,000 cases (PostgreSQL does not need to).
"""

import json

from django.db import connection

from rightthere.similar.scoring import (
    RARE_BUDGET,
    SOLVED_STATUSES,
    WINDOW,
    Param,
    Ranked,
    Term,
    rare_terms,
    score_of,
)
from rightthere.similar.terms import QueryWord

COUNT_CAP = 10_000


def _phrase(word: str) -> str:
    # Words are letters and digits only (terms.py), so quoting needs no escaping.
    return f'"{word}"'


def _fold(word: str) -> str:
    """A rough stem, only to notice that "rains" and "rain" are one word (FTS5 stems both
    alike); never used for matching, so a wrong guess merely drops a word."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def count_documents(words: list[QueryWord]) -> tuple[list[tuple[QueryWord, str, int]], int]:
    """Each word, how many cases have it (up to COUNT_CAP), and the number of cases."""
    folded: dict[str, QueryWord] = {}
    for word in words:
        folded.setdefault(_fold(word.word), word)
    words = list(folded.values())
    if not words:
        return [], 0
    parts = ["(SELECT max(id) FROM cases_case)"]
    params: list[Param] = []
    for word in words:
        parts.append(
            "(SELECT count(*) FROM (SELECT 1 FROM case_search WHERE case_search MATCH %s LIMIT %s))"
        )
        params += [_phrase(word.word), COUNT_CAP]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    total, counts = int(row[0] or 0), row[1:]
    return [(w, w.word, int(n)) for w, n in zip(words, counts, strict=True)], total


def _branch(words: list[str], case_id: int, scope: tuple[str, list[Param]], size: int
            ) -> tuple[str, list[Param]]:  # fmt: skip
    """The newest `size` solved cases matching any of `words` (and the scope, if any)."""
    sql = (
        "SELECT case_search.rowid AS id FROM case_search"
        " JOIN cases_case c ON c.id = case_search.rowid"
        " WHERE case_search MATCH %s AND c.status IN (%s, %s) AND case_search.rowid <> %s"
    )
    params: list[Param] = [" OR ".join(_phrase(w) for w in words), *SOLVED_STATUSES, case_id]
    scope_sql, scope_params = scope
    if scope_sql:
        sql += f" AND c.id IN ({scope_sql})"
        params += scope_params
    sql = f"SELECT id FROM ({sql} ORDER BY case_search.rowid DESC LIMIT %s)"  # noqa: S608
    return sql, [*params, size]


def _candidates(case_id: int, terms: list[Term], scope: tuple[str, list[Param]]) -> list[int]:
    rare = rare_terms(terms)
    branches = []
    if rare:
        branches.append(_branch([t.key for t in rare], case_id, scope, RARE_BUDGET))
    if len(rare) < len(terms):
        branches.append(_branch([t.key for t in terms], case_id, scope, WINDOW))
    sql = " UNION ".join(s for s, _ in branches)
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _, params in branches for p in params])
        return [row[0] for row in cursor.fetchall()]


def rank(case_id: int, terms: list[Term], scope: tuple[str, list[Param]], limit: int
         ) -> list[Ranked]:  # fmt: skip
    ids = _candidates(case_id, terms, scope)
    if not ids:
        return []
    # Which words each candidate shares, and in which column. Each word's list of
    # cases is read from the oldest candidate on and kept if a candidate: the `+`
    # stops SQLite from handing FTS5 one lookup per candidate, which costs far more.
    parts: list[str] = []
    params: list[Param] = [json.dumps(ids)]
    for index, term in enumerate(terms):
        for in_subject, query in ((0, _phrase(term.key)), (1, f"subject : {_phrase(term.key)}")):
            parts.append(
                "SELECT %s, %s, rowid FROM case_search WHERE case_search MATCH %s"
                " AND rowid >= %s AND +rowid IN candidates"
            )
            params += [index, in_subject, query, min(ids)]
    with_candidates = "WITH candidates(id) AS (SELECT value FROM json_each(%s)) "
    sql = with_candidates + " UNION ALL ".join(parts)  # noqa: S608 - parameters only
    matches: dict[int, dict[str, bool]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for index, in_subject, found in cursor.fetchall():
            key = terms[index].key
            shared = matches.setdefault(found, {})
            shared[key] = shared.get(key, False) or bool(in_subject)
    ranked = [
        Ranked(found, score_of(shared, terms), [t.word for t in terms if t.key in shared])
        for found, shared in matches.items()
    ]
    ranked.sort(key=lambda r: (-r.score, -r.case_id))
    return ranked[:limit]

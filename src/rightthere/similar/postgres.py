"""PostgreSQL side of the lookup: the `case_search` tsvector table and its GIN index.

Document frequencies come from the planner's own statistics on that column
(`pg_stats.most_common_elems`, refreshed by autovacuum's ANALYZE), so the
common words cost nothing to weigh; a word missing from them is rarer than
the least common word listed, and is counted on the GIN index, capped.
"""

import re

from django.db import connection

from rightthere.similar.scoring import (
    RARE_BUDGET,
    SOLVED_STATUSES,
    SUBJECT_MATCH_BOOST,
    WINDOW,
    Param,
    Ranked,
    Term,
    rare_terms,
)
from rightthere.similar.terms import QueryWord

COUNT_CAP = 10_000
_LEXEME = re.compile(r"^[^\W_]+$")

LEXEMES_SQL = """
SELECT w.ord, v.lexeme, s.freqs[array_position(s.elems, v.lexeme)],
       (SELECT max(id) FROM cases_case)
FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, ord)
CROSS JOIN LATERAL unnest(to_tsvector('english', w.word)) AS v
LEFT JOIN (
    SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
    FROM pg_stats
    WHERE schemaname = current_schema() AND tablename = 'case_search' AND attname = 'document'
) s ON true
ORDER BY w.ord
"""


# The best `limit` candidates by score, then the words each shares (for those few only).
RANK_SQL = """
SELECT top.case_id, top.score, array_remove(ARRAY[{shared}]::text[], NULL)
FROM (
    SELECT cs.case_id, {score} AS score
    FROM case_search cs JOIN ({candidates}) candidates ON candidates.case_id = cs.case_id
    ORDER BY score DESC, cs.case_id DESC
    LIMIT %s
) top
JOIN case_search cs ON cs.case_id = top.case_id
ORDER BY top.score DESC, top.case_id DESC
"""


def _query(lexemes: list[str], weight: str = "") -> str:
    """A tsquery literal ORing the lexemes (checked to be plain letters and digits)."""
    suffix = f":{weight}" if weight else ""
    return " | ".join(f"'{lexeme}'{suffix}" for lexeme in lexemes)


def count_documents(words: list[QueryWord]) -> tuple[list[tuple[QueryWord, str, int]], int]:
    """Each word's lexeme and about how many cases have it; and the number of cases."""
    if not words:
        return [], 0
    with connection.cursor() as cursor:
        cursor.execute(LEXEMES_SQL, [[w.word for w in words]])
        rows = [row for row in cursor.fetchall() if _LEXEME.match(row[1])]
    if not rows:
        return [], 0
    total = int(rows[0][3] or 0)
    to_count = sorted({lexeme for _, lexeme, freq, _ in rows if freq is None})
    counted: dict[str, int] = {}
    if to_count:
        # One capped count per uncommon lexeme, in a single round trip.
        parts = ["(SELECT count(*) FROM (SELECT 1 FROM case_search"
                 " WHERE document @@ %s::tsquery LIMIT %s) x)"] * len(to_count)  # fmt: skip
        params: list[Param] = []
        for lexeme in to_count:
            params += [_query([lexeme]), COUNT_CAP]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            counted = dict(zip(to_count, cursor.fetchone() or (), strict=True))
    result = []
    for ordinal, lexeme, freq, _ in rows:
        documents = counted[lexeme] if freq is None else round(float(freq) * total)
        result.append((words[ordinal - 1], lexeme, documents))
    return result, total


def prepare_transaction() -> None:
    """For this transaction only: parallel workers start slower than this lookup runs
    on a busy small server, and JIT compiling would cost more than it saves."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('max_parallel_workers_per_gather', '0', true),"
            " set_config('jit', 'off', true)"
        )


def _branch(query: str, case_id: int, scope: tuple[str, list[Param]], size: int
            ) -> tuple[str, list[Param]]:  # fmt: skip
    """The newest `size` solved cases matching `query` (and the scope, if any).

    On a common word PostgreSQL walks the primary key backwards and keeps the
    matches; on a rare one it reads the word's cases from the GIN index.
    """
    sql = (
        "SELECT cs.case_id FROM case_search cs JOIN cases_case c ON c.id = cs.case_id"
        " WHERE cs.document @@ %s::tsquery AND c.status IN (%s, %s) AND cs.case_id <> %s"
    )
    params: list[Param] = [query, *SOLVED_STATUSES, case_id]
    scope_sql, scope_params = scope
    if scope_sql:
        sql += f" AND c.id IN ({scope_sql})"
        params += scope_params
    return f"({sql} ORDER BY cs.case_id DESC LIMIT %s)", [*params, size]  # noqa: S608


def rank(case_id: int, terms: list[Term], scope: tuple[str, list[Param]], limit: int
         ) -> list[Ranked]:  # fmt: skip
    rare = rare_terms(terms)
    branches = []
    if rare:
        branches.append(_branch(_query([t.key for t in rare]), case_id, scope, RARE_BUDGET))
    if len(rare) < len(terms):
        branches.append(_branch(_query([t.key for t in terms]), case_id, scope, WINDOW))
    candidates = " UNION ".join(sql for sql, _ in branches)
    params: list[Param] = [p for _, branch_params in branches for p in branch_params]
    # Score: each shared word's weight, SUBJECT_MATCH_BOOST times it in the candidate's subject.
    score_parts, shared_parts = [], []
    score_params: list[Param] = []
    shared_params: list[Param] = []
    for term in terms:
        score_parts.append(
            "CASE WHEN cs.document @@ %s::tsquery THEN %s"
            " WHEN cs.document @@ %s::tsquery THEN %s ELSE 0 END"
        )
        score_params += [
            _query([term.key], "A"), term.weight * SUBJECT_MATCH_BOOST,
            _query([term.key]), term.weight,
        ]  # fmt: skip
        shared_parts.append("CASE WHEN cs.document @@ %s::tsquery THEN %s END")
        shared_params += [_query([term.key]), term.word]
    sql = RANK_SQL.format(  # noqa: S608 - our own SQL and Django's compiled scope
        shared=", ".join(shared_parts), score=" + ".join(score_parts), candidates=candidates
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*shared_params, *score_params, *params, limit])
        return [Ranked(case_id, float(score), list(words)) for case_id, score, words in cursor]

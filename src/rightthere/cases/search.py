"""Full-text search over case subjects and message bodies.

One search document per case (subject weighted above the messages):
SQLite keeps it in an FTS5 table ranked with bm25; PostgreSQL keeps a
tsvector column with a GIN index ranked with ts_rank_cd. The tables are
created by migration 0002 for whichever database is in use.
"""

import re
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from rightthere.cases.models import Case
from rightthere.cases.models.case import parse_reference

# Other references a case is known by (the ticket number of the desk it was imported
# from, rightthere.moving_in, which registers its lookup when the app is ready):
# text -> case ids.
other_references: list[Callable[[str], list[int]]] = []

MAX_DOCUMENT_CHARS = 200_000
RANK_WINDOW = 1000
TSCONFIG = "english"  # written literally in the SQL below

SQLITE_SCHEMA = [
    "CREATE VIRTUAL TABLE case_search USING fts5(subject, body, tokenize='porter unicode61')",
]
POSTGRES_SCHEMA = [
    # No foreign key on purpose: Django's flush (used between transactional
    # tests and by `rightthere flush`) truncates only its own tables, and a
    # reference would block it. Rows follow their case through the actions.
    "CREATE TABLE case_search (case_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX case_search_document ON case_search USING GIN (document)",
]


def create_schema(schema_editor: object) -> None:
    conn = schema_editor.connection  # type: ignore[attr-defined]
    statements = SQLITE_SCHEMA if conn.vendor == "sqlite" else POSTGRES_SCHEMA
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_schema(schema_editor: object) -> None:
    conn = schema_editor.connection  # type: ignore[attr-defined]
    with conn.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS case_search")


# One statement per (re)index, whatever the case holds: the document is built by
# the database from the case's rows, as `rebuild_index` does for all cases.
# SQLite keeps the subquery's ORDER BY for group_concat (it never flattens an
# ordered subquery into an aggregate, since SQLite ticket #2942).
_SQLITE_INDEX = (
    "INSERT OR REPLACE INTO case_search(rowid, subject, body) SELECT %s,"
    " COALESCE((SELECT subject FROM cases_case WHERE id = %s), ''),"
    " substr(COALESCE((SELECT group_concat(body_text, char(10)) FROM ("
    "   SELECT body_text FROM cases_message WHERE case_id = %s ORDER BY created_at, id)), ''),"
    " 1, %s)"
)
_POSTGRES_INDEX = (
    "INSERT INTO case_search(case_id, document) SELECT %s,"
    " setweight(to_tsvector('english', COALESCE((SELECT subject FROM cases_case WHERE id = %s),"
    " '')), 'A')"
    " || setweight(to_tsvector('english', left(COALESCE((SELECT string_agg(body_text, E'\\n'"
    "   ORDER BY created_at, id) FROM cases_message WHERE case_id = %s), ''), %s)), 'B')"
    " ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document"
)


def index_case(case_id: int) -> None:
    """(Re)build the search document of one case; called by the case actions."""
    sql = _SQLITE_INDEX if connection.vendor == "sqlite" else _POSTGRES_INDEX
    with connection.cursor() as cursor:
        cursor.execute(sql, [case_id, case_id, case_id, MAX_DOCUMENT_CHARS])


def index_new_case(case_id: int, subject: str, first_message: str) -> None:
    """The search document of a case just opened, from what the caller holds in
    memory (its subject and first message), without reading them back."""
    body = first_message[:MAX_DOCUMENT_CHARS]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT OR REPLACE INTO case_search(rowid, subject, body) VALUES (%s, %s, %s)",
                [case_id, subject, body],
            )
        else:
            cursor.execute(
                "INSERT INTO case_search(case_id, document) VALUES (%s,"
                " setweight(to_tsvector('english', %s), 'A')"
                " || setweight(to_tsvector('english', %s), 'B'))"
                " ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document",
                [case_id, subject, body],
            )


def rebuild_index(case_ids_from: int = 0) -> int:
    """Rebuild every search document with set-based SQL (used after bulk loads)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM case_search WHERE rowid >= %s", [case_ids_from])
            cursor.execute(
                "INSERT INTO case_search(rowid, subject, body)"
                " SELECT c.id, c.subject, COALESCE((SELECT group_concat(m.body_text, char(10))"
                "   FROM cases_message m WHERE m.case_id = c.id), '')"
                " FROM cases_case c WHERE c.id >= %s",
                [case_ids_from],
            )
        else:
            cursor.execute("DELETE FROM case_search WHERE case_id >= %s", [case_ids_from])
            cursor.execute(
                "INSERT INTO case_search(case_id, document)"
                " SELECT c.id, setweight(to_tsvector('english', c.subject), 'A')"
                " || setweight(to_tsvector('english', COALESCE(b.body, '')), 'B')"
                " FROM cases_case c LEFT JOIN ("
                "   SELECT case_id, string_agg(body_text, E'\\n' ORDER BY id) AS body"
                "   FROM cases_message WHERE case_id >= %s GROUP BY case_id) b"
                " ON b.case_id = c.id WHERE c.id >= %s",
                [case_ids_from, case_ids_from],
            )
        return cursor.rowcount


_WORD = re.compile(r"\w+", re.UNICODE)


def _fts5_query(text: str) -> str:
    words = _WORD.findall(text)[:12]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"  # the last word may still be being typed
    return " ".join(quoted)


def search_case_ids(
    text: str, *, within: QuerySet[Case] | None = None, limit: int = 50
) -> list[int]:
    """Case ids matching `text`, best first. `within` limits to a visible set."""
    ids: list[int] = []
    if within is not None and within.query.is_empty():
        return ids
    ref = parse_reference(text) if text.strip() else None
    if ref is not None:
        candidates = within if within is not None else Case.objects.all()
        if candidates.filter(pk=ref).exists():
            ids.append(ref)
    for lookup in other_references if text.strip() else ():
        found = lookup(text)
        if found:
            candidates = within if within is not None else Case.objects.all()
            visible = set(candidates.filter(pk__in=found).values_list("pk", flat=True))
            ids += [pk for pk in found if pk in visible and pk not in ids]
    scope_sql = ""
    scope_params: list[str | int] = []
    if within is not None and within.query.where:
        # No ORDER BY in the scope: sorting a technician's ids first cost ~100 ms at 1M.
        inner_sql, inner_params = within.order_by().values("id").query.sql_with_params()
        scope_sql, scope_params = inner_sql, list(inner_params)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            query = _fts5_query(text)
            if not query:
                return ids
            sql = "SELECT rowid FROM case_search WHERE case_search MATCH %s"
            params: list[str | int] = [query]
            if scope_sql:
                sql += f" AND rowid IN ({scope_sql})"
                params += scope_params
            sql += " ORDER BY bm25(case_search, 10.0, 1.0) LIMIT %s"
        else:
            if not _WORD.search(text):
                return ids
            # Rank only the most recent matches: ranking every match of a common
            # word ("boiler") costs seconds at a million cases, while the newest
            # RANK_WINDOW matches are found by walking the primary key backwards.
            inner = (
                "SELECT case_id, document FROM case_search"
                " WHERE document @@ websearch_to_tsquery('english', %s)"
            )
            params = [text]
            if scope_sql:
                inner += f" AND case_id IN ({scope_sql})"
                params += scope_params
            inner += " ORDER BY case_id DESC LIMIT %s"
            params.append(RANK_WINDOW)
            # `inner` is our own SQL plus Django's compiled scope; values are parameters.
            ranking = (
                " ORDER BY ts_rank_cd(document, websearch_to_tsquery('english', %s)) DESC,"
                " case_id DESC LIMIT %s"
            )
            sql = "SELECT case_id FROM (" + inner + ") recent" + ranking  # noqa: S608 - parameters only
            params.append(text)
        params.append(limit)
        if connection.vendor == "sqlite":
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        else:
            rows = _with_custom_plan(cursor, sql, params)
        ids += [row[0] for row in rows if row[0] not in ids]
    return ids


def _with_custom_plan(cursor: Any, sql: str, params: list[str | int]) -> list[tuple[Any, ...]]:
    """Run the full-text statement planned for its own values, every time.

    With prepared statements (settings.py), PostgreSQL keeps a generic plan for a
    statement once it has run often enough with values the generic plan suits: after
    ~45 searches for a common word on one connection, a technician's search for a rare
    word (a customer's name) walked all their cases, 190-320 ms at 1M cases instead of
    18-25 ms (docs/benchmarks.md, "Search by a customer's name"). `SET LOCAL` keeps the
    rule to this statement's transaction; the statement's parse stays prepared.
    Guard: tests/cases/test_search_custom_plan.py."""
    with transaction.atomic(savepoint=False):
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        cursor.execute(sql, params)
        return list(cursor.fetchall())

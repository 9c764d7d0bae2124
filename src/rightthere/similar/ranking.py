"""Ranking solved cases on the database in use: the lookup's entry points.

This module picks the backend by the connection's vendor (`postgres.py` or
`sqlite.py`: document frequencies and the candidate branches are
database-specific) and hands it the weighted words; the method and the weights,
the same on both databases, are in `scoring.py`, which the backends import.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from django.db import connection, transaction
from django.db.models import QuerySet

from rightthere.cases.models import Case
from rightthere.similar import postgres, sqlite
from rightthere.similar.scoring import Param, Ranked, Term
from rightthere.similar.terms import QueryWord


def scope_sql(within: QuerySet[Case]) -> tuple[str, list[Param]]:
    """The visible-cases restriction as SQL ("" when the user sees every case).

    Unordered and unlimited on purpose: PostgreSQL then walks the newest cases
    and keeps the user's as it goes (or, for someone with few cases, reads them
    by their own index), where asking for "their newest N" first would read
    every one of a busy technician's cases from all over the table.
    """
    if not within.query.where:
        return "", []
    sql, params = within.order_by().values("id").query.sql_with_params()
    return sql, list(params)


def _backend() -> ModuleType:
    return postgres if connection.vendor == "postgresql" else sqlite


@contextmanager
def lookup_transaction() -> Iterator[None]:
    """The lookup's queries in one transaction, with the database's settings for it
    (on PostgreSQL: no parallel workers and no JIT, which cost more than they save
    on a query this small on a busy server)."""
    if connection.vendor != "postgresql":  # nothing to set, so no transaction needed
        yield
        return
    with transaction.atomic(savepoint=False):
        _backend().prepare_transaction()
        yield


def count_documents(words: list[QueryWord]) -> tuple[list[tuple[QueryWord, str, int]], int]:
    """Each word with its index key and document count, and the number of cases."""
    counted: tuple[list[tuple[QueryWord, str, int]], int] = _backend().count_documents(words)
    return counted


def rank(case_id: int, terms: list[Term], within: QuerySet[Case], limit: int) -> list[Ranked]:
    """The best `limit` solved cases of `within` (not `case_id` itself), best first."""
    if not terms or within.query.is_empty():
        return []
    ranked: list[Ranked] = _backend().rank(case_id, terms, scope_sql(within), limit)
    return ranked

"""How the figures' queries run on PostgreSQL: without JIT compilation.

PostgreSQL compiles a query to machine code (JIT) when its estimated cost passes
`jit_above_cost`, as aggregates over a large desk's cases do. At a million cases that
compiling took 60-460 ms a query, for queries that run in 50-300 ms: before issue #7 it
was 460 of the 790 ms of the 52-week backlog and 376 of the 425 ms of repeat contacts.
So the figures turn it off for their own transaction (SET LOCAL); every other query
keeps the server's setting.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit() -> Iterator[None]:
    """Run the block's queries without JIT on PostgreSQL; elsewhere just run it (on
    SQLite a transaction would take the write lock for nothing)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield

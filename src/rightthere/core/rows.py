"""One row written as one plain statement: a new row, or some columns of one.

`Model.objects.create()`, `save(update_fields=...)` and `QuerySet.update()`
spend 100-200 µs of Python building a one-row statement that takes ~20 µs on
SQLite. The rows every incoming mail writes (the mail, its case, message,
promise, status link, outgoing mail; a case's new version, the mail's outcome)
are written this way (issue #3, see the mail-ingest section of
docs/benchmarks.md). Values go through each field's own `pre_save` (automatic
dates) and conversion to the database, as the ORM's would; nothing else runs
(signals, a model's own `save()`), so these are only for models without them,
which `tests/cases/test_rows.py` checks for every model written this way.
"""

import functools
from collections.abc import Sequence
from typing import TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


def insert_row(instance: M) -> M:
    """Insert a new instance (INSERT ... RETURNING its key) and mark it saved."""
    insert_rows([instance])
    return instance


def insert_rows(instances: Sequence[Model]) -> None:
    """Insert new instances of one model whose keys the database assigns, in one
    INSERT ... RETURNING their keys (in the order given, as `bulk_create` relies on
    too), and mark them saved."""
    if not instances:
        return
    meta = instances[0]._meta
    key = cast(Field, meta.pk)
    if any(getattr(instance, key.attname) is not None for instance in instances):
        raise ValueError("insert_rows writes new rows, whose keys the database assigns.")
    connection = _connection()
    fields, sql = _insert_statement(type(instances[0]), len(instances), connection.vendor)
    rows = [
        [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
        for instance in instances
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        returned = [row[0] for row in cursor.fetchall()]
    for instance, value in zip(instances, returned, strict=True):
        setattr(instance, key.attname, value)
        instance._state.adding = False
        instance._state.db = connection.alias


def _connection() -> BaseDatabaseWrapper:
    """`django.db.connection` itself, not its proxy: each field's conversion reads the
    connection's `ops` and `features`, and every read through the proxy looks the
    connection up again (~8 Python calls; ~400 of a case opened, #23)."""
    return connections[DEFAULT_DB_ALIAS]


@functools.lru_cache(maxsize=256)
def _insert_statement(model: type[Model], count: int, vendor: str) -> tuple[list[Field], str]:
    """The fields written and the INSERT for `count` new rows of `model` (the same
    text every time, so it is built once; PostgreSQL prepares it once it repeats)."""
    meta = model._meta
    quote = _connection().ops.quote_name
    key = cast(Field, meta.pk)
    fields = [f for f in meta.concrete_fields if f is not key]
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * count)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {marks} "  # noqa: S608 - names from the model
        f"RETURNING {quote(str(key.column))}"
    )
    return fields, sql


def update_row(instance: Model, names: Sequence[str]) -> int:
    """Write the fields `names` of `instance` to its row; returns the rows changed (0 or 1)."""
    meta = instance._meta
    connection = _connection()
    quote = connection.ops.quote_name
    fields = [cast(Field, meta.get_field(name)) for name in names]
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    values = [
        field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields
    ]
    table, key = quote(meta.db_table), quote(str(meta.pk.column))
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, instance.pk])
        return cursor.rowcount

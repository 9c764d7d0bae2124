"""Statements compiled once and run many times with new values.

Django builds the SQL of a queryset anew every time it runs, which for a big
statement (the inbox's view counts: thirteen conditions, subqueries in most)
costs far more than running it. Where the shape of a statement depends only on
the code and a few choices, and the values change from one run to the next (who
is looking, what time it is), the values can be left as `Param`s: the queryset
is compiled once, kept, and each run binds the values by name.

    statement = compile_once(key, lambda: Case.objects.filter(assignee_id=Param("user", IntegerField())))
    sql, params = statement.bind({"user": 7})

A `Param` binds through its field's `get_db_prep_value`, as a plain value in a
filter would be, so the stored SQL and the bound values are what Django would
have sent for the same queryset built with the values themselves.
"""

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, Field, QuerySet
from django.db.models.sql.compiler import SQLCompiler


@dataclass(frozen=True)
class _Slot:
    """Where a named value goes in a compiled statement's parameters."""

    name: str
    field: Field


class Param(Expression):
    """A value given when a compiled statement is run, not when it is built."""

    def __init__(self, name: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self) -> str:
        return f"Param({self.name!r})"

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, Any]:
        return "%s", (_Slot(self.name, self.output_field),)


@dataclass(frozen=True)
class Compiled:
    """SQL with its parameters, some of them slots for named values."""

    sql: str
    params: tuple[Any, ...]

    def bind(self, values: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """The SQL and its parameters, with each slot's value prepared for the database."""
        return self.sql, [
            item.field.get_db_prep_value(values[item.name], connection)
            if isinstance(item, _Slot)
            else item
            for item in self.params
        ]

    @property
    def slots(self) -> set[str]:
        return {item.name for item in self.params if isinstance(item, _Slot)}


def compiled(queryset: QuerySet[Any, Any], *, empty: str = "SELECT 0") -> Compiled:
    """The queryset's SQL; `empty` when Django finds it can match nothing."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return Compiled(empty, ())
    return Compiled(sql, tuple(params))


_statements: dict[Hashable, Compiled] = {}


def compile_once(key: Hashable, build: Callable[[], Compiled]) -> Compiled:
    """The statement stored under `key` (with the database's alias and vendor), built
    the first time it is asked for in this process. The key must name everything
    that changes the SQL's shape; values that change go in `Param`s."""
    full_key = (connection.alias, connection.vendor, key)
    statement = _statements.get(full_key)
    if statement is None:
        statement = _statements[full_key] = build()
    return statement


def compiled_statements() -> dict[Hashable, Compiled]:
    """What is stored, by key (for tests)."""
    return dict(_statements)


def forget_compiled() -> None:
    """Drop every stored statement (for tests that change what the SQL looks like)."""
    _statements.clear()

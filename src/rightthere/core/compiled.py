"""Statements compiled once and run many times with new values.

Django builds the SQL of a queryset anew every time it runs, which for a big
statement (the inbox's view counts: thirteen conditions, subqueries in most)
costs far more than running it. Where the shape of a statement depends only on
the code and a few choices, and the values change from one run to the next (who
is looking, what time it is), the values can be left as `Param`s: the queryset
is compiled once, kept, and each run binds the values by name.

    mine = Case.objects.filter(assignee_id=Param("user", IntegerField())).values("pk")
    statement = compile_once("my cases", lambda: compiled(mine))
    sql, params = statement.bind({"user": 7})

A `Param` binds through its field's `get_db_prep_value`, as a plain value in a
filter would be, so the stored SQL and the bound values are what Django would
have sent for the same queryset built with the values themselves.
`CompiledModels` does the same for a queryset of model instances, and `Inline`
writes a constant of the code into the SQL where PostgreSQL must see it.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, Field, ManyToOneRel, Model, OneToOneRel, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)
T = TypeVar("T")


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

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        return "%s", (_Slot(self.name, self.output_field),)


class Inline(Expression):
    """A constant of the code's own (a status, a state) written into the SQL as a
    literal instead of being sent as a parameter.

    A partial index (`WHERE status IN ('new', ...)`) serves a query only when
    PostgreSQL can see that the query's condition implies the index's. In a
    prepared statement's generic plan it cannot see the values of parameters, so
    the constants that select a partial index must be in the SQL text.
    """

    def __init__(self, value: str) -> None:
        if not value.replace("_", "").isalnum() or not value.isascii():
            raise ValueError(f"Only plain names are written into SQL, not {value!r}.")
        super().__init__()
        self.value = value

    def __repr__(self) -> str:
        return f"Inline({self.value!r})"

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        return f"'{self.value}'", ()


@dataclass(frozen=True)
class Compiled:
    """SQL with its parameters, some of them slots for named values."""

    sql: str
    params: tuple[Any, ...]

    def bind(self, values: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """The SQL and its parameters, with each slot's value prepared for the database."""
        connection = _connection()
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


class CompiledModels(Generic[M]):
    """A queryset of model instances (with what it `select_related`), compiled once:
    each `fetch` runs the stored SQL with new values and builds the instances as
    Django's own iteration does (its converters, `from_db`, related populators, and
    each annotation set on its instance). For plain querysets: annotations only of a
    row's own (such as `Exists`, not an aggregate, which groups), no `values()`, no
    prefetching."""

    def __init__(self, queryset: QuerySet[M]) -> None:
        prefetching: tuple[Any, ...] = getattr(queryset, "_prefetch_related_lookups", ())
        grouping = any(a.contains_aggregate for a in queryset.query.annotations.values())
        if grouping or prefetching or queryset.query.group_by is not None:
            raise ValueError("CompiledModels takes plain querysets of model instances.")
        self._compiler = compiler = queryset.query.get_compiler(using=queryset.db)
        # Compiling fills in what is selected and where each model's columns are.
        sql, params = compiler.as_sql()
        self.statement = Compiled(sql, tuple(params))
        info = compiler.klass_info
        assert info is not None
        self._model: type[M] = info["model"]
        start, end = info["select_fields"][0], info["select_fields"][-1] + 1
        self._columns = slice(start, end)
        self._names = [column[0].target.attname for column in compiler.select[start:end]]
        # (django-stubs describes Django 6's signature, which adds fetch_mode.)
        self._related = get_related_populators(info, compiler.select, queryset.db)  # type: ignore[call-arg]
        # The columns' converters, which `results_iter` works out again on every call
        # (a session with its person and devices: 44 columns, ~200 Python calls; #23).
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        self._converters = compiler.get_converters(fields)
        self._plain = not compiler.has_composite_fields(fields)
        # Where each annotation is in a row, set on the instance by name as Django does.
        self._annotations = list(compiler.annotation_col_map.items())

    def fetch(self, values: Mapping[str, Any]) -> list[M]:
        connection = _connection()
        with connection.cursor() as cursor:
            cursor.execute(*self.statement.bind(values))
            rows = cursor.fetchall()
        if not self._plain:
            converted: Any = self._compiler.results_iter(results=[rows])
        elif self._converters:
            converted = self._compiler.apply_converters(rows, self._converters)
        else:
            converted = rows
        found = []
        alias = connection.alias
        for row in converted:
            instance = self._model.from_db(alias, self._names, row[self._columns])
            for populator in self._related:
                populator.populate(row, instance)
            for name, position in self._annotations:
                setattr(instance, name, row[position])
            found.append(instance)
        return found


_statements: dict[Hashable, Any] = {}


def _connection() -> BaseDatabaseWrapper:
    """`django.db.connection` itself, not its proxy, which looks the connection up again
    on every read (as in core.rows)."""
    return connections[DEFAULT_DB_ALIAS]


def compile_once(key: Hashable, build: Callable[[], T]) -> T:
    """The statement stored under `key` (with the database's alias and vendor), built
    the first time it is asked for in this process. The key must name everything
    that changes the SQL's shape; values that change go in `Param`s."""
    connection = _connection()
    full_key = (connection.alias, connection.vendor, key)
    statement = _statements.get(full_key)
    if statement is None:
        statement = _statements[full_key] = build()
    return statement


def compiled_statements() -> dict[Hashable, Any]:
    """What is stored, by key (for tests)."""
    return dict(_statements)


def forget_compiled() -> None:
    """Drop every stored statement (for tests that change what the SQL looks like)."""
    _statements.clear()


def store_prefetched(
    instances: Iterable[Model],
    relation: str,
    rows: Iterable[Model],
    queryset: QuerySet[Any, Any] | None = None,
) -> None:
    """Each instance's rows of `relation` (the name of a reverse foreign key to its
    primary key) among `rows`, stored as `prefetch_related_objects(instances,
    Prefetch(relation, queryset))` stores them: the related manager's queryset of the
    instance, already evaluated, and each row's foreign key pointing at its instance.
    For rows read at once by a compiled statement (all the rows of one case's
    messages), where `prefetch_related_objects` builds its statement anew with the
    instances' ids. Rows of no given instance are left out."""
    instances = list(instances)
    if not instances:
        return
    rel = instances[0]._meta.get_field(relation)
    assert isinstance(rel, ManyToOneRel) and not isinstance(rel, OneToOneRel), relation
    field = rel.field  # the foreign key, on the rows' model
    assert field.target_field.primary_key, relation
    by_owner: dict[Any, list[Model]] = {}
    for row in rows:
        by_owner.setdefault(getattr(row, field.attname), []).append(row)
    for instance in instances:
        found = by_owner.get(instance.pk, [])
        for row in found:
            if not field.is_cached(row):
                setattr(row, field.name, instance)
        manager = getattr(instance, relation)
        # What Django's prefetch_one_level stores (private: `_apply_rel_filters`,
        # `_result_cache`, `_prefetch_done`, `_prefetched_objects_cache`).
        stored = (
            manager._apply_rel_filters(queryset) if queryset is not None else manager.get_queryset()
        )
        stored._result_cache = found
        stored._prefetch_done = True
        if not hasattr(instance, "_prefetched_objects_cache"):
            instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]
        instance._prefetched_objects_cache[rel.cache_name] = stored  # type: ignore[attr-defined]

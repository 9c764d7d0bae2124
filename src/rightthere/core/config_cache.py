"""A per-process cache of the desk's configuration: what opening a case reads every time.

Business hours, holidays, priority targets, routing rules, checklist templates
and the coach's settings are small tables that owners change a few times a
year, yet opening a case read all of them (six queries of the ~30 it cost).
Each reader keeps its value in a `ConfigCache`, which loads it again:

- at once when a row of one of its models is saved or deleted in this process
  (post_save / post_delete), and again when that transaction commits, so an
  admin change applies to the very next case;
- when the transaction that loaded it rolled back: the value may include rows
  that never existed (tests roll back after every test, for instance);
- when it is older than ``RIGHTTHERE["CONFIG_CACHE_SECONDS"]`` (5 by default,
  0 turns caching off), so other processes (the other web workers, the
  background worker that reads mail) see an admin change within seconds.

Writes that send no signals (`bulk_create`, `QuerySet.update`, raw SQL) are seen
by other processes after that delay; in this process call `clear_all()` after them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from time import monotonic
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

T = TypeVar("T")
DEFAULT_MAX_AGE_SECONDS = 5.0


class _LoadedIn:
    """Registered with on_commit by a load inside a transaction: it has run once
    that transaction committed; gone from the pending hooks when it rolled back."""

    committed = False

    def __call__(self) -> None:
        self.committed = True


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    loaded_at: float
    transaction: _LoadedIn | None = field(default=None)


def _max_age() -> float:
    return float(settings.RIGHTTHERE.get("CONFIG_CACHE_SECONDS", DEFAULT_MAX_AGE_SECONDS))


def _pending_here(hook: _LoadedIn) -> bool:
    """Whether `hook` waits for this thread's current transaction to commit."""
    return any(item[1] is hook for item in connection.run_on_commit)


class ConfigCache(Generic[T]):
    """`load()`'s result, kept until one of `models` changes (see the module docstring)."""

    def __init__(self, load: Callable[[], T], *watched: type[models.Model]) -> None:
        self._load = load
        self._entry: _Entry[T] | None = None
        for model in watched:
            for signal in (post_save, post_delete):
                signal.connect(self._changed, sender=model, weak=False)
        _ALL.append(self)

    def get(self) -> T:
        entry = self._entry
        if entry is not None and self._usable(entry):
            return entry.value
        hook = None
        if connection.in_atomic_block:
            hook = _LoadedIn()
            transaction.on_commit(hook)
        value = self._load()
        self._entry = _Entry(value, monotonic(), hook)
        return value

    def _usable(self, entry: _Entry[T]) -> bool:
        if monotonic() - entry.loaded_at >= _max_age():
            return False
        loaded_in = entry.transaction
        # Loaded in a transaction that has not committed: only that transaction may use it.
        return loaded_in is None or loaded_in.committed or _pending_here(loaded_in)

    def clear(self) -> None:
        self._entry = None

    def _changed(self, **kwargs: Any) -> None:
        self.clear()
        if connection.in_atomic_block:
            # Another thread may load the old rows before this transaction commits.
            transaction.on_commit(self.clear)


_ALL: list["ConfigCache[Any]"] = []


def clear_all(**kwargs: Any) -> None:
    """Forget every cached configuration (after writes that send no signals)."""
    for cache in _ALL:
        cache.clear()


# `flush` (between transactional tests, `rightthere flush`) empties the tables without
# signals, then sends post_migrate.
post_migrate.connect(clear_all, dispatch_uid="rightthere.config_cache.clear_all")

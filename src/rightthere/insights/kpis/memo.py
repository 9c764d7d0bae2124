"""The sets of cases one request's figures share, each fetched once.

Several figures come from the same cases: first response, customer effort and repeat
contacts from the cases opened in the period; backlog, age of open cases, load per
person and resolution time from the cases open at some time in it; the "work
overwhelm" and "rising complaints" signs from the dashboard's backlog and complaints.
A figure function asks its base set from a `Memo`; the dashboard page passes one Memo
to every figure and sign so each set is fetched once per request. A Memo lives for one
request only, so figures are never stale.
"""

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    """What this request has already fetched, by what it was fetched for."""

    def __init__(self) -> None:
        self._found: dict[Hashable, Any] = {}

    def __contains__(self, key: Hashable) -> bool:
        return key in self._found

    def get(self, key: Hashable, fetch: Callable[[], T]) -> T:
        if key not in self._found:
            self._found[key] = fetch()
        found: T = self._found[key]
        return found


def shared(memo: Memo | None, key: Hashable, fetch: Callable[[], T]) -> T:
    """`fetch()` once per memo; without one (a single figure, a test), just `fetch()`."""
    return fetch() if memo is None else memo.get(key, fetch)

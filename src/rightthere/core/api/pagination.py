"""Cursor pagination: a page starts after the last row of the previous one.

The cursor holds the ordering values of that last row, so the database walks
an index from there; no OFFSET and no COUNT(*), whatever the table size.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext

from rightthere.core.errors import InvalidInput

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Key:
    """One column of a unique ordering; the last key must be unique (the id)."""

    field: str
    descending: bool = False
    kind: type = int  # int, str or datetime

    @property
    def order_by(self) -> str:
        return f"-{self.field}" if self.descending else self.field


def paginate(
    queryset: QuerySet[M], keys: Sequence[Key], *, cursor: str | None, limit: int
) -> tuple[list[M], str | None]:
    """One page of `queryset` in `keys` order, and the cursor of the next page (or None)."""
    ordered = queryset.order_by(*(key.order_by for key in keys))
    if cursor:
        ordered = ordered.filter(_after(keys, _decode(cursor, keys)))
    rows = list(ordered[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    return rows, _encode([_value(rows[-1], key.field) for key in keys])


def _value(row: Model, field: str) -> object:
    """A row's value for an ordering key, following relations (`customer__name`)."""
    value: object = row
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _after(keys: Sequence[Key], values: Sequence[object]) -> Q:
    """Rows strictly after `values` in `keys` order (a row-value comparison, spelt out)."""
    after = Q()
    equal_so_far = Q()
    for key, value in zip(keys, values, strict=True):
        lookup = "lt" if key.descending else "gt"
        after |= equal_so_far & Q(**{f"{key.field}__{lookup}": value})
        equal_so_far &= Q(**{key.field: value})
    # A plain bound on the leading column lets the database start its index scan there.
    first = keys[0]
    bound = Q(**{f"{first.field}__{'lte' if first.descending else 'gte'}": values[0]})
    return bound & after


def _encode(values: list[object]) -> str:
    plain = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    raw = json.dumps(plain, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, keys: Sequence[Key]) -> list[object]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        plain = json.loads(raw)
        if not isinstance(plain, list) or len(plain) != len(keys):
            raise ValueError("wrong shape")
        return [_parse(key, value) for key, value in zip(keys, plain, strict=True)]
    except (ValueError, TypeError, binascii.Error) as error:
        raise InvalidInput(
            gettext(
                "The cursor is not valid. Pass the `next` value of a previous page, "
                "or leave it out to start from the first page."
            )
        ) from error


def _parse(key: Key, value: object) -> object:
    if key.kind is datetime and isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive datetime")
        return parsed
    if key.kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if key.kind is str and isinstance(value, str):
        if "\x00" in value:
            raise ValueError("NUL character")
        return value
    raise ValueError(f"{key.field} has the wrong type")

"""A choice's label, as `Model.get_FOO_display()` gives it, without its cost; and a list
of choices for a select, translated once.

Django's `get_FOO_display()` builds a dict of the field's choices on every call, and
hashing each lazy label translates it: a case event's kind (23 choices) cost 23
translation look-ups each time it was shown, a third of the case page's look-ups
(#23). Here each field's labels, and each named list of choices, are translated once per
language and kept for the life of the process (the labels are in the code; a new
catalogue comes with a restart).
"""

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar, cast

from django.db import models
from django.utils.translation import get_language


@cache
def _labels(field: models.Field, language: str | None) -> dict[Any, str]:
    return {value: str(label) for value, label in field.flatchoices}


def choice_label(instance: models.Model, field_name: str) -> Any:
    """The label of `instance`'s value of `field_name` in the active language (the value
    itself when it is not one of the choices, as Django's `get_FOO_display`)."""
    field = instance._meta.get_field(field_name)
    assert isinstance(field, models.Field)  # a column with choices, not a relation
    value = getattr(instance, field.attname)
    return _labels(field, get_language()).get(value, value)


V = TypeVar("V")
_TRANSLATED: dict[tuple[str, str | None], list[tuple[Any, str]]] = {}


def translated_choices(
    name: str, choices: Callable[[], Iterable[tuple[V, Any]]]
) -> list[tuple[V, str]]:
    """The (value, label) pairs `choices()` gives, each label translated into the active
    language: built once per `name` and language, then the same list (read it, do not
    change it). Kept under the name, not the pairs, as hashing a lazy label translates it;
    so one name stands for one list, and `choices` is only called the first time (an
    enum's `.choices` builds a new list at each reading)."""
    key = (name, get_language())
    found = _TRANSLATED.get(key)
    if found is None:
        found = _TRANSLATED.setdefault(key, [(value, str(label)) for value, label in choices()])
    return cast(list[tuple[V, str]], found)

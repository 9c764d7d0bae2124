"""A choice's label, as `Model.get_FOO_display()` gives it, without its cost.

Django's `get_FOO_display()` builds a dict of the field's choices on every call, and
hashing each lazy label translates it: a case event's kind (23 choices) cost 23
translation look-ups each time it was shown, a third of the case page's look-ups
(#23). Here each field's labels are translated once per language and kept for the
life of the process (the labels are in the code; a new catalogue comes with a restart).
"""

from functools import cache
from typing import Any

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

"""Writing some columns of one row as a single plain UPDATE.

`Model.save(update_fields=...)` and `QuerySet.update()` spend 100-200 µs of
Python building a one-row UPDATE; the statement itself takes ~20 µs on SQLite.
The paths every incoming mail and message take (a case's new version, a mail's
outcome) write this way (issue #3, see the mail-ingest section of
docs/benchmarks.md). The values go through each field's own conversion to the
database, as the ORM's would; nothing else (signals, `save()` overrides) runs,
so it is only for models without them.
"""

from collections.abc import Sequence
from typing import cast

from django.db import connection
from django.db.models import Field, Model


def update_row(instance: Model, names: Sequence[str]) -> int:
    """Write the fields `names` of `instance` to its row; returns the rows changed (0 or 1)."""
    meta = instance._meta
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

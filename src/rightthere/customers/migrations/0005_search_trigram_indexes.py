"""Trigram indexes (PostgreSQL's pg_trgm) for finding a customer by any part of their
name, or a contact's name, e-mail or phone number (`customers.search`): the inbox's
search looks customers up this way before listing their cases. The expressions are the
ones Django writes for `icontains` (UPPER(column::text)) and `customers.search.phone_digits`.

SQLite has no such index; its desks are small and the lookup scans the two tables.
Where the database user may not create the extension (pg_trgm is a trusted extension
since PostgreSQL 13, so a database's owner may), the indexes are left out and the
search still works, by scanning.
"""

from django.db import migrations, transaction

PHONE_DIGITS = "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(phone, ' ', ''), '-', ''), '.', ''), '(', ''), ')', '')"  # noqa: E501

INDEXES = [
    ("customer_name_trgm", "customers_customer", "UPPER(name::text)"),
    ("contact_name_trgm", "customers_contact", "UPPER(name::text)"),
    ("contact_email_trgm", "customers_contact", "UPPER(email::text)"),
    ("contact_phone_digits_trgm", "customers_contact", PHONE_DIGITS),
]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # no right to create it: search by scanning
            return
        for name, table, expression in INDEXES:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)"  # noqa: E501
            )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, _, _ in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_contact_language")]
    operations = [migrations.RunPython(forwards, backwards)]

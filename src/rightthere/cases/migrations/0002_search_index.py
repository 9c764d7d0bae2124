"""The full-text search table: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

from django.db import migrations


def forwards(apps, schema_editor):
    from rightthere.cases.search import create_schema

    create_schema(schema_editor)


def backwards(apps, schema_editor):
    from rightthere.cases.search import drop_schema

    drop_schema(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

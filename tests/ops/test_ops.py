"""Operations: backups that restore, a health endpoint, and settings that refuse to be unsafe."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from rightthere.cases.models import Case
from tests.factories import make_case


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_what_was_lost(tmp_path):
    kept = make_case(subject="Boiler service contract")
    target = tmp_path / "desk.backup"

    call_command("backup", str(target))
    make_case(subject="Made after the backup")
    Case.objects.filter(pk=kept.pk).update(subject="Overwritten by mistake")
    call_command("restore", str(target), "--yes")
    connection.close()  # the next query reconnects to the restored database

    assert list(Case.objects.values_list("subject", flat=True)) == ["Boiler service contract"]


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    from django.core.management.base import CommandError

    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database")

    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--yes")


@pytest.mark.django_db
def test_health_endpoint_reports_database_and_migrations(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["migrations_pending"] == 0


def test_production_settings_refuse_the_default_secret_key():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "RIGHTTHERE_TESTING"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "rightthere.settings"

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def _database_options(**env_overrides: str) -> dict:
    env = {**os.environ, "RIGHTTHERE_TESTING": "1", **env_overrides}
    env["DJANGO_SETTINGS_MODULE"] = "rightthere.settings"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import json; from django.conf import settings; "
         "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


def test_postgresql_sends_values_apart_and_prepares_repeated_statements():
    options = _database_options(DATABASE_URL="postgres://u@db.example/rightthere")

    assert options == {"server_side_binding": True, "prepare_threshold": 5}


def test_prepared_statements_can_be_turned_off_for_a_transaction_pooler():
    options = _database_options(
        DATABASE_URL="postgres://u@db.example/rightthere", DATABASE_PREPARED_STATEMENTS="0"
    )

    assert options == {}


def test_sqlite_keeps_its_own_options(tmp_path):
    options = _database_options(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")

    assert "server_side_binding" not in options
    assert options["transaction_mode"] == "IMMEDIATE"

"""Consistent database backups and restores, for SQLite and PostgreSQL.

SQLite uses the online backup API (a consistent copy while the desk runs);
PostgreSQL uses pg_dump's custom format and pg_restore.
"""

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection


class BackupError(Exception):
    pass


def _settings() -> dict[str, Any]:
    return dict(connection.settings_dict)


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {"PGPASSWORD": str(db["PASSWORD"])} if db.get("PASSWORD") else {}
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    import os

    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.stdout.strip()}")


def backup(target: Path) -> Path:
    """Write a consistent copy of the database to `target`; returns the path written."""
    db = _settings()
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        return target
    if connection.vendor == "postgresql":
        args, env = _pg_env(db)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args], env)
        return target
    raise BackupError(f"Backups are not supported for {connection.vendor}.")


def restore(source: Path) -> None:
    """Replace the database's contents with the backup at `source`."""
    if not source.exists():
        raise BackupError(f"No backup at {source}.")
    db = _settings()
    if connection.vendor == "sqlite":
        try:
            with sqlite3.connect(source) as backup_db:
                backup_db.execute("SELECT count(*) FROM django_migrations").fetchone()
                connection.ensure_connection()
                backup_db.backup(connection.connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not a Rightthere SQLite backup: {exc}") from exc
        return
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_env(db)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", *args, str(source)], env)
        return
    raise BackupError(f"Restores are not supported for {connection.vendor}.")

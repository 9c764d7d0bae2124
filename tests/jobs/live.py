"""Environment for real `rightthere` processes (workers, WSGI servers) started by a
test against the test's own PostgreSQL database (pytest-django's test database
with `django_db(transaction=True)`, so what the test writes is committed)."""

import os
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def live_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def live_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Production settings on the test database (and tests.* importable)."""
    env = {
        **os.environ,
        "DATABASE_URL": live_database_url(),
        "DJANGO_SETTINGS_MODULE": "rightthere.settings",
        "RIGHTTHERE_TESTING": "1",  # the development secret key is fine here
        "RIGHTTHERE_DATA_DIR": str(data_dir),
        "MEDIA_ROOT": str(data_dir / "media"),
        "PYTHONPATH": str(REPO),
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    return env

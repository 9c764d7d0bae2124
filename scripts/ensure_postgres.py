"""Make sure PostgreSQL answers before the PostgreSQL test pass.

Tries to start the local cluster when it is down. With CI=true a missing
PostgreSQL fails the run; elsewhere too, but with instructions, because a
green run that skipped PostgreSQL would be a lie.
"""

import glob
import subprocess
import sys
import time

import psycopg


def reachable(url: str) -> bool:
    try:
        # connect to the maintenance db: the test database is created by pytest-django
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def try_start() -> None:
    for version in sorted(glob.glob("/etc/postgresql/*")):
        subprocess.run(  # noqa: S603
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                version.rsplit("/", 1)[1],
                "main",
                "start",
            ],  # noqa: S607
            check=False,
            capture_output=True,
        )


def main() -> int:
    url = sys.argv[1]
    if reachable(url):
        return 0
    try_start()
    for _ in range(20):
        if reachable(url):
            return 0
        time.sleep(0.5)
    print(
        f"ERROR: PostgreSQL is not reachable at {url}.\n"
        "The test suite runs on SQLite and on PostgreSQL; start PostgreSQL "
        "(pg_ctlcluster <version> main start) or set PG_URL=postgres://user@host:port/db.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())

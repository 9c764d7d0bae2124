"""How fast are the inbox, the case page, search and the API on a big desk?

    .venv/bin/python benchmarks/inbox.py [--cases 100000] [--requests 50]
        [--database-url postgres://postgres@127.0.0.1:5432/rt_bench] [--reuse] [--explain]

Uses its own database (DATABASE_URL or --database-url; by default the
PostgreSQL database rt_bench, created if missing; a sqlite:///path works
too). Without --reuse the database is dropped and loaded afresh, so its name
must contain "bench". With --reuse an existing dataset of at least --cases
cases is measured as it is (a smaller one is topped up).

Loads synthetic cases with messages and events (benchmarks/dataset.py),
rebuilds the search index, analyses the tables, then times requests through
Django's test client (in process: no HTTP server, but every middleware,
query and template) as an agent and as a technician. Prints p50/p95/max per
endpoint, and each as a multiple of a baseline page measured in the same
run, and records the results in docs/benchmarks.md.
"""

import argparse
import os
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/rt_bench"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="dataset size (100000)")
    parser.add_argument(
        "--requests", type=int, default=50, help="timed requests per endpoint (0: only load)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        help=f"the benchmark's own database (default DATABASE_URL or {DEFAULT_DATABASE})",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure the existing dataset if it is big enough"
    )
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of each slowest query"
    )
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args(argv)


def configure(database_url: str) -> None:
    """Production-like settings (DEBUG off) for this process only."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "0"
    os.environ["RIGHTTHERE_TESTING"] = "1"  # allows the made-up SECRET_KEY below
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"  # the test client's host
    os.environ["DJANGO_SETTINGS_MODULE"] = "rightthere.settings"
    sys.path.insert(0, str(ROOT))


def prepare_database(url: str, fresh: bool) -> None:
    """Create the database if missing; with `fresh`, drop it first."""
    import dj_database_url

    config = dj_database_url.parse(url)
    name = str(config["NAME"])
    if fresh and "bench" not in Path(name).name:
        sys.exit(
            f"Refusing to drop {name!r}: without --reuse the benchmark recreates its database, "
            "so the name must contain 'bench'."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or fresh:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- loading ---------------------------------------------------------------


def load(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from tqdm import tqdm

    from benchmarks.dataset import load_cases
    from rightthere.cases.models import Case
    from rightthere.cases.search import rebuild_index

    existing = Case.objects.count()
    wanted = args.cases - existing if args.reuse else args.cases
    if wanted <= 0:
        print(f"Reusing the {existing:,} cases already in the database.")
        return {"loaded": 0}
    timings: dict[str, Any] = {"loaded": wanted}
    started = time.perf_counter()
    with tqdm(total=wanted, unit="case", desc="Loading", smoothing=0.05) as bar:
        result = load_cases(wanted, seed=args.seed + existing, on_progress=bar.update)
    timings["load_seconds"] = time.perf_counter() - started
    print(f"Loaded {result.cases:,} cases, {result.messages:,} messages, {result.events:,} events.")
    started = time.perf_counter()
    print("Rebuilding the search index...", flush=True)
    rebuild_index(case_ids_from=result.first_case_id)
    timings["index_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    print("Analysing the tables...", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    timings["analyse_seconds"] = time.perf_counter() - started
    record_load(timings)
    return timings


def record_load(timings: dict[str, Any]) -> None:
    """Keep the load times in the benchmark database, for later runs with --reuse."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS benchmark_load (loaded_at varchar(40), cases integer,"
            " load_seconds real, index_seconds real, analyse_seconds real)"
        )
        cursor.execute(
            "INSERT INTO benchmark_load VALUES (%s, %s, %s, %s, %s)",
            [f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC", timings["loaded"],
             timings["load_seconds"], timings["index_seconds"], timings["analyse_seconds"]],
        )  # fmt: skip


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not served
    configure(args.database_url)
    prepare_database(args.database_url, fresh=not args.reuse)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.report import DOCS, report, update_docs
    from benchmarks.timing import explain, run_measurements

    call_command("migrate", verbosity=0, skip_checks=True)
    load(args)
    if args.requests <= 0:
        print("Loaded; nothing measured (--requests 0). Measure later with --reuse.")
        return 0
    print(f"Measuring {args.requests} requests per endpoint on {connection.vendor}...")
    measured, skipped = run_measurements(args)
    explained = {}
    if args.explain:
        for endpoint in measured:
            if endpoint.slowest_sql:
                explained[endpoint.label] = explain(endpoint)
                print(f"\n== {endpoint.label} ({endpoint.slowest_ms:.1f} ms)\n{endpoint.slowest_sql}\n"
                      f"{explained[endpoint.label]}")  # fmt: skip
    block = report(args, measured, skipped, explained)
    print()
    print(block)
    if not args.no_docs:
        from rightthere.cases.models import Case

        update_docs(block, f"{connection.vendor}:{Case.objects.count()}")
        print(f"\nWrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

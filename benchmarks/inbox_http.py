"""The inbox, counts, case page and search through HTTP, served by gunicorn, at c=1 and c=8.

    .venv/bin/python benchmarks/inbox_http.py --cases 10000 \\
        --database-url postgres://postgres@127.0.0.1:5432/rt_bench_http_10k
    .venv/bin/python benchmarks/inbox_http.py --cases 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/rt_bench_1m      # the issue's 1M run

`benchmarks/inbox.py` times the same pages in process (Django's test client: no
HTTP, no server). This one serves the database the way docs/deploy does in
production, gunicorn with sync workers (--workers, 2 by default), DEBUG off,
and times real HTTP requests from this process: first one client (c=1,
sequential), then --clients at once (c=8 by default; req/s and p95 over all of
their requests). The agent and the technician (the one with the most cases) log
in through /login/ like a person.

The database: if it holds fewer than --cases cases it is built by
`benchmarks/inbox.py --cases N --requests 0` (which drops and reloads it, so its
name must contain "bench"); a database with at least --cases cases is used as
it is. Before gunicorn starts, --port must be free (else the benchmark stops,
saying what holds it). Results are printed, written to var/inbox-http-results.json,
and with --docs into docs/benchmarks.md (a section per size).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.serving import (  # noqa: E402 - after the path above
    Timed,
    add_http_options,
    ensure_gunicorn,
    ensure_port_free,
    gunicorn_argv,
    load_average,
    logged_in,
    parse_http_args,
    run_concurrent,
    served_source,
    start_server,
    with_cookies_of,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/rt_bench"
PORT = 8613
PASSWORD = "rightthere-bench"  # noqa: S105 - benchmarks/dataset.py's throwaway users
# The groups of benchmarks/timing.py measured here (the API has its own rows there).
GROUPS = ("baseline", "inbox", "counts", "case page", "search")
VAR = ROOT / "var"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000, help="dataset size (100000)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        help=f"the benchmark's own database (default DATABASE_URL or {DEFAULT_DATABASE})",
    )
    parser.add_argument("--port", type=int, default=PORT, help=f"gunicorn's port ({PORT})")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per row, c=1")
    add_http_options(parser, {"--requests": 15, "--concurrent-requests": 48})
    parser.add_argument("--docs", action="store_true", help="record the run in docs/benchmarks.md")
    parser.add_argument("--seed", type=int, default=42)
    args = parse_http_args(parser, argv)
    return args


def server_env(database_url: str, source: Path) -> dict[str, str]:
    """Production-like settings (DEBUG off) for gunicorn."""
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-" + "x" * 40, "SECURE_COOKIES": "0",
            "STATIC_ROOT": str(VAR / "bench-rightthere-static"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SETTINGS_MODULE": "rightthere.settings",
            "PYTHONPATH": str(source)}  # fmt: skip


def ensure_dataset(args: argparse.Namespace) -> None:
    import psycopg

    try:
        with psycopg.connect(args.database_url) as conn:
            row = conn.execute("SELECT count(*) FROM cases_case").fetchone()
            have = row[0] if row else 0
    except psycopg.Error:
        have = 0
    if have >= args.cases:
        print(f"Using the {have:,} cases in {args.database_url}.", flush=True)
        return
    print(f"Loading {args.cases:,} cases (benchmarks/inbox.py)...", flush=True)
    subprocess.run([sys.executable, "benchmarks/inbox.py", "--cases", str(args.cases),
                    "--requests", "0", "--no-docs", "--database-url", args.database_url],
                   cwd=ROOT, check=True)  # fmt: skip


def setup_django(database_url: str) -> None:
    """This process reverses URLs and picks users and cases; the server does the rest."""
    from benchmarks.inbox import configure

    configure(database_url)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    import django

    django.setup()


def pick(args: argparse.Namespace) -> tuple[list[Any], dict[str, str]]:
    """The endpoints of benchmarks/timing.py in GROUPS, and who requests them."""
    from django.db import connection
    from django.db.models import Count, Max, Min

    from benchmarks.timing import endpoints
    from rightthere.accounts.models import Role, User
    from rightthere.cases.models import Case

    bounds = Case.objects.aggregate(first=Min("id"), last=Max("id"))
    agent = User.objects.filter(role=Role.AGENT, username__startswith="bench-").order_by("id")[0]
    technician = (
        User.objects.filter(role=Role.TECHNICIAN, username__startswith="bench-")
        .annotate(n=Count("assigned_cases"))
        .order_by("-n")[0]
    )
    technician_cases = list(
        Case.objects.filter(assignee=technician).values_list("id", flat=True)[:2000]
    )
    items = [e for e in endpoints(bounds["first"], bounds["last"], technician_cases)
             if e.group in GROUPS and e.url is not None]  # fmt: skip
    connection.close()
    return items, {"agent": agent.username, "technician": technician.username}


def measure(
    endpoint: Any, session: requests.Session, base: str, args: argparse.Namespace, warmup: int
) -> dict[str, Any]:
    rng = random.Random(args.seed)

    def get(client: requests.Session, n: int) -> None:
        reply = client.get(base + endpoint.url(rng), allow_redirects=False)
        if reply.status_code != 200:
            raise RuntimeError(f"{endpoint.label}: HTTP {reply.status_code}")

    run_concurrent(lambda: session, get, warmup, 1)  # every worker serves it once first
    load = load_average()
    sequential = run_concurrent(lambda: session, get, args.requests, 1)
    concurrent: Timed = run_concurrent(lambda: with_cookies_of(session), get,
                                       args.concurrent_requests, args.clients)  # fmt: skip
    return {
        "label": endpoint.label, "group": endpoint.group, "user": endpoint.user, "load": load,
        "c1_p50": sequential.p(0.5), "c1_p95": sequential.p(0.95),
        "c1_max": max(sequential.latencies), "c1_per_s": sequential.per_second,
        "cN_p50": concurrent.p(0.5), "cN_p95": concurrent.p(0.95),
        "cN_per_s": concurrent.per_second,
    }  # fmt: skip


def table(rows: list[dict[str, Any]], clients: int) -> list[str]:
    from benchmarks.timing import TARGETS

    # On a busy machine the multiple of the baseline page (same run) is steadier than ms.
    base = next((r["c1_p50"] for r in rows if r["group"] == "baseline"), None)
    lines = [
        f"| endpoint | c=1 p50 ms | c=1 p95 ms | c=1 max ms | c=1 p50 × baseline | c=1 req/s "
        f"| c={clients} p50 ms | c={clients} p95 ms | c={clients} req/s | target p95 at c=1 "
        "| load average at start |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        times_base = f"{r['c1_p50'] / base:.2f}" if base else ""
        target = TARGETS.get(r["group"])
        verdict = "" if target is None else (
            f"{'✓' if r['c1_p95'] <= target else '✗'} < {target:.0f} ms")  # fmt: skip
        lines.append(
            f"| {r['label']} | {r['c1_p50']:.1f} | {r['c1_p95']:.1f} | {r['c1_max']:.1f} "
            f"| {times_base} | {r['c1_per_s']:.1f} | {r['cN_p50']:.1f} | {r['cN_p95']:.1f} | {r['cN_per_s']:.1f} "
            f"| {verdict} | {r['load']} |"
        )
    return lines


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    warnings.filterwarnings("ignore", message="No directory at")
    ensure_port_free(args.port, "benchmarks/inbox_http.py's gunicorn", "--port")
    python = Path(sys.executable)
    ensure_gunicorn(python)
    ensure_dataset(args)
    setup_django(args.database_url)
    from rightthere.cases.models import Case

    cases = Case.objects.count()
    items, users = pick(args)
    started = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    load_at_start = load_average()
    source, code = served_source(args.rt_commit)
    env = server_env(args.database_url, source)
    subprocess.run([str(python), "-m", "django", "collectstatic", "--noinput", "-v0"],
                   env=env, cwd=ROOT, check=True)  # fmt: skip
    server = start_server(
        "rightthere",
        gunicorn_argv(python.parent.parent, "rightthere.wsgi:application", args.port, args.workers),
        env, ROOT, args.port, VAR / "inbox-http-gunicorn.log", "--port", ready_path="/login/",
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    rows = []
    try:
        sessions = {
            role: logged_in(base, "/login/", name, PASSWORD) for role, name in users.items()
        }
        for endpoint in items:
            result = measure(endpoint, sessions[endpoint.user], base, args, 2 * args.workers)
            rows.append(result)
            print(f"  {endpoint.label}: c=1 p95 {result['c1_p95']:.1f} ms; c={args.clients} "
                  f"{result['cN_per_s']:.1f} req/s, p95 {result['cN_p95']:.1f} ms", flush=True)  # fmt: skip
    finally:
        server.stop()
    command = ".venv/bin/python benchmarks/inbox_http.py " + " ".join(argv)
    head = [
        f"### Over HTTP: gunicorn, {args.workers} sync workers, {cases:,} cases",
        "",
        f"Measured {started} with `{command}` on commit {code}; load average at start "
        f"{load_at_start}, at the end {load_average()}; {args.requests} requests per row at c=1, "
        f"{args.concurrent_requests} at c={args.clients}, after {2 * args.workers} warm-up "
        f"requests; agent {users['agent']}, technician {users['technician']}.",
        "",
    ]
    block = "\n".join(head + table(rows, args.clients))
    print()
    print(block)
    (VAR / "inbox-http-results.json").write_text(json.dumps({
        "started": started, "command": command, "commit": code, "cases": cases,
        "load_at_start": load_at_start, "rows": rows}, indent=1))  # fmt: skip
    if args.docs:
        from benchmarks.report import update_docs

        update_docs(block, f"http:postgresql:{cases}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

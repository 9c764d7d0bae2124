"""How fast is the owner's dashboard (every KPI and telltale sign) on a big desk?

    .venv/bin/python benchmarks/dashboard.py [--cases 1000000] [--requests 10]
        [--database-url postgres://postgres@127.0.0.1:5432/rt_bench_1m] [--reuse] [--explain]

Reuses benchmarks/inbox.py's database handling and synthetic loader (with --reuse an
existing dataset of at least --cases cases is measured as it is). Times, in the same
run: a baseline (a database round trip and the trivial /health/ page), the whole
dashboard as the page, the API's dashboard and signs routes serve it (through Django's
test client, in process), each set of cases the figures share (fetched once per page),
and each figure and sign alone (fetching the sets it needs itself). Prints p50/p95 and
the ratio to the baseline page; writes its PostgreSQL or SQLite part of the "Dashboard"
section of docs/benchmarks.md (created just before the versus section if missing).
"""

import argparse
import os
import platform
import random
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.inbox import configure, load, prepare_database  # noqa: E402
from benchmarks.timing import Endpoint, QueryLog, measure, measure_select_one  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- dashboard:start -->", "<!-- dashboard:end -->"
VERSUS = "<!-- versus:start -->"  # the new section goes just before this one
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/rt_bench_1m"
TARGET_MS = 1000.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="dataset size (1000000)")
    parser.add_argument("--requests", type=int, default=10, help="timed runs of each (10)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        help=f"the benchmark's own database (default DATABASE_URL or {DEFAULT_DATABASE})",
    )
    parser.add_argument("--reuse", action="store_true", help="measure the existing dataset")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN each slowest query")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args(argv)


def time_call(label: str, group: str, call: Callable[[], object], runs: int) -> Endpoint:
    """Time a function the dashboard calls, with its queries, like a request."""
    from django.db import connection

    endpoint = Endpoint(label, group, "-", None)
    call()  # warm up
    log = QueryLog()
    with connection.execute_wrapper(log):
        for _ in range(runs):
            log.start_request()
            started = time.perf_counter()
            call()
            endpoint.times.append((time.perf_counter() - started) * 1000)
            endpoint.db_times.append(log.seconds * 1000)
            endpoint.queries = max(endpoint.queries, log.count)
    endpoint.slowest_ms, endpoint.slowest_sql = log.slowest * 1000, log.slowest_sql
    return endpoint


def case_sets(runs: int) -> list[Endpoint]:
    """Each set of cases the page fetches once and derives several figures from."""
    from rightthere.insights.kpis.opened import customer_messages, opened, repeat_weeks
    from rightthere.insights.kpis.period import Period
    from rightthere.insights.kpis.planner import without_jit
    from rightthere.insights.kpis.workload import workload

    period = Period()
    ids = opened(period, "all")  # the messages' query is bounded by the cases' id range

    sets: list[tuple[str, Callable[[], object]]] = [
        ("cases opened in the period: count, first replies, id range (first response, "
         "customer effort, repeat contacts)", lambda: opened(period, "all")),
        ("cases opened in the period whose customer opened another within 7 days "
         "(repeat contacts)", lambda: repeat_weeks(period, "all")),
        ("the customers' messages on those cases (customer effort)",
         lambda: customer_messages(period, "all", ids)),
        ("cases open at some time in the period (backlog, age of open cases, load per "
         "person, resolution time, work overwhelm sign)", lambda: workload(period, "all")),
    ]  # fmt: skip
    measured = []
    for label, call in sets:

        def run(call: Callable[[], object] = call) -> None:
            with without_jit():
                call()

        measured.append(time_call(label, "set", run, runs))
        print(f"  set {label[:40]}...: p50 {measured[-1].percentile(0.5):.1f} ms", flush=True)
    return measured


def figures_and_signs(runs: int) -> list[Endpoint]:
    from rightthere.insights.kpis.dashboard import FIGURES, dashboard, figure
    from rightthere.insights.kpis.memo import Memo
    from rightthere.insights.kpis.period import Period
    from rightthere.insights.kpis.planner import without_jit
    from rightthere.insights.signs import COMPUTE, SIGNS, WEEKS, Sign, telltale_signs, thresholds

    period = Period()
    measured = []
    for key in FIGURES:
        measured.append(time_call(key, "figure alone", lambda k=key: figure(k, period, "all"),
                                  runs))  # fmt: skip
        print(f"  figure {key}: p50 {measured[-1].percentile(0.5):.1f} ms", flush=True)
    sign_period = Period(weeks=WEEKS, now=period.now)
    limits = thresholds()
    for key, (label, unit, _, _, why) in SIGNS.items():

        def one(key: str = key, label: str = label, unit: str = unit, why: str = why) -> None:
            with without_jit():  # as telltale_signs() runs it
                COMPUTE[key](Sign(key, label, unit, why, *limits[key]), sign_period)

        measured.append(time_call(key, "sign alone", one, runs))
        print(f"  sign {key}: p50 {measured[-1].percentile(0.5):.1f} ms", flush=True)

    def page() -> None:
        memo = Memo()
        dashboard(period, "all", memo)
        telltale_signs(period.now, memo)

    measured.append(time_call("all figures (12 weeks)", "whole", lambda: dashboard(period, "all"),
                              runs))  # fmt: skip
    measured.append(time_call("all seven signs", "whole", lambda: telltale_signs(), runs))
    measured.append(time_call("all figures and signs, as the page computes them", "whole", page,
                              runs))  # fmt: skip
    return measured


def pages(runs: int, rng: random.Random) -> list[Endpoint]:
    from django.test import Client

    from rightthere.accounts.models import Role, User

    owner = User.objects.filter(role__in=[Role.OWNER, Role.AGENT], is_active=True).order_by(
        "-role", "id"
    )
    user = owner.filter(role=Role.OWNER).first() or owner.first()
    assert user is not None, "no users: load a dataset"
    client = Client(raise_request_exception=False)
    client.force_login(user)
    found = []
    for label, group, path in [
        ("baseline page GET /health/", "baseline", "/health/"),
        ("dashboard page GET /insights/ (12 weeks)", "whole", "/insights/"),
        ("dashboard page GET /insights/?weeks=52", "whole", "/insights/?weeks=52"),
        ("API GET /api/insights/dashboard", "whole", "/api/insights/dashboard"),
        ("API GET /api/insights/signs", "whole", "/api/insights/signs"),
    ]:
        endpoint = Endpoint(label, group, user.username, lambda _rng, p=path: p)
        measure(endpoint, client, runs, rng)
        print(f"  {label}: p50 {endpoint.percentile(0.5):.1f} ms", flush=True)
        found.append(endpoint)
    return found


def table(measured: list[Endpoint], baseline: Endpoint) -> list[str]:
    base = baseline.percentile(0.5)
    lines = [
        "| what | p50 ms | p95 ms | queries | db ms p50 | x baseline page (p50) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for e in measured:
        lines.append(
            f"| {e.group}: {e.label} | {e.percentile(0.5):.1f} | {e.percentile(0.95):.1f} | "
            f"{e.queries} | {e.percentile(0.5, e.db_times):.1f} | "
            f"{e.percentile(0.5) / base:.1f} |"
        )
    return lines


def machine() -> str:
    import django
    from django.db import connection

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                    if line.startswith("model name")), cpu)  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else
                       "SELECT 'SQLite ' || sqlite_version()")  # fmt: skip
        database = str(cursor.fetchone()[0]).split(" on ")[0]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores (shared; load average {load} at the end), "
            f"Python {platform.python_version()}, Django {django.get_version()}, {database}")  # fmt: skip


def report(args: argparse.Namespace, measured: list[Endpoint], explained: dict[str, str]) -> str:
    from django.db import connection

    from rightthere.cases.models import Case

    baseline = next(e for e in measured if e.label.startswith("baseline page"))
    page = next(e for e in measured if e.label.startswith("dashboard page GET /insights/ ("))
    verdict = "meets" if page.percentile(0.95) < TARGET_MS else "misses"
    command = "--database-url " + args.database_url if args.database_url != DEFAULT_DATABASE else ""
    lines = [
        f"### {connection.vendor}, {Case.objects.count():,} cases",
        "",
        f"`.venv/bin/python benchmarks/dashboard.py {command} --cases {args.cases} "
        f"--requests {args.requests}{' --reuse' if args.reuse else ''}"
        f"{' --explain' if args.explain else ''}`".replace("  ", " "),
        "",
        f"Machine: {machine()}.",
        "",
        f"The whole dashboard page: p50 {page.percentile(0.5):.0f} ms, p95 "
        f"{page.percentile(0.95):.0f} ms; it {verdict} the 1 s target"
        f"{' (the target is for PostgreSQL)' if connection.vendor != 'postgresql' else ''}.",
        "",
        *table(measured, baseline),
    ]
    for label, plan in explained.items():
        lines += ["", f"<details><summary>EXPLAIN: {label}</summary>", "", "```", plan, "```",
                  "", "</details>"]  # fmt: skip
    return "\n".join(lines)


def update_docs(block: str) -> None:
    """Replace this database's part of the Dashboard section, keeping the rest of the
    section (its introduction, the other database's part) and of the file as it is."""
    from django.db import connection

    key = f"<!-- dashboard:{connection.vendor} -->"
    text = DOCS.read_text()
    if START not in text:
        section = f"{START}\n## Dashboard\n\n{END}\n"
        if VERSUS in text:
            text = text.replace(VERSUS, f"{section}\n{VERSUS}", 1)
        else:
            text = text.rstrip("\n") + f"\n\n{section}"
    before, rest = text.split(START, 1)
    section, after = rest.split(END, 1)
    parts = section.split(key)
    head, tail = parts[0], parts[2] if len(parts) == 3 else ""
    section = f"{head.rstrip()}\n\n{key}\n{block}\n{key}\n"
    if tail.strip():
        section += f"\n{tail.strip()}\n"
    DOCS.write_text(before + START + section + END + after)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    warnings.filterwarnings("ignore", message="No directory at")
    configure(args.database_url)
    prepare_database(args.database_url, fresh=not args.reuse)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.timing import explain

    call_command("migrate", verbosity=0, skip_checks=True)
    load(args)
    print(f"Measuring the dashboard on {connection.vendor}, {args.requests} runs each...")
    rng = random.Random(args.seed)
    measured = [measure_select_one(args.requests * 5)]
    measured += pages(args.requests, rng)
    measured += case_sets(args.requests)
    measured += figures_and_signs(args.requests)
    explained: dict[str, str] = {}
    if args.explain:
        from rightthere.insights.kpis.planner import without_jit

        sets = [e for e in measured if e.group == "set"]
        for e in sorted(sets, key=lambda e: -e.slowest_ms)[:4]:
            if e.slowest_sql:
                with without_jit():  # as the figures run it
                    plan = explain(e)
                explained[f"{e.label} ({e.slowest_ms:.0f} ms)"] = (
                    e.slowest_sql[:2000] + "\n\n" + plan
                )
    block = report(args, measured, explained)
    print()
    print(block)
    if not args.no_docs:
        update_docs(block)
        print(f"\nWrote {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The benchmark's report: machine, dataset, the table, and docs/benchmarks.md."""

import argparse
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.timing import TARGETS, Endpoint

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def recorded_loads() -> list[str]:
    from django.db import connection

    if "benchmark_load" not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM benchmark_load ORDER BY loaded_at")
        return [
            f"{at}: {cases:,} cases loaded in {load:.0f} s, search index {index:.0f} s, "
            f"analyse {analyse:.0f} s"
            for at, cases, load, index, analyse in cursor.fetchall()
        ]


def machine(database_vendor: str) -> dict[str, str]:
    import django
    from django.db import connection

    info = {
        "CPU": platform.processor() or platform.machine(),
        "cores": str(os.cpu_count()),
        "RAM": "?",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "Django": django.get_version(),
    }
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                info["CPU"] = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        info["RAM"] = f"{kib / 1024 / 1024:.1f} GiB"
    with connection.cursor() as cursor:
        if database_vendor == "postgresql":
            for setting in ("server_version", "shared_buffers", "work_mem", "effective_cache_size"):
                cursor.execute(f"SHOW {setting}")
                info[f"PostgreSQL {setting}"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            info["database size"] = cursor.fetchone()[0]
        else:
            import sqlite3

            info["SQLite"] = sqlite3.sqlite_version
    info["load average at start"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info


def dataset_counts() -> dict[str, int]:
    from rightthere.cases.models import Case, CaseEvent, Message
    from rightthere.cases.models.case import IS_OPEN
    from rightthere.customers.models import Contact, Customer

    return {
        "cases": Case.objects.count(),
        "open cases": Case.objects.filter(IS_OPEN).count(),
        "messages": Message.objects.count(),
        "events": CaseEvent.objects.count(),
        "customers": Customer.objects.count(),
        "contacts": Contact.objects.count(),
    }


def table(measured: list[Endpoint], baseline: Endpoint) -> list[str]:
    base50, base95 = baseline.percentile(0.5), baseline.percentile(0.95)
    lines = [
        "| endpoint | p50 ms | p95 ms | max ms | p50 × base | p95 × base | DB ms p50"
        " | Python CPU ms p50 | queries | slowest query ms | target p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for e in measured:
        target = TARGETS.get(e.group)
        verdict = (
            ""
            if target is None
            else f"{'✓' if e.percentile(0.95) <= target else '✗'} < {target:.0f} ms"
        )
        errors = ", ".join(f"{n}× HTTP {code}" for code, n in e.errors.items())
        cpu = f"{e.percentile(0.5, e.cpu_times):.1f}" if e.cpu_times else ""
        label = f"{e.label} ({errors})" if errors else e.label
        lines.append(
            f"| {label} | {e.percentile(0.5):.1f} | {e.percentile(0.95):.1f} | {max(e.times):.1f} "
            f"| {e.percentile(0.5) / base50:.2f} | {e.percentile(0.95) / base95:.2f} "
            f"| {e.percentile(0.5, e.db_times):.1f} | {cpu} | {e.queries or ''} | {e.slowest_ms:.1f} "
            f"| {verdict} |"
        )
    return lines


def report(
    args: argparse.Namespace,
    measured: list[Endpoint],
    skipped: list[Endpoint],
    explained: dict[str, str],
) -> str:
    from django.db import connection

    baseline = next(e for e in measured if e.group == "baseline" and e.url is not None)
    counts = dataset_counts()
    info = machine(connection.vendor)
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    command = ".venv/bin/python benchmarks/inbox.py " + " ".join(sys.argv[1:])
    lines = [
        f"### {vendor}, {counts['cases']:,} cases",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}`",
        f"({args.requests} timed requests per endpoint after 3 warm-up requests; "
        f"ratios are against **{baseline.label}**, p50 {baseline.percentile(0.5):.1f} ms).",
        "",
        "Dataset: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()) + ".",
    ]
    loads = recorded_loads()
    if loads:
        lines.append("Loads into this database: " + "; ".join(loads) + ".")
    lines += ["", "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".", ""]
    lines += table(measured, baseline)
    if skipped:
        lines += ["", "Skipped: " + "; ".join(f"{e.label} ({e.missing})" for e in skipped) + "."]
    lines += ["", "<details><summary>Slowest query of each endpoint</summary>", ""]
    for e in measured:
        if e.slowest_sql:
            sql = " ".join(e.slowest_sql.split())
            lines.append(
                f"- **{e.label}** ({e.slowest_ms:.1f} ms): `{sql[:400]}{'…' if len(sql) > 400 else ''}`"
            )
    lines += ["", "</details>"]
    if explained:
        # The docs keep the plans of the four slowest queries; stdout has them all.
        slowest = sorted(measured, key=lambda e: e.slowest_ms, reverse=True)[:4]
        kept = [(e.label, explained[e.label]) for e in slowest if explained.get(e.label)]
        lines += ["", "<details><summary>EXPLAIN ANALYZE of the four slowest queries</summary>", ""]
        for label, plan in kept:
            lines += [f"**{label}**", "", "```", plan, "```", ""]
        lines += ["</details>"]
    return "\n".join(lines)


RESULTS_END = "<!-- new results go above this line -->"
DOCS_HEADER = f"""# Benchmarks

Numbers from `benchmarks/inbox.py`; the top of that script says what it does.
Each run replaces its own section below (one per database and dataset size).

{RESULTS_END}
"""


def update_docs(block: str, key: str) -> None:
    """Replace this database and size's section, or add it above RESULTS_END."""
    start, end = f"<!-- results:{key} -->", f"<!-- /results:{key} -->"
    text = DOCS.read_text() if DOCS.exists() else DOCS_HEADER
    section = f"{start}\n{block}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section + rest.split(end, 1)[1]
    elif RESULTS_END in text:
        before, after = text.split(RESULTS_END, 1)
        text = before + section + "\n\n" + RESULTS_END + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text)

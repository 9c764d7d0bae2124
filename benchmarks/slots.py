"""Time one slot proposal on a big calendar: 50 technicians, 90 days, 5,000 booked visits.

    .venv/bin/python benchmarks/slots.py [--runs 500] [--seed 7]

Times the pure slot finder (rightthere.field.slots.find_slots) as the booking
screen calls it: three earliest slots for a random skill from a random moment
in the 90 days. The baseline, measured in the same run, is the same proposal
on empty calendars. A third row is the worst case the data allows: a rare skill
whose two technicians are booked to the maximum load for the first 60 days.
"""

import argparse
import platform
import random
import statistics
import sys
import time as clock
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from rightthere.field.slots import Calendar, SlotRequest, find_slots  # noqa: E402

TZ = ZoneInfo("Europe/London")
START = datetime(2030, 1, 7, tzinfo=TZ)  # a Monday
DAYS, TECHNICIANS, VISITS, SKILLS = 90, 50, 5000, 8
HOURS = {day: [(time(8), time(12)), (time(13), time(17))] for day in range(5)}


def build(rng: random.Random, busy: bool) -> list[Calendar]:
    skills = [frozenset(rng.sample(range(SKILLS), 3)) for _ in range(TECHNICIANS)]
    skills[0] = skills[1] = frozenset({SKILLS})  # the rare skill: two technicians
    booked: list[list[tuple[datetime, datetime]]] = [[] for _ in range(TECHNICIANS)]
    if busy:
        placed = 0
        for tech in (0, 1):  # the rare skill's two, full to 75% for 60 days
            for day in range(60):
                base = START + timedelta(days=day)
                if base.weekday() < 5:
                    for hour in (8, 10, 13, 15):
                        if hour != 15 or day % 2:
                            s = base.replace(hour=hour)
                            booked[tech].append((s, s + timedelta(hours=1, minutes=30)))
                            placed += 1
        while placed < VISITS:
            tech = rng.randrange(2, TECHNICIANS)
            day = START + timedelta(days=rng.randrange(DAYS))
            if day.weekday() >= 5:
                continue
            s = day.replace(hour=rng.choice([8, 9, 10, 13, 14, 15]))
            booked[tech].append((s, s + timedelta(minutes=rng.choice([60, 90, 120]))))
            placed += 1
    return [
        Calendar("technician", i, f"T{i:02d}", skills[i], HOURS, busy=booked[i], max_load=0.8)
        for i in range(TECHNICIANS)
    ] + [Calendar("partner", 100, "Partner", frozenset(range(SKILLS + 1)), HOURS, max_load=1.0)]


def time_proposals(calendars, rng, runs, rare=False):
    samples = []
    for _ in range(runs):
        earliest = START + timedelta(minutes=rng.randrange(0, 30 * 24 * 60, 15))
        request = SlotRequest(
            skill=SKILLS if rare else rng.randrange(SKILLS),
            duration=timedelta(minutes=rng.choice([60, 90, 120])),
            earliest=earliest,
            horizon=earliest + timedelta(days=DAYS - 30),
            deadline=earliest + timedelta(days=2),
            count=3,
        )
        began = clock.perf_counter()
        find_slots(request, calendars, TZ)
        samples.append((clock.perf_counter() - began) * 1000)
    samples.sort()
    return {
        "median": statistics.median(samples),
        "p95": samples[int(0.95 * (len(samples) - 1))],
        "max": samples[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    empty, full = build(rng, busy=False), build(rng, busy=True)
    assert sum(len(c.busy) for c in full) == VISITS
    rows = [
        ("empty calendars (baseline)", time_proposals(empty, rng, args.runs)),
        ("5,000 visits, any skill", time_proposals(full, rng, args.runs)),
        (
            "5,000 visits, rare skill, 2 full technicians",
            time_proposals(full, rng, args.runs, True),
        ),
    ]
    base = rows[0][1]["p95"]
    print(f"Slot finder: {TECHNICIANS} technicians, {DAYS} days, {VISITS:,} visits, "
          f"{args.runs} proposals each (3 slots)")  # fmt: skip
    print(f"Python {platform.python_version()} on {platform.machine()} "
          f"{platform.processor() or platform.platform()}")  # fmt: skip
    print(f"{'case':46} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'p95 / baseline':>15}")
    for name, r in rows:
        print(f"{name:46} {r['median']:10.2f} {r['p95']:8.2f} {r['max']:8.2f} "
              f"{r['p95'] / base:14.1f}x")  # fmt: skip
    worst = max(r["p95"] for _, r in rows)
    print(f"target p95 < 50 ms: {'met' if worst < 50 else 'NOT met'} (worst p95 {worst:.2f} ms)")


if __name__ == "__main__":
    main()

"""The reply check on its labelled set: precision and recall per category, and speed.

    .venv/bin/python benchmarks/coach_eval.py [--rounds 5]

Speed is replies checked per second on one core, with a baseline measured in
the same run (one regular expression of every rule phrase, no context rules,
no sentiment) so the ratio stays comparable on a busy machine.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from rightthere.coach.check import check_reply  # noqa: E402
from rightthere.coach.evaluation import evaluate, load_examples, table  # noqa: E402
from rightthere.coach.rules import rules_for  # noqa: E402

DATA = ROOT / "tests" / "coach" / "data"


def per_second(function, texts, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            function(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    examples = load_examples(DATA)
    print(f"{len(examples)} labelled replies from {DATA.relative_to(ROOT)}\n")
    print(table(evaluate(examples)))
    texts = [e.text for e in examples]
    phrases = [p.text for c in rules_for("en").categories for p in c.phrases]
    baseline = re.compile("|".join(rf"\b{re.escape(p)}\b" for p in phrases), re.IGNORECASE)
    check_reply(texts[0], complaint=True)  # load the rules and the sentiment lexicon
    fast = per_second(lambda t: baseline.findall(t), texts, options.rounds)
    full = per_second(lambda t: check_reply(t, complaint=True), texts, options.rounds)
    print("\n| what | replies per second | × baseline |")
    print("|---|---:|---:|")
    print(f"| baseline: one regex of all {len(phrases)} phrases | {fast:,.0f} | 1.00 |")
    print(f"| reply check (all categories, complaint on) | {full:,.0f} | {full / fast:.2f} |")
    print(f"\nload average at start: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""The reply check on its labelled sets: precision and recall per category, and speed.

    .venv/bin/python benchmarks/coach_eval.py [--rounds 20] [--write | --tuning-only] [--cross-source]

Three sets side by side: the own set in `tests/coach/data/*.jsonl`, on which the
rules were written; the tuning set (the spent held-out splits of rounds 1 to 3,
`benchmarks/data/spent-heldout-*/replies.jsonl`, plus new wording written to widen
the tuning, `benchmarks/data/tuning-extra*/replies.jsonl`); and the fresh held-out
set `benchmarks/data/heldout/replies.jsonl`, written by someone who had not seen the
rules and never used to tune them. The confusion lists (missed and false findings)
of each follow.

`--tuning-only` is for whoever changes the rules: the fresh held-out file is not
even opened, the own and tuning sets are shown (the tuning set also split into its
two files), and docs/benchmarks.md is left alone.

Each set is scored three ways: the rules alone, the flags (the rules plus the learned
scorer's confident findings, `coach.scorer`) and flags or suggestions (the check as
shipped: the scorer's less sure "may read as" findings too). The main table is the
check as shipped. `--cross-source` adds the learned scorer's cross-source validation
(train on every source but one blind split, score that one; from
`benchmarks/train_coach_scorer.py`, a few minutes).

Speed is the check of a 2,000-character reply (complaint on, every category), p50
and p95 over many replies and rounds, with a baseline measured in the same run (one
regular expression of every word the rules name, no tokens, lemmas or context) so
the ratio stays comparable on a busy machine. `--write` replaces the reply-check
section of docs/benchmarks.md.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

from benchmarks.heldout import add_set_choice  # noqa: E402

django.setup()

from rightthere.coach.check import check_reply  # noqa: E402
from rightthere.coach.evaluation import (  # noqa: E402
    LEVELS,
    Example,
    Score,
    evaluate,
    load_examples,
    load_file,
    side_by_side,
)
from rightthere.coach.rules import rules_for  # noqa: E402

OWN = ROOT / "tests" / "coach" / "data"
DATA = ROOT / "benchmarks" / "data"
# The held-out splits of earlier rounds, spent once measured, oldest first.
SPENT = sorted(DATA.glob("spent-heldout-*/replies.jsonl"))
EXTRA = sorted(DATA.glob("tuning-extra*/replies.jsonl"))  # wording written to widen the tuning
HELDOUT = ROOT / "benchmarks" / "data" / "heldout" / "replies.jsonl"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- coach:start -->", "<!-- coach:end -->"
LENGTH = 2000


def _paths(paths: list[Path]) -> str:
    return " and ".join(f"`{path.relative_to(ROOT)}`" for path in paths)


def confusion(name: str, examples: list[Example], scores: dict[str, Score]) -> list[str]:
    by_source = {e.source: e for e in examples}
    lines = [f"\n#### Confusion, {name}\n"]
    for category, score in scores.items():
        if not score.misses and not score.false_alarms:
            continue
        lines.append(f"**{category}**\n")
        for kind, sources in (("missed", score.misses), ("false", score.false_alarms)):
            for source in sources:
                example = by_source[source]
                found = [
                    f.text or "(no apology)"
                    for f in check_reply(example.text, complaint=example.complaint)
                    if f.category == category
                ]
                shown = " ".join(example.text.split())
                shown = shown if len(shown) <= 220 else shown[:217] + "…"
                extra = f" — flagged: {found}" if found else ""
                lines.append(f"- {kind} `{source}`: {shown}{extra}")
        lines.append("")
    return lines


def load_named(path: Path) -> list[Example]:
    """A tuning file's examples, named by folder and file ("tuning-extra/replies.jsonl:3"):
    both tuning files are called replies.jsonl."""
    if not path.exists():
        return []
    return [replace(e, source=f"{path.parent.name}/{e.source}") for e in load_file(path)]


def long_replies(examples: list[Example], count: int) -> list[str]:
    """`count` replies of exactly 2,000 characters, paragraphs of own-set replies."""
    rng = random.Random(18)
    texts = [e.text for e in examples]
    replies = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 2 for p in parts) < LENGTH:
            parts.append(rng.choice(texts))
        replies.append("\n\n".join(parts)[:LENGTH])
    return replies


def timings(function, texts: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call (CPU time does not count waiting for a
    core, which on a shared machine is most of a slow wall-clock p95)."""
    wall, cpu = [], []
    for _ in range(rounds):
        for text in texts:
            started, started_cpu = time.perf_counter(), time.thread_time()
            function(text)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--cross-source", action="store_true",
        help="also the learned scorer's cross-source validation (trains models; minutes)",
    )  # fmt: skip
    add_set_choice(parser, "--write")
    options = parser.parse_args()
    load = os.getloadavg()[0]
    own = load_examples(OWN)
    own_scores = evaluate(own)
    spent = [e for path in SPENT for e in load_named(path)]
    extra = [e for path in EXTRA for e in load_named(path)]
    tuning = spent + extra
    tuning_scores = evaluate(tuning) if tuning else None
    heldout: list[Example] = []
    if not options.tuning_only and HELDOUT.exists():
        heldout = load_file(HELDOUT)
    heldout_scores = evaluate(heldout) if heldout else None

    replies = long_replies(own, 50)
    words = sorted(
        {
            w
            for c in rules_for("en").categories
            for p in c.phrases
            for w in re.findall(r"[a-z]{3,}", p.text)
        }
    )
    baseline = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    check_reply(replies[0], complaint=True)  # load the rules and the sentiment lexicon
    fast, fast_cpu = timings(lambda t: baseline.findall(t), replies, options.rounds)
    rules_only, rules_cpu = timings(
        lambda t: check_reply(t, complaint=True, learned=False), replies, options.rounds
    )
    full, full_cpu = timings(lambda t: check_reply(t, complaint=True), replies, options.rounds)

    columns: list[tuple[str, dict[str, Score] | None]] = [
        ("own", own_scores),
        ("tuning", tuning_scores),
    ]
    if not options.tuning_only:
        columns.append(("held-out", heldout_scores))
    out = [
        START,
        "## Reply check",
        "",
        "`.venv/bin/python benchmarks/coach_eval.py --write` runs the reply check",
        "(`rightthere.coach`, rules as patterns over words and lemmas in",
        "`coach/rules/en.toml`) on three labelled sets and writes this section.",
        "",
        f"- **own set**: `tests/coach/data/*.jsonl`, {len(own)} replies written",
        "  for the check; the rules were written and tuned on it, so its figures are",
        "  upper bounds.",
        f"- **tuning set**: {len(tuning)} replies: {_paths(SPENT)} ({len(spent)}; the held-out "
        f"splits of rounds 1 to {len(SPENT)}, spent once their figures steered the rules or a "
        f"scorer learned from them) and {_paths(EXTRA)} ({len(extra)}; new wording written to "
        "widen the tuning). Rules are tuned on it, so its figures are upper bounds too.",
    ]
    if not options.tuning_only:
        out.append(
            f"- **held-out set**: `{HELDOUT.relative_to(ROOT)}`, "
            + (
                f"{len(heldout)} replies written blind from a short brief of the categories "
                "by someone who had not seen the rules; never used to tune."
                if heldout
                else "not there yet."
            )
        )
    out += [
        "",
        "A category counts once per reply. Target on the held-out set: precision",
        ">= 0.9 and recall >= 0.85 in every category.",
        "",
        side_by_side(own_scores, columns=columns),
        "",
    ]
    if options.tuning_only:
        out += [
            "The tuning set by file:",
            "",
            side_by_side(
                own_scores,
                columns=[
                    (f"spent rounds 1-{len(SPENT)}", evaluate(spent) if spent else None),
                    ("tuning-extra", evaluate(extra) if extra else None),
                ],
            ),
            "",
        ]
    named_sets = [("own", own), ("tuning", tuning)]
    if options.tuning_only:
        named_sets += [(path.parent.name, load_named(path)) for path in SPENT + EXTRA]
    elif heldout:
        named_sets.append(("held-out", heldout))
    out += ["Rules alone, flags (rules + the scorer when confident) and flags or suggestions:", ""]
    for name, examples in named_sets:
        if not examples:
            continue
        by_level = {level: evaluate(examples, level) for level in LEVELS}
        out += [
            f"{name} set ({len(examples)} replies):",
            "",
            side_by_side(
                own_scores,
                columns=[
                    ("rules", by_level["rules"]),
                    ("flags", by_level["flags"]),
                    ("flags or suggestions", by_level["all"]),
                ],
            ),
            "",
        ]
    out += [
        f"Speed: the check of a 2,000-character reply (complaint on), 50 replies × "
        f"{options.rounds} rounds, one core, load average {load:.2f}:",
        "",
        "| what | p50 ms | p95 ms | p95 CPU ms | × baseline (p95) |",
        "|---|---:|---:|---:|---:|",
        f"| baseline: one regex of the {len(words)} words the rules name | "
        f"{statistics.median(fast):.2f} | {p95(fast):.2f} | {p95(fast_cpu):.2f} | 1.0 |",
        f"| reply check, rules alone | {statistics.median(rules_only):.2f} | "
        f"{p95(rules_only):.2f} | {p95(rules_cpu):.2f} | {p95(rules_only) / p95(fast):.1f} |",
        f"| reply check (all categories, complaint on) | {statistics.median(full):.2f} | "
        f"{p95(full):.2f} | {p95(full_cpu):.2f} | {p95(full) / p95(fast):.1f} |",
        "",
        f"Target p95 < 20 ms: wall clock {'met' if p95(full) < 20 else 'NOT met'}, "
        f"CPU time {'met' if p95(full_cpu) < 20 else 'NOT met'}.",
    ]
    if options.cross_source:
        from benchmarks.train_coach_scorer import cross_source, load_items

        out += ["", cross_source(load_items())]
    summary = "\n".join(out)
    if heldout_scores:
        out += confusion("held-out set", heldout, heldout_scores)
    if tuning_scores:
        out += confusion("tuning set", tuning, tuning_scores)
    out += confusion("own set", own, own_scores)
    out.append(END)
    section = "\n".join(out)
    # Only the figures on the terminal: the held-out texts are not for whoever tunes the rules.
    print(summary if options.write else section)
    if options.write:
        doc = DOC.read_text(encoding="utf-8")
        if START in doc and END in doc:
            head, rest = doc.split(START, 1)
            doc = head + section + rest.split(END, 1)[1]
        else:
            doc += "\n" + section + "\n"
        DOC.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()

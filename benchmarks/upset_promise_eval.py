"""Upset customers and promises read from replies, on the own and the held-out sets.

    .venv/bin/python benchmarks/upset_promise_eval.py [--write-doc | --tuning-only] [--cross-source]

Upset: precision and recall of `coach.upset.assess` ("looks upset": a suggestion
or a flag; the signals alone, without the learned model; and flags alone) against plain VADER (worst sentence <= -0.6) in the
same run, and how many calm messages the default settings would make a complaint.
Promises: precision of dated commitments found in reply sentences, the share of
those with the date right, and vague commitments found.

Three sets side by side: own (benchmarks/data/*.jsonl, the rules were written on
it), tuning (the spent held-out splits of rounds 1 to 3, benchmarks/data/spent-heldout-*/,
plus new wording written to widen the tuning, benchmarks/data/tuning-extra/), and
the fresh held-out set (benchmarks/data/heldout/), written by someone who had not
seen the rules and never used to tune. `--tuning-only` is for whoever changes the
rules: the held-out files are not even opened and docs/benchmarks.md is left alone.
"""

import argparse
import json
import os
import sys
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

from benchmarks.heldout import add_set_choice  # noqa: E402

django.setup()

from rightthere.coach.actions import decide  # noqa: E402
from rightthere.coach.commitments import read_commitments  # noqa: E402
from rightthere.coach.models import CoachSettings  # noqa: E402
from rightthere.coach.sentiment import text_score  # noqa: E402
from rightthere.coach.upset import assess  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
TUNING = (*sorted(DATA.glob("spent-heldout-*")), DATA / "tuning-extra")
HELDOUT = DATA / "heldout"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- upset-promise:start -->", "<!-- upset-promise:end -->"
# Mon-Fri 08:00-17:00, the desk's usual hours (the sets' due dates assume them).
PERIODS = {day: [(time(8), time(17))] for day in range(5)}
TZ = ZoneInfo("Europe/London")


def load(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def upset_figures(rows: list[dict]) -> dict:
    settings = CoachSettings()  # the defaults, as a new desk has them
    out = {"n": len(rows), "upset": sum(r["upset"] for r in rows), "misses": [], "false": []}
    for name in ("signals", "ours", "flag", "vader"):
        out[name] = [0, 0, 0]  # tp, fp, fn
    escalated = 0
    for row in rows:
        a = assess(row["text"], lexicon_at=settings.upset_threshold)
        guesses = {
            "signals": assess(
                row["text"], lexicon_at=settings.upset_threshold, learned=False
            ).upset,
            "ours": a.upset,
            "flag": a.level == "flag",
            "vader": text_score(row["text"]) <= -0.6,
        }
        for name, guess in guesses.items():
            counts = out[name]
            if guess and row["upset"]:
                counts[0] += 1
            elif guess:
                counts[1] += 1
            elif row["upset"]:
                counts[2] += 1
        if a.upset and not row["upset"]:
            out["false"].append(row["text"])
        if not a.upset and row["upset"]:
            out["misses"].append(row["text"])
        # A complaint needs a flag AND the owner's setting (off by default).
        # The desk's decision for the first flag of a case that is not a complaint yet.
        if not row["upset"] and decide(a, settings, first_flag=True, kind="question")[1]:
            escalated += 1
    out["escalated"] = escalated
    return out


def promise_figures(rows: list[dict]) -> dict:
    out: dict[str, Any] = {"n": len(rows), "dated": 0, "found": 0, "wrong": 0, "right": 0}
    out.update(missed=0, vague=0, vague_found=0, confusions=[])
    for row in rows:
        now = datetime.fromisoformat(row["sent_at"]).replace(tzinfo=TZ)
        found = read_commitments(row["text"], now=now, periods=PERIODS)
        dated = [c for c in found if c.kind == "dated"]
        out["dated"] += row["commitment"] == "dated"
        out["vague"] += row["commitment"] == "vague"
        if row["commitment"] == "vague" and any(c.kind == "vague" for c in found):
            out["vague_found"] += 1
        if dated:
            due = dated[0].due.date().isoformat() if dated[0].due else ""
            if row["commitment"] == "dated":
                out["found"] += 1
                if due == row["due"]:
                    out["right"] += 1
                else:
                    out["confusions"].append(f"date {due} for {row['due']}: {row['text']}")
            else:
                out["wrong"] += 1
                out["confusions"].append(f"not dated ({row['commitment']}): {row['text']}")
        elif row["commitment"] == "dated":
            out["missed"] += 1
            out["confusions"].append(f"missed: {row['text']}")
    return out


def pr(counts: list[int]) -> tuple[str, str]:
    tp, fp, fn = counts
    return ratio(tp, tp + fp), ratio(tp, tp + fn)


def sets(tuning_only: bool) -> dict[str, tuple[Path, ...]]:
    """The labelled folders of each column; the held-out one only when asked for."""
    out = {"own": (DATA,), "tuning": TUNING}
    if not tuning_only:
        out["held-out"] = (HELDOUT,)
    return out


def load_all(folders: tuple[Path, ...], name: str) -> list[dict]:
    return [row for folder in folders for row in load(folder / name)]


def report(tuning_only: bool = False) -> str:
    columns = sets(tuning_only)
    upset = {k: upset_figures(load_all(v, "upset.jsonl")) for k, v in columns.items()}
    promise = {k: promise_figures(load_all(v, "commitments.jsonl")) for k, v in columns.items()}
    if tuning_only:
        for folder in TUNING:
            upset[folder.name] = upset_figures(load(folder / "upset.jsonl"))
    header = " | ".join(f"{k} set" for k in upset)
    lines = [
        "Sets: own = `benchmarks/data/*.jsonl` (the rules were written on it); tuning = "
        "`benchmarks/data/spent-heldout-*/` (rounds 1-3 held-out, spent) + "
        "`benchmarks/data/tuning-extra/` (new wording written to widen the tuning); "
        + ("held-out = `benchmarks/data/heldout/`, never used to tune. " if not tuning_only else "")
        + "Commitments: the tuning column is the spent set only.",
        "",
        f"| upset detection | {header} |",
        "|---|" + "---:|" * len(upset),
        "| messages (upset) | "
        + " | ".join(f"{u['n']} ({u['upset']})" for u in upset.values())
        + " |",
    ]
    for name, label in (
        ("signals", "signals alone, without the learned model (suggestion or flag)"),
        ("ours", "looks upset (suggestion or flag; signals + learned model)"),
        ("flag", "flag only"),
        ("vader", "plain VADER <= -0.6"),
    ):
        cells = [pr(u[name]) if u["n"] else ("–", "–") for u in upset.values()]
        lines.append(
            f"| {label}: precision / recall | " + " | ".join(f"{p} / {r}" for p, r in cells) + " |"
        )
    lines.append(
        "| calm messages made a complaint, default settings | "
        + " | ".join(str(u["escalated"]) if u["n"] else "–" for u in upset.values())
        + " |"
    )
    lines += [
        "",
        "| promises read from replies | " + " | ".join(f"{k} set" for k in promise) + " |",
        "|---|" + "---:|" * len(promise),
    ]
    lines.append(
        "| sentences (dated / vague) | "
        + " | ".join(f"{p['n']} ({p['dated']} / {p['vague']})" for p in promise.values())
        + " |"
    )
    lines.append(
        "| dated: precision | "
        + " | ".join(ratio(p["found"], p["found"] + p["wrong"]) for p in promise.values())
        + " |"
    )
    lines.append(
        "| dated: recall | "
        + " | ".join(ratio(p["found"], p["dated"]) for p in promise.values())
        + " |"
    )
    lines.append(
        "| date right, of those found | "
        + " | ".join(ratio(p["right"], p["found"]) for p in promise.values())
        + " |"
    )
    lines.append(
        "| vague ones flagged vague | "
        + " | ".join(ratio(p["vague_found"], p["vague"]) for p in promise.values())
        + " |"
    )
    for name in columns:
        u, p = upset[name], promise[name]
        if u["misses"] or u["false"]:
            lines += ["", f"Upset confusions, {name} set:", ""]
            lines += [f"- missed: {t}" for t in u["misses"]]
            lines += [f"- wrongly upset: {t}" for t in u["false"]]
        if p["confusions"]:
            lines += ["", f"Promise confusions, {name} set:", ""]
            lines += [f"- {t}" for t in p["confusions"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    add_set_choice(parser, "--write-doc")
    parser.add_argument(
        "--cross-source", action="store_true",
        help="also the learned upset model's cross-source validation (trains models)",
    )  # fmt: skip
    options = parser.parse_args()
    text = report(tuning_only=options.tuning_only)
    print(text)
    if options.cross_source:
        from benchmarks.train_coach_scorer import load_upset_items, upset_cross_source

        print("\n" + upset_cross_source(load_upset_items()))
    if options.write_doc:
        doc = DOC.read_text()
        measured = datetime.now(tz=ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M UTC")
        body = f"{START}\n_Measured {measured} by `benchmarks/upset_promise_eval.py --write-doc`._\n\n{text}\n{END}"
        if START in doc:
            doc = doc[: doc.index(START)] + body + doc[doc.index(END) + len(END) :]
        else:
            doc += "\n" + body + "\n"
        DOC.write_text(doc)


if __name__ == "__main__":
    main()

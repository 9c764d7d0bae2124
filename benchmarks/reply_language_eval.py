"""Which language a reply is in (coach.language.guess_language), measured twice:

    .venv/bin/python benchmarks/reply_language_eval.py

- the reply check's own English sets (tests/coach/data/*.jsonl, and the held-out English
  replies of benchmarks/data/heldout/replies.jsonl): no English reply may be taken for
  another language (it would go unchecked); "unsure" ones fall back to the customer's
  language;
- the held-out set benchmarks/data/spent-heldout-2/reply_languages.jsonl (German, French, Spanish,
  Dutch and English service replies), written after the one threshold change (MIN_HITS 4
  to 3, made on a single English test sentence) and never used to tune anything.

For each: how many are guessed right, unsure, wrong; and what the reply check then does
for a customer whose language is the business's English default (checked iff English).
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from rightthere.coach.language import guess_language  # noqa: E402

OWN = sorted((ROOT / "tests" / "coach" / "data").glob("*.jsonl")) + [
    ROOT / "benchmarks" / "data" / "spent-heldout-1" / "replies.jsonl"
]
HELD_OUT = ROOT / "benchmarks" / "data" / "spent-heldout-2" / "reply_languages.jsonl"


def rows(path: Path, language: str = "") -> list[tuple[str, str]]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            found.append((row.get("language", language), row["text"]))
    return found


def measure(examples: list[tuple[str, str]]) -> dict[str, object]:
    counts: Counter[str] = Counter()
    wrong = []
    for language, text in examples:
        guessed = guess_language(text)
        outcome = "right" if guessed == language else "unsure" if guessed == "" else "wrong"
        counts[outcome] += 1
        # The check reads a reply guessed English, or unsure for an English customer.
        checked = guessed in ("en", "")
        if checked != (language == "en"):
            counts["check wrong"] += 1
        if outcome == "wrong":
            wrong.append(f"{language} taken for {guessed}: {text[:70]}")
    return {"n": len(examples), **counts, "wrong_examples": wrong}


def report() -> str:
    own = [example for path in OWN for example in rows(path, "en")]
    lines = ["| set | replies | guessed right | unsure | wrong | check does the wrong thing |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for name, examples in (("own English sets", own), ("held-out, 5 languages", rows(HELD_OUT))):
        m = measure(examples)
        lines.append(f"| {name} | {m['n']} | {m.get('right', 0)} | {m.get('unsure', 0)} | "
                     f"{m.get('wrong', 0)} | {m.get('check wrong', 0)} |")  # fmt: skip
        lines += [f"  - {w}" for w in m["wrong_examples"]]  # type: ignore[attr-defined]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())

"""Precision and recall of the reply check on a labelled set of replies.

Each item of the set is a reply, whether it answers a complaint, and the
categories a careful reader would flag in it. A category counts once per reply.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rightthere.coach.check import check_reply
from rightthere.coach.rules import CATEGORIES


@dataclass(frozen=True)
class Example:
    text: str
    labels: frozenset[str]
    complaint: bool
    source: str


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 1.0


def load_examples(folder: Path) -> list[Example]:
    examples = []
    for path in sorted(folder.glob("*.jsonl")):
        examples += load_file(path)
    return examples


def load_file(path: Path) -> list[Example]:
    """One JSON-lines file of {text, labels, complaint} (complaint defaults to false)."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        data = json.loads(line)
        unknown = set(data["labels"]) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"{path.name}:{number}: unknown label {sorted(unknown)[0]!r}")
        examples.append(
            Example(
                data["text"], frozenset(data["labels"]), bool(data.get("complaint", False)),
                f"{path.name}:{number}",
            )
        )  # fmt: skip
    return examples


LEVELS = ("rules", "flags", "all")


def evaluate(examples: Iterable[Example], level: str = "all") -> dict[str, Score]:
    """Scores of the check as shipped ("all": flags and the scorer's suggestions), of its
    flags ("flags": the rules and the scorer's confident findings) or of the rules alone."""
    scores = {category: Score() for category in CATEGORIES}
    for example in examples:
        findings = check_reply(example.text, complaint=example.complaint, learned=level != "rules")
        found = {f.category for f in findings if level == "all" or f.level == "flag"}
        for category, score in scores.items():
            expected = category in example.labels
            flagged = category in found
            if expected and flagged:
                score.true_positives += 1
            elif flagged:
                score.false_positives += 1
                score.false_alarms.append(example.source)
            elif expected:
                score.false_negatives += 1
                score.misses.append(example.source)
    return scores


def side_by_side(
    own: dict[str, Score],
    heldout: dict[str, Score] | None = None,
    *,
    columns: list[tuple[str, dict[str, Score] | None]] | None = None,
) -> str:
    """Precision and recall per category, one column group per labelled set.

    `columns` names each set ("own", "tuning", "held-out") with its scores (None: the
    set is not there or was not loaded); without it, own and held-out as before."""
    columns = columns or [("own", own), ("held-out", heldout)]
    head = "| category | " + " | ".join(
        f"{name}: flagged by hand | {name} P | {name} R" for name, _ in columns
    )
    lines = [head + " |", "|---|" + "---:|---:|---:|" * len(columns)]
    for category in own:
        cells = []
        for _name, scores in columns:
            score = scores.get(category) if scores else None
            cells.append(
                f"{score.support} | {score.precision:.2f} | {score.recall:.2f}"
                if score
                else "– | – | –"
            )
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table(scores: dict[str, Score]) -> str:
    lines = [
        "| category | replies flagged by hand | precision | recall |",
        "|---|---:|---:|---:|",
    ]
    for category, score in scores.items():
        lines.append(
            f"| {category} | {score.support} | {score.precision:.2f} | {score.recall:.2f} |"
        )
    return "\n".join(lines)

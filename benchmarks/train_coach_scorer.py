"""Train the reply check's learned scorer (`rightthere.coach.scorer`) and measure it.

    .venv/bin/python benchmarks/train_coach_scorer.py            # train, write the model
    .venv/bin/python benchmarks/train_coach_scorer.py --cross    # also the cross-source figures
    .venv/bin/python benchmarks/train_coach_scorer.py --cross --no-write

The same for the upset model (`model/upset.json`, `coach.upset`): customer messages of
benchmarks/data/upset.jsonl and the upset.jsonl of the three other folders.

Training data: the own set (tests/coach/data/*.jsonl), the spent held-out splits of
rounds 1 to 3 (benchmarks/data/spent-heldout-*/replies.jsonl) and the tuning extras
(benchmarks/data/tuning-extra*/replies.jsonl). The fresh held-out folder
(benchmarks/data/heldout/) is never opened.

Per category: logistic regression over binary features (lemmas, lemma pairs; the
customer's quoted words left out), trained by AdaGrad with L2 in a fixed order, so
the same data give the same file. Calibration and thresholds come from
leave-one-source-out predictions on the training data only: each source is scored
by a model trained on the others (new wording, as a fresh set would be), a Platt
curve maps those scores to probabilities, and

- `flag_at`: the lowest probability at which the model alone is right 97% of the time;
- `suggest_at`: the lowest at which it is right 80% of the time.

`--cross` reports generalisation honestly: train on every source but one written
blind (spent-heldout-3, -2, then -1), choosing the thresholds on the others
only, and score the one left out: rules alone, the model alone, flags (rules + the
confident model) and flags or suggestions, per category.
"""

import argparse
import json
import math
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from rightthere.coach.check import check_reply, own_tokens  # noqa: E402
from rightthere.coach.evaluation import load_examples, load_file  # noqa: E402
from rightthere.coach.rules import CATEGORIES  # noqa: E402
from rightthere.coach.scorer import (  # noqa: E402
    COMPLAINT_ONLY,
    GATE_MIN_SENTENCES,
    GATE_SENTENCE_WEIGHT,
    MODEL,
    NOT_LEARNED,
    UPSET_MODEL,
    evidence,
    reply_features,
    sentence_features,
)
from rightthere.coach.tokens import tokenize  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
SOURCES = {
    "own": ROOT / "tests" / "coach" / "data",
    "spent-heldout-1": DATA / "spent-heldout-1" / "replies.jsonl",
    "spent-heldout-2": DATA / "spent-heldout-2" / "replies.jsonl",
    "tuning-extra": DATA / "tuning-extra" / "replies.jsonl",
    "spent-heldout-3": DATA / "spent-heldout-3" / "replies.jsonl",
    "tuning-extra-2": DATA / "tuning-extra-2" / "replies.jsonl",
    "spent-heldout-4": DATA / "spent-heldout-4" / "replies.jsonl",
    "spent-heldout-5": DATA / "spent-heldout-5" / "replies.jsonl",
    "tuning-extra-3": DATA / "tuning-extra-3" / "replies.jsonl",
    "spent-heldout-6": DATA / "spent-heldout-6" / "replies.jsonl",
    "tuning-extra-4": DATA / "tuning-extra-4" / "replies.jsonl",
    "spent-heldout-7": DATA / "spent-heldout-7" / "replies.jsonl",
    "tuning-extra-5": DATA / "tuning-extra-5" / "replies.jsonl",
    "spent-heldout-8": DATA / "spent-heldout-8" / "replies.jsonl",
}
SOURCES = {name: path for name, path in SOURCES.items() if path.exists()}
UPSET_SOURCES = {
    "own": DATA / "upset.jsonl",
    "spent-heldout-1": DATA / "spent-heldout-1" / "upset.jsonl",
    "spent-heldout-2": DATA / "spent-heldout-2" / "upset.jsonl",
    "tuning-extra": DATA / "tuning-extra" / "upset.jsonl",
    "spent-heldout-3": DATA / "spent-heldout-3" / "upset.jsonl",
}
# An upset message the signals miss is lifted to a suggestion when the model is right
# this often on the held-back sources (never to a flag: no complaint on its own).
UPSET_PRECISION = 0.9
# The sets written blind, newest first: each is left out in turn by --cross.
CROSS_TESTS = (
    "spent-heldout-8",
    "spent-heldout-7",
    "spent-heldout-6",
    "spent-heldout-5",
    "spent-heldout-4",
    "spent-heldout-3",
    "spent-heldout-2",
    "spent-heldout-1",
)
LEARNED = [c for c in CATEGORIES if c not in NOT_LEARNED]
EPOCHS = 15
RATE = 0.3
L2 = 1e-3
MIN_DOCS = 2
FLAG_PRECISION = 0.97
SUGGEST_PRECISION = 0.8
# Per category, the suggestion's precision target chosen on the spent blind rounds 3-6, each
# left out in turn (fits trained with tuning-extra-4): of 0.80-0.92, the one whose mean
# precision and recall over the four rounds come closest to the targets (the highest
# min(P / 0.9, R / 0.85)); docs/benchmarks.md, reply check log item 13.
SUGGEST_PRECISION_OF = {
    "excuse": 0.82,
    "blame": 0.86,
    "vague_commitment": 0.92,
    "customer_work": 0.9,
    "harsh_tone": 0.85,
}
MIN_HITS = 10
GRID = [i / 100 for i in range(5, 100)]
# Categories whose shipped rules' findings stand only when the model gives the reply at least
# RULE_GATE (with evidence). Chosen on the blind rounds 3-5, each left out in turn
# (docs/benchmarks.md, reply check log item 9): at 0.05, in replies of two sentences or more
# (`scorer.GATE_MIN_SENTENCES`), the rules' false alarms in these categories fell by a third
# to a half for 0-6 points of recall; vague commitments lost more recall than they gained
# precision, and no_problem's rules were already right.
GATED = frozenset({"excuse", "blame", "customer_work", "harsh_tone"})
RULE_GATE = 0.05
# How the suggestion line and the rule gate of the GATED categories are chosen: "precision"
# (SUGGEST_PRECISION_OF for the model alone, RULE_GATE; the shipped model) or "target"
# (`toward_target`, COACH_LINES=target). "target" was chosen on the spent blind rounds 7 and
# 8, each left out, where it raised the worst category of each round (blame 0.84 / 0.66 ->
# 0.82 / 0.77 on round 8, harsh tone 0.78 / 0.89 -> 0.83 / 0.89 on round 7), and then lost on
# the fresh round 9 (excuse 0.90 / 0.73 -> 0.89 / 0.67, blame 0.88 / 0.71 -> 0.80 / 0.71), so
# it is not the default (docs/benchmarks.md, reply check log item 17). Vague commitments are
# never chosen this way: their rules are never gated and were written on these sources.
LINES = os.environ.get("COACH_LINES", "precision")


@dataclass
class Item:
    source: str
    labels: frozenset[str]
    complaint: bool
    features: frozenset[str]
    rules: frozenset[str]  # categories the rules flag
    sentences: tuple[frozenset[str], ...] = ()  # each sentence's features (for `evidence`)
    rule_sentences: tuple[tuple[str, int], ...] = ()  # (category, sentence) of each rule finding


def load_items() -> list[Item]:
    items = []
    for name, path in SOURCES.items():
        examples = load_examples(path) if path.is_dir() else load_file(path)
        for e in examples:
            found = check_reply(e.text, complaint=e.complaint, learned=False)
            tokens = own_tokens(e.text)
            features = frozenset(reply_features(tokens, e.complaint))
            spans = sentence_features(tokens)
            parts = tuple(frozenset(p[2]) for p in spans)
            where = tuple(
                (f.category, n) for f in found for n, (first, last, _) in enumerate(spans)
                if first <= f.start < max(last, first + 1)
            )  # fmt: skip
            rules = frozenset(f.category for f in found)
            items.append(Item(name, e.labels, e.complaint, features, rules, parts, where))
    return items


def load_upset_items() -> list[Item]:
    """Customer messages: label "upset"; `rules`: the signals alone say so (a suggestion
    or a flag of `coach.upset.assess` without the model)."""
    from rightthere.coach.upset import assess

    items = []
    for name, path in UPSET_SOURCES.items():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            tokens = tokenize(row["text"])
            signals = assess(row["text"], learned=False).upset
            items.append(
                Item(name, frozenset({"upset"} if row["upset"] else ()), False,
                     frozenset(reply_features(tokens, False)),
                     frozenset({"upset"} if signals else ()),
                     tuple(frozenset(p[2]) for p in sentence_features(tokens)))
            )  # fmt: skip
    return items


def fit_upset(items: list[Item]) -> dict[str, dict]:
    """The upset model: as `fit`, with one threshold (a suggestion) at UPSET_PRECISION."""
    scored = out_of_source(items, "upset")
    a, b = platt([s for _, s, _, _ in scored], ["upset" in i.labels for i, *_ in scored])
    calibrated = [(i, sigmoid(a * s + b) if found else 0.0) for i, s, found, _ in scored]
    suggest_at = 1.0
    for t in GRID:
        hits = ["upset" in i.labels for i, p in calibrated if p >= t]
        if len(hits) >= MIN_HITS and sum(hits) / len(hits) >= UPSET_PRECISION:
            suggest_at = t
            break
    bias, weights = train(items, "upset")
    return {
        "upset": {
            "bias": round(bias, 4),
            "platt": [round(a, 4), round(b, 4)],
            "flag_at": 1.01,  # never a flag
            "suggest_at": suggest_at,
            "weights": {f: round(w, 3) for f, w in sorted(weights.items()) if round(w, 3)},
        }
    }


def upset_cross_source(items: list[Item]) -> str:
    lines = [
        "## Cross-source validation of upset detection (learned model, issue #18)",
        "",
        "'signals' = coach.upset.assess without the model (suggestion or flag); 'learned' =",
        "the model alone at its threshold; 'combined' = the check as shipped (the model lifts",
        "a message the signals miss to a suggestion). Calm messages escalated: 0 by",
        "construction with default settings (the model never makes a flag).",
        "",
        "| test set | n (upset) | signals P / R | learned P / R | combined P / R | suggest_at |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for test in (t for t in CROSS_TESTS if t in UPSET_SOURCES):
        model = fit_upset([i for i in items if i.source != test])
        tested = [i for i in items if i.source == test]
        truth = ["upset" in i.labels for i in tested]
        signals = ["upset" in i.rules for i in tested]
        at = model["upset"]["suggest_at"]
        learned = [apply(model, "upset", i) >= at for i in tested]
        combined = [s or m for s, m in zip(signals, learned, strict=True)]
        lines.append(
            f"| {test} | {len(tested)} ({sum(truth)}) | {_cell(signals, truth)} | "
            f"{_cell(learned, truth)} | {_cell(combined, truth)} | {at:.2f} |"
        )
    return "\n".join(lines) + "\n"


def applies(category: str, item: Item) -> bool:
    return item.complaint or category not in COMPLAINT_ONLY


def train(items: list[Item], category: str, seed: int = 18) -> tuple[float, dict[str, float]]:
    """Logistic regression (AdaGrad, L2) over the items' binary features."""
    rows = [i for i in items if applies(category, i)]
    counts: dict[str, int] = {}
    for item in rows:
        for f in item.features:
            counts[f] = counts.get(f, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= MIN_DOCS)
    index = {f: n for n, f in enumerate(vocabulary)}
    data = [
        (sorted(index[f] for f in item.features if f in index), category in item.labels)
        for item in rows
    ]
    weights = [0.0] * len(vocabulary)
    squares = [1e-8] * len(vocabulary)
    bias, bias_square = 0.0, 1e-8
    order = list(range(len(data)))
    rng = random.Random(seed)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for n in order:
            features, positive = data[n]
            z = bias + sum(weights[f] for f in features)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - (1.0 if positive else 0.0)
            bias_square += g * g
            bias -= RATE * g / math.sqrt(bias_square)
            for f in features:
                gradient = g + L2 * weights[f]
                squares[f] += gradient * gradient
                weights[f] -= RATE * gradient / math.sqrt(squares[f])
    return bias, {f: weights[n] for f, n in index.items() if abs(weights[n]) >= 0.01}


def raw(model: tuple[float, dict[str, float]], item: Item) -> float:
    bias, weights = model
    return bias + sum(weights.get(f, 0.0) for f in item.features)


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


def platt(scores: list[float], labels: list[bool]) -> tuple[float, float]:
    """a, b of p = sigmoid(a * score + b), fitted by gradient descent (deterministic)."""
    a, b = 1.0, 0.0
    n = len(scores) or 1
    for _ in range(2000):
        ga = gb = 0.0
        for s, y in zip(scores, labels, strict=True):
            g = sigmoid(a * s + b) - (1.0 if y else 0.0)
            ga += g * s
            gb += g
        a -= 0.5 * ga / n
        b -= 0.5 * gb / n
    return a, b


def out_of_source(items: list[Item], category: str) -> list[tuple[Item, float, bool, float]]:
    """Each item's raw score from a model trained on the other sources, whether a sentence
    weighs for the category (`scorer.evidence` > 0, which a finding needs), and the most
    that a sentence holding one of the rules' findings of the category weighs under that
    model (what `scorer.rule_stands` looks at)."""
    out = []
    for source in sorted({i.source for i in items}):
        model = train([i for i in items if i.source != source], category)
        out += [
            (
                i, raw(model, i), evidence(model[1], list(i.sentences)) > 0,
                _rule_sentence_weight({"weights": model[1]}, i, category),
            )
            for i in items
            if i.source == source and applies(category, i)
        ]  # fmt: skip
    return out


def precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float, int, int, int]:
    tp = sum(1 for guess, truth in pairs if guess and truth)
    fp = sum(1 for guess, truth in pairs if guess and not truth)
    fn = sum(1 for guess, truth in pairs if truth and not guess)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, tp, fp, fn


def thresholds(scored: list[tuple[Item, float]], category: str) -> tuple[float, float]:
    """(flag_at, suggest_at) from calibrated out-of-source probabilities: the lowest
    probabilities at which the model alone is right FLAG_PRECISION and SUGGEST_PRECISION
    of the time (at least MIN_HITS replies). The model alone, not rules + model: the
    rules were tuned on these sources, so they would hide how the model does on new
    wording."""

    def lowest(target: float) -> float:
        for t in GRID:
            hits = [category in i.labels for i, p in scored if p >= t]
            if len(hits) >= MIN_HITS and sum(hits) / len(hits) >= target:
                return t
        return 1.0

    flag_at = lowest(FLAG_PRECISION)
    return flag_at, min(lowest(SUGGEST_PRECISION_OF.get(category, SUGGEST_PRECISION)), flag_at)


# The target (#18): precision >= 0.9 and recall >= 0.85 in every category. A line is
# as good as the worse of the two measured against its target.
TARGET_PRECISION, TARGET_RECALL = 0.9, 0.85
GATES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)


def toward_target(
    scored: list[tuple[Item, float, float]], category: str, flag_at: float
) -> tuple[float, float]:
    """(suggest_at, rule_gate) of a GATED category whose findings, the shipped rules' gated
    as the check gates them plus the model's from suggest_at, come closest to the target on the out-of-source
    probabilities (`scored`: item, calibrated probability, rule-sentence weight): the
    highest min(P / 0.9, R / 0.85), ties to the higher line. Chosen this way rather than at
    a precision of the model alone, because the check is judged as rules and model together
    (docs/benchmarks.md, reply check log item 17: tried, not the default)."""
    best = (-1.0, flag_at, GATES[0])
    truth = [category in i.labels for i, _, _ in scored]
    positives = sum(truth) or 1
    for gate in GATES:
        rules = [
            category in i.rules and (
                len(i.sentences) < GATE_MIN_SENTENCES or p >= gate
                or weight > GATE_SENTENCE_WEIGHT
            )
            for i, p, weight in scored
        ]  # fmt: skip
        for line in GRID:
            if line > flag_at:
                break
            found = [r or p >= line for r, (_, p, _) in zip(rules, scored, strict=True)]
            tp = sum(1 for f, t in zip(found, truth, strict=True) if f and t)
            fp = sum(found) - tp
            precision = tp / (tp + fp) if tp + fp else 1.0
            value = min(precision / TARGET_PRECISION, tp / positives / TARGET_RECALL)
            if value >= best[0]:
                best = (value, line, gate)
    return best[1], best[2]


def fit(items: list[Item]) -> dict[str, dict]:
    """The model file's categories, trained on `items`, calibrated and thresholded on
    leave-one-source-out predictions among them."""
    out = {}
    for category in LEARNED:
        scored = out_of_source(items, category)
        a, b = platt([s for _, s, _, _ in scored], [category in i.labels for i, *_ in scored])
        # no evidence: never a finding, whatever the probability
        calibrated = [(i, sigmoid(a * s + b) if found else 0.0) for i, s, found, _ in scored]
        flag_at, suggest_at = thresholds(calibrated, category)
        gate: float | None = RULE_GATE if category in GATED else None
        if LINES == "target" and category in GATED:
            weighted = [(i, p, w) for (i, p), (*_, w) in zip(calibrated, scored, strict=True)]
            suggest_at, gate = toward_target(weighted, category, flag_at)
        bias, weights = train(items, category)
        out[category] = {
            "bias": round(bias, 4),
            "platt": [round(a, 4), round(b, 4)],
            "flag_at": flag_at,
            "suggest_at": suggest_at,
            "weights": {f: round(w, 3) for f, w in sorted(weights.items()) if round(w, 3)},
        }
        if gate is not None:
            out[category]["rule_gate"] = gate
    return out


def apply(model: dict, category: str, item: Item) -> float:
    """The calibrated probability as `scorer` gives it; 0 without evidence."""
    m = model[category]
    if evidence(m["weights"], list(item.sentences)) <= 0:
        return 0.0
    z = raw((m["bias"], m["weights"]), item)
    return sigmoid(m["platt"][0] * z + m["platt"][1])


def cross_source(items: list[Item], tests: tuple[str, ...] = CROSS_TESTS) -> str:
    lines = ["## Cross-source validation of the reply check (learned scorer, issue #18)", ""]
    lines += [
        "Train on every source except one written blind, choose calibration and thresholds",
        "on the training sources only (leave-one-source-out), score the one left out.",
        "P / R per category; 'learned' = the model alone at its suggestion threshold;",
        "'flags' = rules + the model's confident scores; 'flags or suggestions' = both levels.",
        "",
    ]
    for test in tests:
        training = [i for i in items if i.source != test]
        tested = [i for i in items if i.source == test]
        model = fit(training)
        lines += [
            f"### Test: {test} ({len(tested)} replies; trained on the other {len(training)})",
            "",
            "| category | n | rules P / R | learned P / R | flags P / R | "
            "flags or suggestions P / R | flag_at / suggest_at |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for category in CATEGORIES:
            rows = [i for i in tested if applies(category, i) or category in i.labels]
            truth = [category in i.labels for i in rows]
            rules = [category in i.rules for i in rows]
            cells = [_cell(rules, truth)]
            if category in model:
                m = model[category]
                probs = [apply(model, category, i) if applies(category, i) else 0.0 for i in rows]
                gate = m.get("rule_gate")
                if gate is not None:  # as `coach.scorer.rule_stands`
                    rules = [
                        r and (len(i.sentences) < GATE_MIN_SENTENCES or p >= gate
                               or _rule_sentence_weight(m, i, category) > GATE_SENTENCE_WEIGHT)
                        for r, p, i in zip(rules, probs, rows, strict=True)
                    ]  # fmt: skip
                cells += [
                    _cell([p >= m["suggest_at"] for p in probs], truth),
                    _cell(
                        [r or p >= m["flag_at"] for r, p in zip(rules, probs, strict=True)], truth
                    ),
                    _cell(
                        [r or p >= m["suggest_at"] for r, p in zip(rules, probs, strict=True)],
                        truth,
                    ),
                    f"{m['flag_at']:.2f} / {m['suggest_at']:.2f}",
                ]
            else:
                cells += ["–", cells[0], cells[0], "rules only"]
            lines.append(f"| {category} | {sum(truth)} | " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _rule_sentence_weight(m: dict, item: Item, category: str) -> float:
    """The most that a sentence holding one of the rules' findings of `category` weighs."""
    weights = m["weights"]
    return max(
        (sum(weights.get(f, 0.0) for f in item.sentences[n]) for c, n in item.rule_sentences
         if c == category),
        default=0.0,
    )  # fmt: skip


def _cell(guesses: list[bool], truth: list[bool]) -> str:
    p, r, *_ = precision_recall(list(zip(guesses, truth, strict=True)))
    return f"{p:.2f} / {r:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cross", action="store_true", help="print cross-source figures")
    parser.add_argument("--no-write", action="store_true", help="do not write the model")
    parser.add_argument(
        "--test", action="append", choices=CROSS_TESTS, help="with --cross: only this left out"
    )
    parser.add_argument(
        "--without", action="append", default=[], choices=list(SOURCES),
        help="leave a training source out altogether (to see what it brings)",
    )  # fmt: skip
    options = parser.parse_args()
    items = [i for i in load_items() if i.source not in options.without]
    upset_items = load_upset_items()
    if options.cross:
        print(cross_source(items, tuple(options.test or CROSS_TESTS)), flush=True)
        if not options.test:
            print(upset_cross_source(upset_items))
    if not options.no_write:
        model = {
            "about": "Learned scorer of the reply check; written by "
            "benchmarks/train_coach_scorer.py (do not edit by hand).",
            "trained_on": {s: sum(1 for i in items if i.source == s) for s in SOURCES},
            "categories": fit(items),
        }
        MODEL.parent.mkdir(exist_ok=True)
        MODEL.write_text(
            json.dumps(model, indent=0, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        for category, m in model["categories"].items():
            print(
                f"{category}: {len(m['weights'])} weights, flag_at {m['flag_at']:.2f}, "
                f"suggest_at {m['suggest_at']:.2f}"
            )
        print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} KiB)")
        upset = {
            "about": "Learned upset model of coach.upset; written by "
            "benchmarks/train_coach_scorer.py (do not edit by hand).",
            "trained_on": {s: sum(1 for i in upset_items if i.source == s) for s in UPSET_SOURCES},
            "categories": fit_upset(upset_items),
        }
        UPSET_MODEL.write_text(
            json.dumps(upset, indent=0, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        print(
            f"upset: suggest_at {upset['categories']['upset']['suggest_at']:.2f}; wrote "
            f"{UPSET_MODEL.relative_to(ROOT)} ({UPSET_MODEL.stat().st_size // 1024} KiB)"
        )


if __name__ == "__main__":
    main()

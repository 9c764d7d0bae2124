"""A learned scorer beside the reply check's rules: words and word pairs, weighed.

The rules (`coach.check`) catch the wordings they name. This scorer reads the words
and word pairs (lemmas, our own words only: quotations of the customer are left out)
of a whole reply and gives, per category, a calibrated probability that a careful
reader would flag it: logistic regression over binary features, trained by
`benchmarks/train_coach_scorer.py` on the labelled replies and stored in
`model/scorer.json` (read once, kept).

Two levels, chosen on held-back parts of the training data (see the script):

- a **flag** when the probability reaches `flag_at`, set so high that the flags'
  precision does not drop below the rules' own;
- a **suggestion** ("may read as an excuse") from `suggest_at`: softer, shown apart.

A finding covers the sentence whose words weigh most for the category. Pure: no
database; the model file is read from the package.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from rightthere.coach.pattern_matching import match_at
from rightthere.coach.patterns import parse_pattern
from rightthere.coach.rules import RuleSet
from rightthere.coach.tokens import Token, lemma

MODEL = Path(__file__).resolve().parent / "model" / "scorer.json"
# Categories the look of the text or a missing thing decides: not the scorer's. (An
# apology's absence was tried: across sources it lowered the rule's precision, 0.99 to
# 0.88, and found nothing more.)
# "No problem" and its cousins are a list of phrases, which the rules hold whole (alone on the
# spent blind rounds 2-5: P 0.98-1.00, R 0.89-0.94); the scorer added 0.06-0.11 of recall for
# up to 0.11 of precision and flagged sign-offs ("Best wishes from all of us at the garage").
NOT_LEARNED = frozenset({"shouting", "missing_apology", "no_problem"})
COMPLAINT_ONLY = frozenset({"missing_apology"})
START = "<s>"


@dataclass(frozen=True)
class CategoryModel:
    bias: float
    weights: dict[str, float]
    platt: tuple[float, float]  # calibration: p = sigmoid(a * raw + b)
    flag_at: float
    suggest_at: float
    # A shipped rule's finding of this category stands only when the model gives the reply
    # at least this probability, with evidence (None: the rules alone decide).
    rule_gate: float | None = None


@dataclass(frozen=True)
class Scored:
    category: str
    probability: float
    start: int  # the sentence that weighs most (characters); start == end: none
    end: int
    evidence: float = 0.0  # that sentence's summed weights: > 0 for a finding
    sentences: int = 0  # the reply's sentences (of our own words)


def evidence(weights: dict[str, float], sentences: list[set[str]] | list[frozenset[str]]) -> float:
    """The summed weights of the sentence that weighs most for a category. A finding needs
    evidence > 0: a reply without words for the category (an empty one, "Thanks, Friday
    9:00 is booked.") is not flagged on the model's bias alone."""
    return max((sum(weights.get(f, 0.0) for f in part) for part in sentences), default=0.0)


Part = tuple[int, int, set[str]]  # a sentence: start, end (characters), its features


def sentence_features(tokens: list[Token]) -> list[Part]:
    """(start, end in characters, features) of each sentence: lemmas of our own words,
    pairs of neighbouring lemmas, and the first lemma of the sentence marked as such.
    Quoted tokens (the customer's words) count for nothing."""
    out: list[tuple[int, int, set[str]]] = []
    features: set[str] = set()
    previous = START
    start = end = -1
    for token in tokens:
        if token.barrier:
            if features:
                if token.text != "\n":
                    features.add(token.text)
                    end = token.end
                out.append((start, end, features))
            features, previous, start = set(), START, -1
            continue
        if token.quoted:
            previous = "<q>"
            continue
        if not token.word:
            if token.text in {",", "?", "!", ":"}:
                features.add(token.text)
            continue
        current = lemma(token.text)
        features.add(current)
        features.add(f"{previous} {current}")
        previous = current
        if start < 0:
            start = token.start
        end = token.end
    if features:
        out.append((start, end, features))
    return out


def reply_features(tokens: list[Token], complaint: bool) -> set[str]:
    features: set[str] = set()
    for _start, _end, words in sentence_features(tokens):
        features |= words
    if complaint:
        features.add("<complaint>")
    return features


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@cache
def load_model(path: Path = MODEL) -> dict[str, CategoryModel]:
    """The categories' models from the package's model file ({} when there is none)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        category: CategoryModel(
            m["bias"],
            m["weights"],
            (m["platt"][0], m["platt"][1]),
            m["flag_at"],
            m["suggest_at"],
            m.get("rule_gate"),
        )  # fmt: skip
        for category, m in data["categories"].items()
    }


def raw_score(model: CategoryModel, features: set[str]) -> float:
    weights = model.weights
    return model.bias + sum(weights.get(f, 0.0) for f in features)


def probability(model: CategoryModel, raw: float) -> float:
    a, b = model.platt
    return _sigmoid(a * raw + b)


def score_reply(
    tokens: list[Token],
    *,
    complaint: bool,
    models: dict[str, CategoryModel] | None = None,
    categories: frozenset[str] | None = None,
    parts: list[Part] | None = None,
) -> list[Scored]:
    """The calibrated probability of each learned category for a tokenised reply (`parts`:
    its `sentence_features`, when the caller has them already)."""
    models = load_model() if models is None else models
    parts = sentence_features(tokens) if parts is None else parts
    features: set[str] = set().union(*(p[2] for p in parts)) if parts else set()
    if complaint:
        features.add("<complaint>")
    out = []
    for category, model in models.items():
        if categories is not None and category not in categories:
            continue
        if category in COMPLAINT_ONLY and not complaint:
            continue
        p = probability(model, raw_score(model, features))
        start = end = 0
        weight = 0.0
        if parts:
            weights = model.weights
            best = max(parts, key=lambda part: sum(weights.get(f, 0.0) for f in part[2]))
            start, end = best[0], best[1]
            weight = evidence(weights, [best[2]])
        out.append(Scored(category, p, start, end, weight, len(parts)))
    return out


def level(model: CategoryModel, p: float) -> str:
    """The level of a calibrated probability: "flag", "suggestion" or ""."""
    if p >= model.flag_at:
        return "flag"
    if p >= model.suggest_at:
        return "suggestion"
    return ""


MIN_WORDS = 5

MAY_READ_AS = {
    "no_problem": _("May read as “no problem”"),
    "excuse": _("May read as an excuse"),
    "blame": _("May read as blaming the customer"),
    "vague_commitment": _("May read as a time without a date"),
    "customer_work": _("May read as handing our work to the customer"),
    "harsh_tone": _("May read as harsh"),
    "missing_apology": _("May read as missing an apology"),
}


def learned_scores(
    tokens: list[Token],
    *,
    complaint: bool,
    categories: frozenset[str] | None = None,
    parts: list[Part] | None = None,
) -> dict[str, Scored]:
    """The scorer's reading of a tokenised reply, per category; {} for a text of fewer than
    MIN_WORDS words of our own (a subject line, "No hot water"), which is left to the rules:
    the model's guess from two or three words is a coin toss."""
    if sum(1 for t in tokens if t.word and t.text.isalpha() and not t.quoted) < MIN_WORDS:
        return {}
    scored = score_reply(tokens, complaint=complaint, categories=categories, parts=parts)
    return {s.category: s for s in scored}


def learned_levels(scores: dict[str, Scored]) -> list[tuple[Scored, str]]:
    """The categories the scorer flags or suggests, with the level."""
    models = load_model()
    out = []
    for scored in scores.values():
        found = level(models[scored.category], scored.probability)
        if found and scored.evidence > 0:
            out.append((scored, found))
    return out


# A reply of one sentence is not gated: nothing around the rule's words can own the problem.
GATE_MIN_SENTENCES = 2
# Nor a rule's finding in a sentence whose own words weigh this much for the category
# ("You should have told us the pressure was low." beside "No problem at all."): the
# reply as a whole may score low while that sentence plainly says it.
GATE_SENTENCE_WEIGHT = 1.0


def rule_stands(category: str, start: int, scores: dict[str, Scored], parts: list[Part]) -> bool:
    """Whether a shipped rule's finding of `category` (at character `start`) stands beside
    the scorer's reading. In the categories where the rules' wording also fits replies
    that do not mean it ("the courier was late" in a reply that owns the delay and says
    what we do), a reply of GATE_MIN_SENTENCES or more needs the model's probability of
    at least `rule_gate` with evidence, or the finding's own sentence weighing more than
    GATE_SENTENCE_WEIGHT. Without a reading (a short text) it stands."""
    model = load_model().get(category)
    scored = scores.get(category)
    if model is None or model.rule_gate is None or scored is None:
        return True
    if scored.sentences < GATE_MIN_SENTENCES:
        return True
    if scored.evidence > 0 and scored.probability >= model.rule_gate:
        return True
    weights = model.weights
    return any(
        sum(weights.get(f, 0.0) for f in features) > GATE_SENTENCE_WEIGHT
        for first, last, features in parts
        if first <= start < max(last, first + 1)
    )


UPSET_MODEL = MODEL.parent / "upset.json"


def upset_probability(tokens: list[Token]) -> tuple[float, float]:
    """(calibrated probability, evidence) that a customer message reads as upset, from
    the learned upset model; (0, 0) without one. The threshold is `upset_suggest_at`."""
    model = load_model(UPSET_MODEL).get("upset")
    if model is None:
        return 0.0, 0.0
    parts = [p[2] for p in sentence_features(tokens)]
    features: set[str] = set().union(*parts) if parts else set()
    return probability(model, raw_score(model, features)), evidence(model.weights, parts)


def upset_suggest_at() -> float:
    model = load_model(UPSET_MODEL).get("upset")
    return model.suggest_at if model else 1.01


def turned_off(rules: RuleSet, category: str, tokens: list[Token], start: int, end: int) -> bool:
    """Whether a pattern an owner turned off matches inside a learned finding's span
    ("np" turned off: the scorer does not flag "Np." either)."""
    off = [parse_pattern(t, rules.word_sets) for c, t in rules.turned_off if c == category]
    return any(
        match_at(p, tokens, i) is not None
        for i, token in enumerate(tokens)
        if start <= token.start < max(end, start + 1)
        for p in off
    )

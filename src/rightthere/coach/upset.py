"""Is this customer upset? Signals that customer service reads and a lexicon misses.

VADER (`coach.sentiment`) knows words such as "awful"; it does not know that a
third chaser, "you said Tuesday", "or I go to trading standards" or "thanks
for nothing" are a customer at the end of their patience, and it reads a calm
"the pipe is leaking and the boiler is broken" as very negative. This module
adds those signals, each with a weight and a reason a person can read:

- repeat contact: the case's customer messages since our last reply, and the
  words ("third time", "still no reply", "chasing again");
- deadlines and threats: refund or money back, cancelling in anger, chargeback,
  a solicitor, trading standards, the ombudsman, public reviews;
- broken promises referenced ("you said", "promised", "nobody came"), and the
  case's own history (a broken promise, a reply that is overdue);
- sarcasm: thanks or praise next to what went wrong;
- capitals and exclamation runs;
- the lexicon score and strong words;
- minus calm markers ("no rush", "could you", "just checking").

The phrases behind each signal are in `coach.upset_phrases`; `coach.folded_text`
searches them.

Pure: the history comes in as a `History`; nothing here reads the database.
"""

import re
from dataclasses import dataclass, field

from rightthere.coach.folded_text import FoldedText
from rightthere.coach.scorer import upset_probability, upset_suggest_at
from rightthere.coach.sentiment import sentence_score, text_score
from rightthere.coach.tokens import is_english_word, tokenize
from rightthere.coach.upset_phrases import (
    ACRONYMS,
    AGAIN,
    BAD_FACT,
    BROKEN,
    CALM,
    CANCEL,
    DEMAND,
    EXCLAIM,
    LEAVING,
    LEGAL,
    MONEY,
    NEGATION,
    OPENING,
    PRAISE,
    REPEAT,
    REVIEW,
    SARCASM_CUES,
    SOFT,
    STILL,
    STRONG,
    THANKS_FOR,
    WAIT,
    WAITING_CONTEXT,
    WORD,
)

FIRM = frozenset({"repeat_contact", "threat"})
SUGGEST_AT = 2.0  # a weak signal: the case page asks "looks upset: start recovery?"
FLAG_AT = 3.0  # a strong one: flagged (priority up, staff told)


@dataclass(frozen=True)
class History:
    """What the case itself says about the customer's patience (from the desk)."""

    unanswered: int = 1  # customer messages since our last reply, this one included
    broken_promises: int = 0  # promises to them broken on this case
    reply_overdue: bool = False  # the case's answer is late


@dataclass(frozen=True)
class Reason:
    signal: str  # repeat_contact, threat, broken_promise, history, sarcasm, shouting, ...
    text: str  # what a person reads on the case page
    weight: float


@dataclass(frozen=True)
class Assessment:
    score: float
    lexicon: float  # VADER compound score of the worst sentence
    reasons: tuple[Reason, ...] = field(default=())

    @property
    def level(self) -> str:
        if self.score >= FLAG_AT:
            return "flag"
        if self.score >= SUGGEST_AT:
            return "suggest"
        return "none"

    @property
    def upset(self) -> bool:
        """Looks upset: a suggestion or a flag."""
        return self.score >= SUGGEST_AT


def _shouting(text: str) -> float:
    words = [w for w in WORD.findall(text) if len(w) > 1 and w.upper() not in ACRONYMS]
    # a word in capitals that is not an English word is an acronym (CCTV, EICR)
    capitals = [w for w in words if w.isupper() and is_english_word(w)]
    if len(capitals) >= 3 and len(capitals) >= 0.4 * len(words):
        return 2.0
    if len(capitals) >= 2:
        return 2.0 if len(words) <= 12 else 1.5
    if capitals:
        return 1.0
    return 0.0


def assess(
    text: str, history: History | None = None, *, lexicon_at: float = -0.6, learned: bool = True
) -> Assessment:
    """How upset the writer of `text` looks, with the reasons, highest weights first.

    `lexicon_at`: the lexicon score at or below which the words count as one signal
    (the owner's setting; plain VADER's cut-off by default). `learned`: when the signals
    stay below a suggestion, the learned upset model (`coach.scorer`) may lift the message
    to a suggestion ("looks upset: start recovery?"), never to a flag, so it never makes
    a complaint on its own."""
    history = history or History()
    text = text[:5000]
    folded = FoldedText(text)
    reasons: list[Reason] = []

    def add(signal: str, words: str, weight: float) -> None:
        reasons.append(Reason(signal, words, weight))

    def found(pattern: re.Pattern[str]) -> str:
        return folded.search(pattern).strip()

    # Repeat contact: the case's own count, then the customer's words.
    if history.unanswered >= 3:
        add("repeat_contact", f"{history.unanswered} messages from them without our reply", 2.0)
    elif history.unanswered == 2:
        add("repeat_contact", "their second message without our reply", 1.0)
    repeat = next((m for p in REPEAT if (m := folded.search(p))), "")
    if repeat:
        add("repeat_contact", f"“{repeat.strip()}”", 2.0)
    elif again := found(AGAIN):
        add("repeat_contact", f"“{again}”", 0.75)

    # Deadlines and threats.
    legal, review, money, leaving = found(LEGAL), found(REVIEW), found(MONEY), found(LEAVING)
    demand = found(DEMAND)
    if legal:
        add("threat", f"“{legal}”", 3.0)
    if review:
        add(
            "threat", f"a public review: “{review}”", 2.0 if demand or not text.endswith("?") else 0
        )
    cancel = found(CANCEL)
    if money or leaving or cancel:
        words = money or leaving or cancel
        weight = 2.0 if (demand or leaving or legal) else 1.0 if money else 0.5
        add("threat", f"“{words}”", weight)
    elif demand and not legal:
        add("threat", f"a demand: “{demand}”", 1.0)

    # Broken promises they mention, and the case's history.
    broken = next((m for p in BROKEN if (m := folded.search(p))), "")
    if broken:
        add("broken_promise", f"“{broken.strip()}”", 2.0)
    if history.broken_promises:
        add("history", "a promise to them was broken on this case", 1.5)
    if history.reply_overdue:
        add("history", "our answer is overdue", 1.0)
    if still := found(STILL):
        add("still_not_fixed", f"“{still}”", 2.0)
    wait = folded.span(WAIT)
    if wait and folded.span(WAITING_CONTEXT):
        near = folded.span(WAITING_CONTEXT, max(0, wait[0] - 40), wait[1] + 40)
        add("long_wait", f"“{text[wait[0] : wait[1]]}”", 2.0 if near else 1.5)

    # Sarcasm: thanks or praise beside what went wrong.
    sarcasm = found(SARCASM_CUES)
    opening = FoldedText(text.strip()).search(OPENING)
    thanks_for = folded.span(THANKS_FOR)
    if thanks_for and folded.span(BAD_FACT, *thanks_for):
        add("sarcasm", f"thanks for what went wrong: “{text[slice(*thanks_for)].strip()}”", 2.5)
    elif opening and (sarcasm or folded.span(BAD_FACT)):
        add("sarcasm", f"thanks or praise beside a problem: “{opening}”", 2.5)
    elif sarcasm and folded.span(BAD_FACT):
        add("sarcasm", f"thanks or praise beside a problem: “{sarcasm}”", 2.5)
    elif (praise := found(PRAISE)) and folded.span(BAD_FACT) and not folded.span(CALM):
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
        first = sentences[0] if sentences else text
        others = " ".join(sentences[1:])
        negative = NEGATION.search(others) or (others and sentence_score(others) < -0.1)
        if PRAISE.search(first) and len(sentences) <= 3 and sentence_score(first) > 0 and negative:
            add("sarcasm", f"thanks or praise beside a problem: “{praise}”", 1.5)

    # Capitals and exclamation runs.
    shouting = _shouting(text)
    if shouting:
        add("shouting", "written in capitals" if shouting > 1 else "a word in capitals", shouting)
    if run := EXCLAIM.search(text):
        add("shouting", f"“{run.group(0)}”", 2.0 if run.group(0).count("!") >= 3 else 1.5)

    # The lexicon, and strong words it may weigh lightly.
    lexicon = text_score(text)
    strong = found(STRONG)
    if strong:
        add("strong_words", f"“{strong}”", 2.0)
    if lexicon <= lexicon_at:
        add("lexicon", f"very negative words (lexicon {lexicon:+.2f})", 1.0)

    # Calm markers pull it down: a request, a "no rush", a softener.
    # A polite word does not undo a third chaser or a threat ("Could someone please reply?").
    firm = any(
        r.weight >= 2 and r.signal in FIRM and "still" not in r.text.lower() for r in reasons
    )
    calm = found(CALM)
    if calm:
        add("calm", f"calm: “{calm}”", 0.0 if firm else -1.5)
    soft = found(SOFT)
    if soft:
        add("calm", f"calm: “{soft}”", -0.75)

    score = max(0.0, sum(r.weight for r in reasons))
    if learned and score < SUGGEST_AT:
        p, weight = upset_probability(tokenize(text))
        if weight > 0 and p >= upset_suggest_at():
            reasons.append(Reason("learned", f"reads like upset messages ({p:.0%} sure)",
                                  round(SUGGEST_AT - score, 2)))  # fmt: skip
            score = SUGGEST_AT
    shown = tuple(sorted((r for r in reasons if r.weight > 0), key=lambda r: -r.weight))
    return Assessment(round(score, 2), lexicon, shown)

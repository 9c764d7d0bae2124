"""The reply check: pure functions from a draft reply to findings. No database, no network.

Each finding has the span of text, a category, a one-line explanation and
concrete replacements. Rules are patterns over words and their lemmas
(`coach.patterns`, `coach.tokens`): "we'll get back to you", "will get back to you" and "we
will be getting back to you" are one rule. A rule does not fire right after a
negation when its category says so ("you don't need to chase the courier").
Quoted customer text (lines starting with ">", an "On ... wrote:" block, words in
any quotation marks, "as you wrote, ...") is never checked: the customer's own
words are not our wording. Nor are links (a status-page token's letters).
"""

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from django.utils.translation import gettext as _

from rightthere.coach.pattern_matching import Index, ends_at, match_at
from rightthere.coach.patterns import Pattern, parse_pattern
from rightthere.coach.rules import Category, Phrase, RuleSet, rules_for
from rightthere.coach.scorer import (
    MAY_READ_AS,
    Scored,
    learned_levels,
    learned_scores,
    rule_stands,
    sentence_features,
    turned_off,
)
from rightthere.coach.sentiment import sentence_score
from rightthere.coach.tokens import (
    NEGATIONS,
    Sentence,
    Token,
    is_english_word,
    sentences,
    tokenize,
)


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    category: str
    explanation: str
    suggestions: tuple[str, ...] = ()
    label: str = ""
    text: str = ""
    offer_promise: bool = False
    level: str = "flag"  # "flag", or "suggestion": the learned scorer's softer "may read as"
    owner_rule: bool = False  # found by a pattern an owner added (never gated by the scorer)


_Payload = tuple[Phrase, tuple[Pattern, ...], tuple[Pattern, ...]]


@dataclass(frozen=True)
class _Compiled:
    category: Category
    index: Index
    unless_before: tuple[Pattern, ...]
    unless_after: tuple[Pattern, ...]


SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
REPLY_HEADER = re.compile(
    r"^[ \t]*(?:On .{3,200}wrote:|-{2,}\s*Original Message\s*-{2,}|From: .+)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# A link is an address, not our wording (a status-page token may hold "FFO").
URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
QUOTATION = re.compile(
    r"“[^”\n]{1,400}”|\"[^\"\n]{1,400}\"|‘[^’\n]{3,400}’(?!\w)|«[^»\n]{1,400}»|„[^“”\n]{1,400}[“”]"
    # 'ASCII single quotes', not an apostrophe: opens before a word, closes after one
    r"|(?<!\w)'(?=\w)(?:[^'\n]|(?<=\w)'(?=\w)){1,400}?(?<=[\w.!?,])'(?!\w)"
)
# "As you wrote, ..." / "you said: ..." report the customer's words up to the sentence's end.
REPORTED = re.compile(
    r"\b(?:as you(?:'ve| have)? (?:wrote|written|said|put it|mentioned|described|explained|"
    r"told us|say|write)|you (?:wrote|said|told us|mentioned)(?= *[:,\-–]| that\b)|"
    r"in your (?:words|e-?mail|message)(?= *[:,\-–]))[^.!?\n]*",
    re.IGNORECASE,
)
MONTHS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
DATED = re.compile(
    r"\b(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?|today|tonight|tomorrow|this (?:morning|afternoon|evening)"
    r"|noon|midday|end of (?:the )?day|\d{1,2}[:.]\d{2}|\d{1,2}\s?(?:am|pm)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})|(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}-\d{2}-\d{2}|the \d{1,2}(?:st|nd|rd|th)"
    r"|within (?:\d+|one|two|three|four|five|ten) (?:working |business )?(?:days?|hours?)"
    # "by then": the day a sentence before named ("reply by Friday 12 June; if we have not
    # heard from you by then, we will call you").
    r"|by then)\b",
    re.IGNORECASE,
)
SENTENCE_BREAK = re.compile(r"\n|(?<!\bi\.e)(?<!\be\.g)(?<!\betc)[.!?]+(?=\s|$)", re.IGNORECASE)
CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b")
EXCLAMATIONS = re.compile(r"!{2,}|(?:\?!|!\?)[!?]*")
# Capitals that argue rather than warn ("We DID send it", "I have ALREADY reset it") are
# harsh as well as loud; "do NOT drive the car" is a warning, only loud.
ARGUING_CAPITALS = frozenset(
    {"ALREADY", "CLEARLY", "DID", "AGAIN", "ACTUALLY", "OBVIOUSLY", "YOUR", "WILL", "WAS",
     "WERE", "REPEAT", "STILL", "RESPONSIBLE", "FAULT"}
)  # fmt: skip
# A sentence that already apologises or empathises is not harsh, however negative its words.
SOFTENERS = re.compile(
    r"\b(?:sorry|apologi[sz]e|apologies|understand|frustrat\w*|regret|thank"
    r"|(?:we|I) got (?:this|it|that) wrong|(?:our|my) mistake|put(?:ting)? (?:it|this) right)",
    re.IGNORECASE,
)
SECOND_PERSON = re.compile(r"\b(?:you|your|you're|yours)\b", re.IGNORECASE)


@lru_cache(maxsize=16)
def _compile(rules: RuleSet) -> tuple[_Compiled, ...]:
    sets = rules.word_sets
    compiled = []
    for category in rules.categories:
        patterns = [
            (
                parse_pattern(p.text, sets),
                (
                    p,
                    tuple(parse_pattern(t, sets) for t in p.unless_before),
                    tuple(parse_pattern(t, sets) for t in p.unless_after),
                ),
            )
            for p in category.phrases
        ]
        compiled.append(
            _Compiled(
                category,
                Index(patterns),  # type: ignore[arg-type]
                tuple(parse_pattern(t, sets) for t in category.unless_before),
                tuple(parse_pattern(t, sets) for t in category.unless_after),
            )
        )
    return tuple(compiled)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in QUOTED_LINE.finditer(text)]
    spans += [(m.start(), m.end()) for m in QUOTATION.finditer(text)]
    spans += [(m.start(), m.end()) for m in REPORTED.finditer(text)]
    spans += [(m.start(), m.end()) for m in URL.finditer(text)]
    header = REPLY_HEADER.search(text)
    if header:
        spans.append((header.start(), len(text)))
    return spans


def own_tokens(text: str) -> list[Token]:
    """The reply's tokens, the customer's quoted words marked (as the check reads them)."""
    return tokenize(text, _quoted_spans(text))


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _sentence_at(text: str, position: int) -> tuple[int, int]:
    """The sentence around a position; "i.e." and "e.g." do not end one."""
    start = 0
    for m in SENTENCE_BREAK.finditer(text):
        if m.end() <= position:
            start = m.end()
        elif m.start() >= position:
            return start, m.end()
    return start, len(text)


def next_working_day(today: date) -> date:
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def date_phrase(today: date) -> str:
    day = next_working_day(today)
    return f"{day:%A} {day.day} {day:%B}, 17:00"


def _fill(templates: tuple[str, ...], match: str, today: date) -> tuple[str, ...]:
    return tuple(t.format(match=match, date=date_phrase(today)) for t in templates)


def _sentence_start(tokens: list[Token], i: int) -> int:
    while i > 0 and not tokens[i - 1].barrier:
        i -= 1
    return i


def _allowed(
    item: _Compiled, payload: "_Payload", tokens: list[Token], text: str, i: int, end: int
) -> bool:
    """Whether the context lets a match of tokens[i:end] stand."""
    category = item.category
    first = _sentence_start(tokens, i)
    if any(ends_at(p, tokens, i, first) for p in item.unless_before + payload[1]):
        return False
    if any(match_at(p, tokens, end) is not None for p in item.unless_after + payload[2]):
        return False
    window = category.negation_window
    if window and _negated(tokens, max(first, i - window), i):
        return False
    if category.dated_sentence_ok:
        sentence_start, sentence_end = _sentence_at(text, tokens[i].start)
        if DATED.search(text[sentence_start:sentence_end]):
            return False
    return True


def _negated(tokens: list[Token], first: int, i: int) -> bool:
    """A negation in tokens[first:i] that reaches token i: "you don't need to chase the
    courier", "not your fault"; a comma ends its reach ("if it still doesn't work,
    email us again")."""
    for token in reversed(tokens[first:i]):
        if token.text == ",":
            return False
        if token.text in NEGATIONS:
            return True
    return False


def _phrase_findings(
    text: str,
    item: _Compiled,
    tokens: list[Token],
    today: date,
    parts: list[Sentence],
    benign: list[tuple[str, int, int]] | None = None,
    complaint: bool = False,
) -> list[Finding]:
    """The category's rule matches; those the context rules out (a negation, a date in
    the sentence, an `unless`) go to `benign`, so the learned scorer leaves them too.
    On a `complaint` the category's `complaint_suggestions` (if any) are offered."""
    category = item.category
    offered = (complaint and category.complaint_suggestions) or category.suggestions
    findings = []
    covered = 0
    for i, found in item.index.matches(tokens, parts):
        if i < covered:
            continue  # inside a match already taken ("as soon as possible", not "soon")
        for end, _pattern, payload in found:
            context: _Payload = payload  # type: ignore[assignment]
            if not _allowed(item, context, tokens, text, i, end):
                if benign is not None:
                    benign.append((category.id, tokens[i].start, tokens[end - 1].end))
                continue
            phrase = context[0]
            start, stop = tokens[i].start, tokens[end - 1].end
            match = text[start:stop]
            templates = phrase.suggestions or offered
            findings.append(
                Finding(start, stop, category.id, category.explanation,
                        _fill(templates, match, today), category.label, match,
                        category.offer_promise, owner_rule=phrase.owner)
            )  # fmt: skip
            covered = end
            break
    return findings


def _capital_runs(
    text: str, category: Category, quoted: list[tuple[int, int]]
) -> list[list[re.Match[str]]]:
    """Runs of words in capitals that are shouted: not acronyms (listed, or not English
    words), not quoted, and more than one short word."""
    acronyms = {a.upper() for a in category.acronyms}
    words = [
        m
        for m in CAPS_WORD.finditer(text)
        if m.group().replace("'", "") not in acronyms
        and not _inside(m.start(), quoted)
        and is_english_word(m.group())
        and not re.match(r"-?\d", text[m.end() : m.end() + 2])  # INC-2231, a reference
    ]
    runs: list[list[re.Match[str]]] = []
    for word in words:
        if runs and text[runs[-1][-1].end() : word.start()].strip(" ,") == "":
            runs[-1].append(word)
        else:
            runs.append([word])
    return [run for run in runs if len(run) >= 2 or len(run[0].group()) >= 3]


def _harsh_capitals(text: str, harsh: Category, runs: list[list[re.Match[str]]]) -> list[Finding]:
    """Capitals that argue ("We DID send it", "THIS WAS NOT OUR FAULT")."""
    findings = []
    for run in runs:
        start, end = run[0].start(), run[-1].end()
        if any(w.group().replace("’", "'") in ARGUING_CAPITALS for w in run):
            findings.append(
                Finding(start, end, harsh.id, harsh.explanation, (text[start:end].lower(),),
                        harsh.label, text[start:end])
            )  # fmt: skip
    return findings


def _shouting(text: str, category: Category, quoted: list[tuple[int, int]]) -> list[Finding]:
    findings = []
    for run in _capital_runs(text, category, quoted):
        start, end = run[0].start(), run[-1].end()
        shout = text[start:end]
        findings.append(
            Finding(start, end, category.id, category.explanation, (shout.lower(),),
                    category.label, shout)
        )  # fmt: skip
    for m in EXCLAMATIONS.finditer(text):
        if not _inside(m.start(), quoted):
            findings.append(
                Finding(m.start(), m.end(), category.id, category.explanation, ("!", "."),
                        category.label, m.group())
            )  # fmt: skip
    return findings


def _harsh_sentences(
    text: str, category: Category, quoted: list[tuple[int, int]], taken: list[Finding]
) -> list[Finding]:
    threshold = category.threshold if category.threshold is not None else -0.6
    findings = []
    for m in SENTENCE.finditer(text):
        start, end = m.span()
        sentence = m.group().strip()
        if not sentence or _inside(start + len(m.group()) - len(m.group().lstrip()), quoted):
            continue
        if any(start <= f.start < end for f in taken):
            continue  # already explained by a more specific finding in this sentence
        if SOFTENERS.search(sentence) or not SECOND_PERSON.search(sentence):
            continue
        if sentence_score(sentence) <= threshold:
            lead = len(m.group()) - len(m.group().lstrip())
            findings.append(
                Finding(start + lead, start + lead + len(sentence), category.id,
                        category.explanation, (), category.label, sentence)
            )  # fmt: skip
    return findings


def _missing_apology(
    text: str, item: _Compiled, tokens: list[Token], today: date, parts: list[Sentence]
) -> list[Finding]:
    if _phrase_findings(text, item, tokens, today, parts):
        return []
    category = item.category
    return [Finding(0, 0, category.id, category.explanation, category.suggestions, category.label)]


def check_reply(
    text: str,
    *,
    complaint: bool = False,
    rules: RuleSet | None = None,
    today: date | None = None,
    categories: frozenset[str] | None = None,
    learned: bool = True,
) -> list[Finding]:
    """Findings for a draft reply, in the order they appear.

    `complaint` adds the missing-apology check (a reply on a complaint starts
    with an apology). `categories` limits the check to some categories. `learned`
    adds the learned scorer's findings (`coach.scorer`) where the rules found nothing
    of the category: a flag when it is confident, else a suggestion; and in the
    categories the model gates (`rule_gate`), a shipped rule's finding stands only when
    the model also reads the reply that way (an owner's own patterns always stand).
    """
    rules = rules or rules_for("en")
    today = today or date.today()  # noqa: DTZ011 - only the suggested date's weekday
    quoted = _quoted_spans(text)
    tokens = tokenize(text, quoted)
    parts = sentences(tokens)
    findings: list[Finding] = []
    compiled = [c for c in _compile(rules) if categories is None or c.category.id in categories]
    harsh: Category | None = None
    shouting = rules.get("shouting")
    benign: list[tuple[str, int, int]] = []
    for item in compiled:
        category_id = item.category.id
        if category_id == "missing_apology":
            if complaint:
                findings += _missing_apology(text, item, tokens, today, parts)
        elif category_id == "shouting":
            findings += _shouting(text, item.category, quoted)
        else:
            findings += _phrase_findings(text, item, tokens, today, parts, benign, complaint)
            if category_id == "harsh_tone":
                harsh = item.category
    if harsh is not None:
        if shouting is not None:
            findings += _harsh_capitals(text, harsh, _capital_runs(text, shouting, quoted))
        findings += _harsh_sentences(text, harsh, quoted, findings)
    if learned:
        features = sentence_features(tokens)
        scores = learned_scores(tokens, complaint=complaint, categories=categories, parts=features)
        findings = [
            f for f in findings
            if f.owner_rule or rule_stands(f.category, f.start, scores, features)
        ]  # fmt: skip
        findings += _learned(text, tokens, rules, scores, findings, benign)
    return _merge_neighbours(
        sorted(_without_overlaps(findings), key=lambda f: (f.start, f.end)), text
    )


def _learned(
    text: str,
    tokens: list[Token],
    rules: RuleSet,
    scores: dict[str, Scored],
    found: list[Finding],
    benign: list[tuple[str, int, int]],
) -> list[Finding]:
    """The learned scorer's findings in categories the rules did not flag, and not on a
    sentence where the rules saw the category's words and ruled them out by context
    ("you don't need to chase the courier"), nor, for a category a date settles, on a
    dated sentence."""
    taken = {f.category for f in found}
    out = []
    for scored, level in learned_levels(scores):
        category = rules.get(scored.category)
        if category is None or scored.category in taken:
            continue
        if turned_off(rules, scored.category, tokens, scored.start, scored.end):
            continue
        if category.learned_needs and not _asks(tokens, category.learned_needs, rules.sets):
            continue
        if any(c == category.id and scored.start <= s < max(scored.end, s + 1)
               for c, s, _ in benign):  # fmt: skip
            continue
        if category.dated_sentence_ok and DATED.search(text[scored.start : scored.end]):
            continue
        explanation = category.explanation
        if level == "suggestion":
            maybe = MAY_READ_AS.get(category.id) or _("May need a look")
            explanation = f"{maybe}: {explanation}"
        suggestions = category.suggestions if scored.start == scored.end else ()
        out.append(
            Finding(scored.start, scored.end, category.id, explanation, suggestions,
                    category.label, text[scored.start : scored.end], category.offer_promise,
                    level)
        )  # fmt: skip
    return out


@lru_cache(maxsize=64)
def _need_patterns(
    needs: tuple[str, ...], sets: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[Pattern, ...]:
    return tuple(parse_pattern(t, dict(sets)) for t in needs)


def _asks(
    tokens: list[Token], needs: tuple[str, ...], sets: tuple[tuple[str, tuple[str, ...]], ...]
) -> bool:
    """Whether our own words (not the customer's, quoted) match one of a category's
    `learned_needs` patterns anywhere in the reply."""
    patterns = _need_patterns(needs, sets)
    return any(
        match_at(p, tokens, i) is not None
        for i, token in enumerate(tokens)
        if token.word and not token.quoted
        for p in patterns
    )


def _merge_neighbours(findings: list[Finding], text: str) -> list[Finding]:
    """One finding for one thought: "we'll get back to you" + " soon" is a single vague
    commitment, and its suggestion replaces the whole span."""
    merged: list[Finding] = []
    for finding in findings:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.category == finding.category
            and last.end <= finding.start
            and not text[last.end : finding.start].strip(" ,")
        ):
            merged[-1] = replace(last, end=finding.end, text=text[last.start : finding.end])
            continue
        merged.append(finding)
    return merged


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Within one category keep the longest of overlapping spans ("as soon as possible",
    not also "soon")."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.category, f.start, -(f.end - f.start))):
        if any(
            k.category == finding.category and k.start <= finding.start < max(k.end, k.start + 1)
            for k in kept
        ):
            continue
        kept.append(finding)
    return kept

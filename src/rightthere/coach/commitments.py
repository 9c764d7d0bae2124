"""Promises read from a reply: "we will send the engineer by Friday" -> what, and by when.

Each sentence of the reply that commits us ("we will", "I'll", "our plumber will",
"your refund will be", "is booked for", ...) is read for a date or time:
weekdays, "today", "tomorrow", "this afternoon", "end of the week", "within two
working days" (counted on the desk's open days, holidays skipped), "within the
hour", "in two weeks", and calendar dates ("on the 14th", "25 March", "Thursday
19 March", parsed by dateparser). A commitment with a date is `dated`; one without
("we'll get back to you soon") is `vague`, with a suggestion asking for a date.

The due moment: the time said ("at 10", "by 5pm", "between 8 and 12" -> 12:00),
else noon for a morning, else the desk's closing time that day (17:00 when no
opening hours are set). Pure: the opening hours come in as data.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import dateparser

from rightthere.cases.business_hours import add_business_days

Periods = Mapping[int, list[tuple[time, time]]]
END_OF_DAY = time(17, 0)
NOON = time(12, 0)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14, "a couple of": 2,
}  # fmt: skip
MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
NUM = (
    r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|a couple of)"
)
DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
ORD = r"(?:\d{1,2}(?:st|nd|rd|th)?)"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Our commitment: we / I / our people or things, in the future.
COMMIT = _rx(
    r"\b(?:(?:[\w'-]+|(?:our|the|your|an?) [\w'-]+(?: [\w'-]+){0,2})"
    r"(?:'ll|\s+will|\s+shall|\s+(?:is|are|'s|'re|am|'m)\s+going\s+to|\s+should|\s+can|\s+aim\s+to|"
    r"\s+(?:is|are|'s|'re)\s+(?:booked|scheduled|due|coming|on (?:his|her|their|its) way)))\b"
    r"|\b(?:is|are) booked (?:for|in)\b|\bexpect (?:a call|our|the|to hear|an?)\b"
    r"|\b(?:we|i|he|she|they|the \w+|our \w+) (?:come|comes|arrive|arrives|visit|deliver)\b"
    r"|\band (?:will|shall)\b|\b(?:you'll|you will) (?:have|get|receive|hear)\b|\bwe can (?:do|start|come|book|fit)\b"
)
NOT_OURS = _rx(
    r"\b(?:you(?:'ll| will) need|you(?:'ll| will) have to|could you|can you|would you|please|"
    r"let (?:us|me) know|if you|make sure|remember to|did you|do you|will you|"
    r"(?:will|'ll) be (?:closed|down|unavailable|shut|away|off))\b"
)
VAGUE_WORDS = _rx(
    r"\b(?:soon|shortly|as soon as (?:possible|we can|one is available|they can|it'?s)|asap|"
    r"in due course|at some point|when we can|when (?:the|it|we|they|one)\b[^.]*|"
    r"get back to you|be in touch|keep you posted|let you know|look into|look at|"
    r"see what we can do|sort (?:it|this) out|update you|come back to you|next week|"
    r"this week|later this week|after the weekend|as quickly as)\b"
)
PAST_ONLY = _rx(r"\b(?:was|were|went|came|had|visited|replaced|found|did)\b")

# Date and time phrases, longest first.
DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "working_days",
        _rx(rf"\b(?:within|in|over the next)\s+({NUM})\s+(?:working|business)\s+days?\b"),
    ),
    ("next_working_day", _rx(r"\b(?:the )?next (?:working|business) day\b")),
    ("hours", _rx(rf"\b(?:within|in)\s+(?:the\s+next\s+)?({NUM}|\d+)\s+(hours?|minutes?|mins?)\b")),
    ("the_hour", _rx(r"\bwithin the hour\b|\bin the next hour\b|\bin an hour\b")),
    (
        "days",
        _rx(
            rf"\b(?:within|in)\s+(?:the\s+next\s+)?({NUM})\s+(days?|weeks?)\b|\bin a fortnight\b|\bwithin a week\b"
        ),
    ),
    ("end_of_next_week", _rx(r"\b(?:by )?(?:the )?end of next week\b|\bfriday next week\b")),
    ("end_of_week", _rx(r"\b(?:by )?(?:the )?end of (?:the|this) week\b")),
    ("end_of_month", _rx(r"\b(?:by )?(?:the )?end of (?:the|this) month\b")),
    (
        "calendar",
        _rx(
            rf"\b(?:{DAY},?\s+)?(?:the\s+)?{ORD}\s+(?:of\s+)?{MONTHS}\b"
            rf"|\b(?:{DAY},?\s+)?{MONTHS}\s+{ORD}\b"
            rf"|\b{DAY}\s+(?:the\s+)?{ORD}\b"
            rf"|\b(?:on|by|before|until|from)\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)\b"
        ),
    ),
    ("next_weekday", _rx(rf"\bnext ({DAY})\b")),
    ("weekday", _rx(rf"\b({DAY})\b")),
    ("tomorrow", _rx(r"\btomorrow\b")),
    (
        "today",
        _rx(
            r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b|\blater today\b"
            r"|\b(?:by |before )?(?:the )?end of (?:the )?day\b|\bbefore we close\b"
            r"|\b(?:by|before) close of business\b|\bby (?:\d{1,2}(?::\d\d)?\s*(?:am|pm)|noon)\b"
            r"|\bbefore \d{1,2}(?::\d\d)?\s*(?:am|pm)\b"
        ),
    ),
]
TIME_OF_DAY = _rx(
    r"\b(?:at|by|before|from|after|around)\s+(\d{1,2})(?:[:.](\d\d))?\s*(am|pm|o'clock)?\b(?!\s*(?:working|business|days?|hours?|minutes?|weeks?|%))"
    r"|\bbetween\s+(\d{1,2})(?:[:.](\d\d))?\s*(?:am|pm)?\s+and\s+(\d{1,2})(?:[:.](\d\d))?\s*(am|pm)?"
    r"|\b(noon|midday|lunchtime)\b|\b(morning|first thing)\b"
)
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


@dataclass(frozen=True)
class Commitment:
    kind: str  # "dated" or "vague"
    start: int  # the sentence's span in the reply
    end: int
    sentence: str
    what: str  # "send the engineer"
    due: datetime | None  # local time; None when vague
    when_text: str  # the words that gave the date ("by Friday")
    suggestion: str  # for a vague one: ask for a date


def _number(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdecimal() else NUMBERS.get(word, 1)


def _weekday(word: str) -> int:
    word = word.lower()[:3]
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word))


def _next_weekday(today: date, weekday: int) -> date:
    """The next such day after today (a week on when it is today)."""
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _closing(day: date, periods: Periods) -> time:
    spans = periods.get(day.weekday(), [])
    return max(c for _, c in spans) if spans else END_OF_DAY


@cache
def _dateparser_settings(base: datetime) -> dict[str, object]:
    return {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY"}


def _calendar_date(phrase: str, now: datetime) -> date | None:
    cleaned = re.sub(r"^(?:on|by|before|until|from)\s+", "", phrase.strip(), flags=re.I)
    cleaned = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", cleaned)
    base = now.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings=_dateparser_settings(base),
    )
    if parsed is None:
        return None
    day = parsed.date()
    if not re.search(MONTHS, cleaned, re.I) and day < now.date():
        # "the 3rd" when the 3rd has passed: next month's
        month = now.month % 12 + 1
        year = now.year + (now.month == 12)
        try:
            day = date(year, month, day.day)
        except ValueError:
            return None
    return day


# A clock time right after the date's words: "Wednesday 9 December, 17:00", "Friday at 3pm",
# "Tuesday 12th 9:30". It is the due time, and it is cut from what we do with the date.
TIME_AFTER_DATE = _rx(
    r"^(?:,?\s*(?:at|from|by|before|around)\s+(\d{1,2})(?:[:.](\d\d))?\s*(am|pm|o'clock)?"
    r"|,?\s+(\d{1,2}):(\d\d)\s*(am|pm)?)\b"
    r"(?!\s*(?:working|business|days?|hours?|minutes?|weeks?|%))"
)
# A 24-hour time alone ("17:00"), when no "at"/"by" says it.
BARE_CLOCK = re.compile(r"(?<![\d:.,£$€])([01]?\d|2[0-3]):([0-5]\d)\b(?!\s*%)")
# The word that led to the date's words, cut with them ("come on Wednesday 9 December").
PREPOSITION_BEFORE = _rx(r"\b(?:on|by|before|until|till|from|for|at|in|within)\s+$")


def _clock(hour: int, minute: int, suffix: str) -> time | None:
    if suffix == "pm" and hour < 12:
        hour += 12
    elif not suffix and 1 <= hour <= 7:
        hour += 12  # "at 3" during the working day is the afternoon
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _time_said(sentence: str) -> time | None:
    match = TIME_OF_DAY.search(sentence)
    if not match:
        bare = BARE_CLOCK.search(sentence)
        return time(int(bare.group(1)), int(bare.group(2))) if bare else None
    g = match.groups()
    if g[0]:
        hour, minute, suffix = int(g[0]), int(g[1] or 0), (g[2] or "").lower()
    elif g[3]:
        hour, minute, suffix = int(g[5]), int(g[6] or 0), (g[7] or "").lower()
    elif g[8]:
        return NOON if g[8].lower() != "lunchtime" else time(13, 0)
    else:
        return NOON
    return _clock(hour, minute, suffix)


def _time_after(sentence: str, end: int) -> tuple[time | None, int]:
    """The time said right after the date's words ending at `end`, and where it ends."""
    match = TIME_AFTER_DATE.search(sentence[end:])
    if not match:
        return None, end
    g = match.groups()
    if g[0]:
        said = _clock(int(g[0]), int(g[1] or 0), (g[2] or "").lower())
    else:
        said = _clock(int(g[3]), int(g[4]), (g[5] or "").lower())
    return (said, end + match.end()) if said else (None, end)


def _cut_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The date's words with the preposition before them."""
    before = PREPOSITION_BEFORE.search(sentence[:start])
    return (before.start() if before else start), end


def _resolve(
    kind: str, match: re.Match[str], now: datetime, periods: Periods, holidays: Iterable[date]
) -> tuple[date, time | None] | datetime | None:
    today = now.date()
    if kind == "working_days":
        moment = add_business_days(now, _number(match.group(1)), periods, holidays)
        return moment.date(), None
    if kind == "next_working_day":
        return add_business_days(now, 1, periods, holidays).date(), None
    if kind == "hours":
        amount = _number(match.group(1))
        unit = match.group(2).lower()
        return now + (
            timedelta(hours=amount) if unit.startswith("h") else timedelta(minutes=amount)
        )
    if kind == "the_hour":
        return now + timedelta(hours=1)
    if kind == "days":
        text = match.group(0).lower()
        if "fortnight" in text:
            return today + timedelta(days=14), None
        if "within a week" in text:
            return today + timedelta(days=7), None
        amount, unit = _number(match.group(1)), match.group(2).lower()
        return today + timedelta(days=amount * (7 if unit.startswith("w") else 1)), None
    if kind == "end_of_week":
        return today + timedelta(days=(4 - today.weekday()) % 7), None
    if kind == "end_of_next_week":
        return today + timedelta(days=(4 - today.weekday()) % 7 + 7), None
    if kind == "end_of_month":
        first_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
        return first_next - timedelta(days=1), None
    if kind == "calendar":
        day = _calendar_date(match.group(0), now)
        return (day, None) if day else None
    if kind == "next_weekday":
        return _next_weekday(today, _weekday(match.group(1))), None
    if kind == "weekday":
        return _next_weekday(today, _weekday(match.group(1))), None
    if kind == "tomorrow":
        return today + timedelta(days=1), None
    if kind == "today":
        return today, None
    return None


def _due(
    sentence: str, now: datetime, periods: Periods, holidays: Iterable[date]
) -> tuple[datetime, str, tuple[int, int]] | None:
    """The due moment, the words that gave it, and the span to cut from what we do
    (the words with their preposition and a time said right after them)."""
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(sentence):
            resolved = _resolve(kind, match, now, periods, holidays)
            if resolved is None:
                continue
            if isinstance(resolved, datetime):
                return resolved, match.group(0), _cut_span(sentence, *match.span())
            day, _ = resolved
            if day < now.date():
                continue
            said, end = _time_after(sentence, match.end())
            if said is None:
                said = _time_said(sentence)
            if said is None:
                morning = re.search(r"(?i)\bmorning\b|\bfirst thing\b", sentence)
                said = NOON if morning else _closing(day, periods)
            moment = datetime.combine(day, said, tzinfo=now.tzinfo)
            return moment, match.group(0), _cut_span(sentence, match.start(), end)
    return None


WHAT_START = _rx(
    r"\b(?:we|i)(?:'ll|\s+will|\s+shall|\s+(?:are|am|'re|'m)\s+going\s+to|\s+can|\s+aim\s+to|\s+should)\s+"
)


# Someone else does it ("Sam will call you", "the engineer is coming", "you'll get the
# quote"): the promise is still ours, read after "We will" ("have Sam call you", "make sure
# you get the quote"), as the chip, the panel and the status page show it.
OTHER_SUBJECT = re.compile(
    r"\b(?P<subject>(?:[Oo]ur|[Tt]he|[Yy]our) [\w'-]+(?: [\w'-]+){0,2}?|(?!You\b|We\b|I\b)[A-Z][\w'-]+|"
    r"[Hh]e|[Ss]he|[Tt]hey|[Ii]t)"
    r"(?:'ll|\s+will|\s+shall|\s+(?:is|are|'s|'re)\s+going\s+to|\s+should|\s+can)\s+"
    r"|\b(?P<subject_is>(?:[Oo]ur|[Tt]he) [\w'-]+(?: [\w'-]+){0,2}?|(?!You\b|We\b|I\b)[A-Z][\w'-]+|[Hh]e|[Ss]he|[Tt]hey)"
    r"\s+(?:is|are|'s|'re)\s+(?=booked|scheduled|coming\b)"
)
YOU_GET = re.compile(r"(?i)\byou(?:'ll|\s+will)\s+(?=have|get|receive|hear)")
OBJECT_PRONOUN = {"he": "him", "she": "her", "they": "them", "it": "it"}


def _ours(text: str) -> str:
    """The part of a commitment after "We will", when someone else is its subject."""
    you = YOU_GET.search(text)
    other = OTHER_SUBJECT.search(text)
    if you and (other is None or you.start() <= other.start()):
        return "make sure you " + text[you.end() :]
    if other is None:
        return text
    subject = other.group("subject") or other.group("subject_is") or ""
    if subject.split()[0].lower() in {"our", "the", "your"}:
        subject = subject[0].lower() + subject[1:]
    subject = OBJECT_PRONOUN.get(subject.lower(), subject)
    rest = text[other.end() :]
    if other.group("subject_is") and rest.startswith("coming"):
        rest = "come" + rest[len("coming") :]
    return f"have {subject} {rest}"


def _what(sentence: str, cut: tuple[int, int] | None) -> str:
    if cut is not None:
        sentence = sentence[: cut[0]] + " " + sentence[cut[1] :]
    text = sentence.strip().rstrip(".!? ")
    start = WHAT_START.search(text)
    text = text[start.end() :] if start else _ours(text)
    # A clock time left beside the date's words ("tomorrow at 10": the date read "tomorrow")
    # is part of the due time, not of what we do.
    text = re.sub(
        r"(?i)\s+(?:at|by|before|from|around)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|h)?\b", " ", text
    )
    if cut is not None:
        text = BARE_CLOCK.sub(" ", text)
    text = re.sub(
        r"(?i)\s+(?:by|on|at|within|before|from|until|in|for|between)\s*(?=$|[,;])", "", text
    )
    # a preposition the date was taken from ("on at", "booked for by")
    text = re.sub(r"(?i)\s+(?:on|for|by|at|in)(?=\s+(?:on|for|by|at|in|before|until)\b)", "", text)
    text = re.sub(
        r"(?i)\s+(?:by|on|at|within|before|from|until|in|for|between)\s*(?=$|[,;])", "", text
    )
    text = re.sub(r"(?i)\b(?:and|but)\s*$", "", text)
    # no space before a comma, and one comma where cutting left two ("right , and")
    text = re.sub(r"\s+([,;:])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;-")
    return text[:300]


def read_commitments(
    text: str,
    *,
    now: datetime,
    periods: Periods | None = None,
    holidays: Iterable[date] = (),
) -> list[Commitment]:
    """Our commitments in a reply, in order; `now` is when it is sent (local, aware)."""
    periods = periods or {}
    holidays = tuple(holidays)
    found: list[Commitment] = []
    for match in SENTENCE.finditer(text[:20_000]):
        sentence = match.group(0)
        stripped = sentence.strip()
        if not stripped or stripped.startswith(">") or stripped.endswith("?"):
            continue
        if not COMMIT.search(sentence) or NOT_OURS.search(sentence):
            continue
        due = _due(sentence, now, periods, holidays)
        if due is not None:
            moment, when_text, cut = due
            found.append(Commitment("dated", match.start(), match.end(), stripped,
                                    _what(sentence, cut), moment, when_text, ""))  # fmt: skip
        elif VAGUE_WORDS.search(sentence) or re.search(r"(?i)\b(?:we|i)(?:'ll| will)\b", sentence):
            found.append(Commitment("vague", match.start(), match.end(), stripped,
                                    _what(sentence, None), None, "",
                                    "Say by when, e.g. “by Friday 17:00”, and it becomes a promise."))  # fmt: skip
    return found

"""Reply-check rules: one TOML file per language, validated when Rightthere starts.

A bad file stops start-up with the file, the entry and what is wrong, so a
typo is found by whoever edits the file, not by an agent pressing Send.
"""

import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

RULES_DIR = Path(__file__).resolve().parent

CATEGORIES = (
    "no_problem",
    "excuse",
    "blame",
    "vague_commitment",
    "customer_work",
    "missing_apology",
    "shouting",
    "harsh_tone",
)
CATEGORY_KEYS = {
    "label", "explanation", "suggestions", "phrases", "patterns", "unless_before",
    "unless_after", "offer_promise", "dated_sentence_ok", "threshold", "acronyms",
    "negation_window", "learned_needs", "complaint_suggestions",
}  # fmt: skip
PLACEHOLDERS = {"match", "date"}
PATTERN_LENGTH = 600


class RuleFileError(ImproperlyConfigured):
    """A rule file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Phrase:
    text: str
    suggestions: tuple[str, ...] = ()
    unless_before: tuple[str, ...] = ()  # besides the category's own
    unless_after: tuple[str, ...] = ()
    owner: bool = field(default=False, kw_only=True)  # added by an owner, not shipped


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    explanation: str
    suggestions: tuple[str, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    # In a reply on a complaint, instead of `suggestions` ("No problem" is not answered
    # with "You're welcome" there).
    complaint_suggestions: tuple[str, ...] = field(default=(), kw_only=True)
    unless_before: tuple[str, ...] = ()
    unless_after: tuple[str, ...] = ()
    offer_promise: bool = False
    dated_sentence_ok: bool = False
    threshold: float | None = None
    acronyms: frozenset[str] = field(default_factory=frozenset)
    negation_window: int = 0
    # The learned scorer's finding of this category needs one of these patterns in our own
    # words somewhere in the reply (handing work over needs a request: "please", "could you").
    learned_needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    language: str
    categories: tuple[Category, ...]
    sets: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (category, pattern) pairs an owner turned off: the learned scorer does not flag them
    turned_off: tuple[tuple[str, str], ...] = ()

    @property
    def word_sets(self) -> dict[str, tuple[str, ...]]:
        return dict(self.sets)

    def get(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def with_phrases(
        self,
        extra: Iterable[tuple[str, str, str]],
        disabled: Iterable[tuple[str, str]] = (),
    ) -> "RuleSet":
        """These rules plus (category, pattern, suggestion) triples added by an owner,
        without the shipped (category, pattern) pairs an owner turned off."""
        added: dict[str, list[Phrase]] = {}
        for category_id, text, suggestion in extra:
            added.setdefault(category_id, []).append(
                Phrase(text.strip(), (suggestion,) if suggestion else (), owner=True)
            )
        off = {(c, phrase_key(t)) for c, t in disabled}
        return replace(
            self,
            turned_off=self.turned_off + tuple((c, t) for c, t in disabled),
            categories=tuple(
                replace(
                    c,
                    phrases=tuple(p for p in c.phrases if (c.id, phrase_key(p.text)) not in off)
                    + tuple(added.get(c.id, ())),
                )
                for c in self.categories
            ),
        )


def phrase_key(text: str) -> str:
    """A pattern as compared for duplicates: case, ’ and runs of spaces do not count."""
    return " ".join(text.lower().replace("’", "'").split())


def check_pattern(text: str, sets: Mapping[str, tuple[str, ...]] | None = None) -> None:
    """Raise ValueError (PatternError) when a pattern cannot be read."""
    from rightthere.coach.patterns import parse_pattern

    parse_pattern(text, sets)


def check_suggestion(text: str) -> None:
    """Raise ValueError when a suggestion uses a placeholder other than {match} or {date}."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ValueError(f"suggestion {text!r} has unbalanced braces") from error
    unknown = names - PLACEHOLDERS
    if unknown:
        raise ValueError(
            f"suggestion {text!r} uses {{{unknown.pop()}}}; only {{match}} and {{date}} are known"
        )


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.sets: dict[str, tuple[str, ...]] = {}

    def pattern(self, text: str, where: str) -> str:
        try:
            check_pattern(text, self.sets)
        except ValueError as error:
            raise self.fail(where, f"{text!r}: {error}") from error
        return text

    def fail(self, where: str, problem: str) -> RuleFileError:
        return RuleFileError(f"Reply-check rule file {self.source}: {where}: {problem}.")

    def text(self, value: object, where: str, longest: int = 200) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be non-empty text")
        if len(value) > longest:
            raise self.fail(where, f"is too long (at most {longest} characters)")
        return value.strip()

    def texts(
        self, value: object, where: str, *, allow_empty_items: bool = False, longest: int = 200
    ) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list of text")
        items = []
        for i, item in enumerate(value):
            if allow_empty_items and item == "":
                items.append("")
                continue
            items.append(self.text(item, f"{where}[{i}]", longest))
        return items

    def suggestions(self, value: object, where: str) -> tuple[str, ...]:
        items = self.texts(value, where, allow_empty_items=True)
        for i, item in enumerate(items):
            try:
                check_suggestion(item)
            except ValueError as error:
                raise self.fail(f"{where}[{i}]", str(error)) from error
        return tuple(items)

    def phrase(self, value: object, where: str) -> Phrase:
        if isinstance(value, str):
            return Phrase(self.pattern(self.text(value, where, PATTERN_LENGTH), where))
        if not isinstance(value, dict):
            raise self.fail(where, "must be text or a table { text = ..., suggestions = [...] }")
        unknown = set(value) - {"text", "suggestions", "unless_before", "unless_after"}
        if unknown:
            raise self.fail(where, f"unknown key {sorted(unknown)[0]!r}")
        if "text" not in value:
            raise self.fail(where, "needs a text")
        return Phrase(
            self.pattern(
                self.text(value["text"], f"{where}.text", PATTERN_LENGTH), f"{where}.text"
            ),
            self.suggestions(value.get("suggestions", []), f"{where}.suggestions"),
            *(
                tuple(
                    self.pattern(t, f"{where}.{key}[{i}]")
                    for i, t in enumerate(
                        self.texts(value.get(key, []), f"{where}.{key}", longest=PATTERN_LENGTH)
                    )
                )
                for key in ("unless_before", "unless_after")
            ),
        )

    def category(self, category_id: str, data: object) -> Category:
        where = f"categories.{category_id}"
        if category_id not in CATEGORIES:
            raise self.fail(where, f"unknown category; use one of {', '.join(CATEGORIES)}")
        if not isinstance(data, dict):
            raise self.fail(where, "must be a table")
        unknown = set(data) - CATEGORY_KEYS
        if unknown:
            raise self.fail(where, f"unknown key {sorted(unknown)[0]!r}")
        for key in ("label", "explanation"):
            if key not in data:
                raise self.fail(where, f"needs a {key}")
        phrases = []
        seen: set[str] = set()
        for key in ("phrases", "patterns"):
            for i, p in enumerate(self._list(data, key, where)):
                phrase = self.phrase(p, f"{where}.{key}[{i}]")
                if phrase_key(phrase.text) in seen:
                    raise self.fail(f"{where}.{key}[{i}]", f"{phrase.text!r} is listed twice")
                seen.add(phrase_key(phrase.text))
                phrases.append(phrase)
        context = {}
        for key in ("unless_before", "unless_after", "learned_needs"):
            context[key] = tuple(
                self.pattern(t, f"{where}.{key}[{i}]")
                for i, t in enumerate(
                    self.texts(data.get(key, []), f"{where}.{key}", longest=PATTERN_LENGTH)
                )
            )
        window = data.get("negation_window", 0)
        if not isinstance(window, int) or isinstance(window, bool) or not 0 <= window <= 8:
            raise self.fail(f"{where}.negation_window", "must be a whole number from 0 to 8")
        threshold = data.get("threshold")
        if threshold is not None and (
            not isinstance(threshold, int | float)
            or isinstance(threshold, bool)
            or not -1 <= threshold <= 0
        ):
            raise self.fail(f"{where}.threshold", "must be a number from -1 to 0")
        for flag in ("offer_promise", "dated_sentence_ok"):
            if not isinstance(data.get(flag, False), bool):
                raise self.fail(f"{where}.{flag}", "must be true or false")
        return Category(
            id=category_id,
            label=self.text(data["label"], f"{where}.label"),
            explanation=self.text(data["explanation"], f"{where}.explanation"),
            suggestions=self.suggestions(data.get("suggestions", []), f"{where}.suggestions"),
            complaint_suggestions=self.suggestions(
                data.get("complaint_suggestions", []), f"{where}.complaint_suggestions"
            ),
            phrases=tuple(phrases),
            unless_before=context["unless_before"],
            unless_after=context["unless_after"],
            learned_needs=context["learned_needs"],
            negation_window=window,
            offer_promise=data.get("offer_promise", False),
            dated_sentence_ok=data.get("dated_sentence_ok", False),
            threshold=float(threshold) if threshold is not None else None,
            acronyms=frozenset(self.texts(data.get("acronyms", []), f"{where}.acronyms")),
        )

    def _list(self, data: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{where}.{key}", "must be a list")
        return value

    def word_sets(self, value: object) -> None:
        if not isinstance(value, dict):
            raise self.fail("sets", "must be a table of name = [words or patterns]")
        for name, entries in value.items():
            if not name.isidentifier() or not name.islower():
                raise self.fail(f"sets.{name}", "a set's name is lower-case letters and _")
            self.sets[name] = tuple(self.texts(entries, f"sets.{name}", longest=PATTERN_LENGTH))
        for name, entries in self.sets.items():
            for i, entry in enumerate(entries):
                self.pattern(entry, f"sets.{name}[{i}]")

    def rule_set(self, data: Mapping[str, Any]) -> RuleSet:
        unknown = set(data) - {"language", "categories", "sets"}
        if unknown:
            raise self.fail("top level", f"unknown key {sorted(unknown)[0]!r}")
        language = self.text(data.get("language", ""), "language")
        self.word_sets(data.get("sets", {}))
        categories = data.get("categories")
        if not isinstance(categories, dict) or not categories:
            raise self.fail("categories", "needs at least one [categories.<id>] table")
        return RuleSet(
            language=language,
            categories=tuple(self.category(cid, value) for cid, value in categories.items()),
            sets=tuple(self.sets.items()),
        )


def parse_rules(text: str, source: str = "<text>") -> RuleSet:
    """Parse and validate rule-file text; RuleFileError says what and where."""
    reader = _Reader(source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"Reply-check rule file {source}: not valid TOML: {error}.") from error
    return reader.rule_set(data)


def load_rule_file(path: Path) -> RuleSet:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleFileError(f"Reply-check rule file {path}: cannot be read: {error}.") from error
    return parse_rules(text, str(path))


def rules_dir() -> Path:
    from django.conf import settings

    return Path(settings.RIGHTTHERE.get("COACH_RULES_DIR", RULES_DIR))


def load_installed_rules() -> dict[str, RuleSet]:
    """Every <language>.toml in the rules folder, validated (called at start-up)."""
    installed = {}
    for path in sorted(rules_dir().glob("*.toml")):
        rules = load_rule_file(path)
        if rules.language != path.stem:
            raise RuleFileError(
                f"Reply-check rule file {path}: language is {rules.language!r} "
                f"but the file is named for {path.stem!r}."
            )
        installed[rules.language] = rules
    if "en" not in installed:
        raise RuleFileError(f"Reply-check rules: no en.toml in {rules_dir()}.")
    return installed


_installed: dict[str, RuleSet] = {}


def install(rule_sets: dict[str, RuleSet]) -> None:
    _installed.clear()
    _installed.update(rule_sets)


@cache
def _builtin_english() -> RuleSet:
    return load_rule_file(RULES_DIR / "en.toml")


def rules_for(language: str = "en") -> RuleSet:
    """The installed rules for a language (English when there are none for it)."""
    if not _installed:
        return _builtin_english()
    return _installed.get(language) or _installed["en"]


def has_rules_for(language: str) -> bool:
    """Whether a rule file is installed for the language ("de-at" uses "de")."""
    base = language.split("-")[0].lower()
    return base == "en" or base in _installed

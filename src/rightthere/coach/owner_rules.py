"""Owners extend the reply check: add a pattern to a category, or turn one off.

One set of functions for the settings page, the API (`/api/coach/rules`) and the
`coach_rule` command. A new pattern is validated and tried on the labelled set
before it is saved: how many replies labelled with its category it would newly
flag, and how many replies not labelled with it it would flag (false alarms).
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.coach.actions import current_rules
from rightthere.coach.check import check_reply
from rightthere.coach.evaluation import Example, load_examples
from rightthere.coach.models import PHRASE_CATEGORIES, CoachPhrase
from rightthere.coach.rules import (
    PATTERN_LENGTH,
    Category,
    Phrase,
    RuleSet,
    check_pattern,
    check_suggestion,
    phrase_key,
)
from rightthere.core.errors import InvalidInput, NotAllowed

CATEGORY_IDS = {c for c, _ in PHRASE_CATEGORIES}
SHOWN = 5


@dataclass(frozen=True)
class Trial:
    """What a pattern would change on the labelled set, and on one sentence."""

    replies: int  # in the labelled set
    newly_flagged: int  # labelled with the category, missed today, found with the pattern
    false_alarms: int  # not labelled with the category, flagged with the pattern
    already: int  # labelled, found today as well
    newly_examples: list[str] = field(default_factory=list)
    false_examples: list[str] = field(default_factory=list)
    sentence_findings: list[str] = field(default_factory=list)  # the pattern's matches


def labelled_set() -> list[Example]:
    folder = Path(
        settings.RIGHTTHERE.get(
            "COACH_LABELLED_DIR", Path(settings.BASE_DIR).parents[1] / "tests" / "coach" / "data"
        )
    )
    return load_examples(folder) if folder.is_dir() else []


def _check_owner(user: User) -> None:
    if not user.is_owner:
        raise NotAllowed(gettext("Only owners change the reply check's rules."))


def validate(category: str, pattern: str, suggestion: str = "") -> tuple[str, str, str]:
    """Clean and check an owner's rule; InvalidInput says what is wrong."""
    category, pattern, suggestion = category.strip(), " ".join(pattern.split()), suggestion.strip()
    if category not in CATEGORY_IDS:
        raise InvalidInput(
            gettext("Choose a category: %(categories)s.")
            % {"categories": ", ".join(sorted(CATEGORY_IDS))}
        )
    if not pattern:
        raise InvalidInput(gettext("Give the words or pattern to look for."))
    if len(pattern) > PATTERN_LENGTH:
        raise InvalidInput(
            gettext("A pattern is at most %(max)s characters.") % {"max": PATTERN_LENGTH}
        )
    try:
        check_pattern(pattern, current_rules().word_sets)
    except ValueError as error:
        raise InvalidInput(
            gettext("The pattern cannot be read: %(error)s.") % {"error": error}
        ) from error
    try:
        check_suggestion(suggestion)
    except ValueError as error:
        raise InvalidInput(
            gettext("The suggestion cannot be used: %(error)s.") % {"error": error}
        ) from error
    return category, pattern, suggestion


def try_rule(category: str, pattern: str, sentence: str = "", suggestion: str = "") -> Trial:
    """Try a pattern on the labelled set (and on a sentence) without saving it."""
    category, pattern, suggestion = validate(category, pattern, suggestion)
    before = current_rules()
    after = before.with_phrases([(category, pattern, suggestion)])
    only = before.with_phrases([]).get(category)
    alone = RuleSet(before.language, (_only(only, pattern, suggestion),), before.sets)
    examples = labelled_set()
    newly, false, already = [], [], 0
    for example in examples:
        was = _flags(example, before, category)
        now = _flags(example, after, category)
        if category in example.labels:
            if now and not was:
                newly.append(example.text)
            elif was:
                already += 1
        elif now and not was:
            false.append(example.text)
    found = (
        [f.text for f in check_reply(sentence, rules=alone, complaint=True, learned=False)]
        if sentence
        else []
    )
    return Trial(
        len(examples), len(newly), len(false), already, newly[:SHOWN], false[:SHOWN], found
    )


def _only(category: Category | None, pattern: str, suggestion: str) -> Category:
    """The category with this one pattern and no other (to try it on a sentence)."""
    assert category is not None  # validate() took a known category
    return replace(
        category, phrases=(Phrase(pattern, (suggestion,) if suggestion else (), owner=True),)
    )


def _flags(example: Example, rules: RuleSet, category: str) -> bool:
    return any(
        f.category == category
        for f in check_reply(
            example.text, complaint=example.complaint, rules=rules,
            categories=frozenset({category}), learned=False,
        )
    )  # fmt: skip  # a pattern is tried on its own: the learned scorer is not counted


@transaction.atomic
def add_rule(user: User, category: str, pattern: str, suggestion: str = "") -> CoachPhrase:
    """Save an owner's pattern (validated; the same pattern twice is refused)."""
    _check_owner(user)
    category, pattern, suggestion = validate(category, pattern, suggestion)
    existing = [
        p for p in CoachPhrase.objects.filter(category=category, turns_off=False)
        if phrase_key(p.phrase) == phrase_key(pattern)
    ]  # fmt: skip
    if existing:
        raise InvalidInput(gettext("This category already has that pattern; turn it on instead."))
    shipped = current_rules().with_phrases([]).get(category)
    if shipped and any(phrase_key(p.text) == phrase_key(pattern) for p in shipped.phrases):
        raise InvalidInput(gettext("The rule file already has that pattern in this category."))
    made = CoachPhrase.objects.create(
        category=category, phrase=pattern, suggestion=suggestion, created_by=user
    )
    record_change(user, "reply_check", f"Added “{pattern}” to {made.get_category_display()}.")
    return made


@transaction.atomic
def turn_off_shipped(user: User, category: str, pattern: str) -> CoachPhrase:
    """Turn off one of the rule file's own patterns for this desk."""
    _check_owner(user)
    from rightthere.coach.rules import rules_for

    shipped = rules_for("en").get(category)
    if shipped is None or not any(
        phrase_key(p.text) == phrase_key(pattern) for p in shipped.phrases
    ):
        raise InvalidInput(gettext("The rule file has no such pattern in this category."))
    row, _ = CoachPhrase.objects.update_or_create(
        category=category, phrase=pattern, turns_off=True,
        defaults={"active": True, "created_by": user},
    )  # fmt: skip
    record_change(user, "reply_check", f"Turned off the rule file's “{pattern}” in "
                  f"{row.get_category_display()}.")  # fmt: skip
    return row


@transaction.atomic
def set_active(user: User, rule_id: int, active: bool) -> CoachPhrase:
    """Turn an owner's pattern on or off (for a turned-off shipped one: off = back on)."""
    _check_owner(user)
    row = CoachPhrase.objects.filter(pk=rule_id).first()
    if row is None:
        raise InvalidInput(gettext("No such rule."))
    if row.active == active:
        return row
    row.active = active
    row.save(update_fields=["active", "updated_at"])
    flags = active != row.turns_off  # a turned-off shipped pattern flags again when "off"
    record_change(user, "reply_check", f"{row.get_category_display()}: “{row.phrase}” "
                  f"{'flags again' if flags else 'no longer flags'}.")  # fmt: skip
    return row


def owner_rules() -> list[CoachPhrase]:
    return list(CoachPhrase.objects.select_related("created_by").order_by("category", "phrase"))

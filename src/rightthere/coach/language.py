"""Which language a reply is in, so the reply check reads only replies its rules are
written for (rules/en.toml is English; "no problem" rules say nothing about German).

A cheap guess from the reply's own words (the commonest short words of each language),
else the customer's language (their own, or the business's)."""

import re

from django.utils.translation import gettext_noop

from rightthere.cases.models import Case
from rightthere.customers.language import language_of

# The commonest short words of each language; a reply is mostly made of them.
_COMMON = {
    "en": "the and you your we to of is it for that this will be are have with our on can not "
    "as at by please thank i",
    "de": "der die das und sie ihr ihre ihnen wir ist nicht zu mit für ein eine auf den dem es "
    "bitte danke vielen ich uns bei sind haben wird",
    "fr": "le la les et vous votre nous est pas pour une un avec que des sur merci je sont avons",
    "es": "el la los las y usted su nosotros es no para una un con que por gracias yo estamos "
    "hemos",
    "nl": "de het een en u uw wij we is niet voor met dat van op bedankt ik zijn hebben",
}
COMMON_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split()) for code, words in _COMMON.items()
}
# The names are translated where they are shown (coach.actions.not_checked_because).
NAMES = {
    "en": gettext_noop("English"),
    "de": gettext_noop("German"),
    "fr": gettext_noop("French"),
    "es": gettext_noop("Spanish"),
    "nl": gettext_noop("Dutch"),
}
WORD = re.compile(r"[^\W\d_]+")
MIN_HITS = 3  # fewer common words than this: too short to tell


def guess_language(text: str) -> str:
    """The language most of the reply's common words belong to ("" when it is too short
    to tell, or two languages are close)."""
    words = [w.lower() for w in WORD.findall(text[:5000])]
    hits = sorted(
        ((sum(w in common for w in words), code) for code, common in COMMON_WORDS.items()),
        reverse=True,
    )
    (best, code), (second, _) = hits[0], hits[1]
    if best < MIN_HITS or best < 2 * second:
        return ""
    return code


def reply_language(text: str, case: Case | None) -> str:
    """The reply's language code: guessed from its words, else the customer's."""
    guessed = guess_language(text)
    if guessed:
        return guessed
    return language_of(case.customer if case is not None else None).split("-")[0].lower()


def language_name(code: str) -> str:
    return NAMES.get(code.split("-")[0].lower(), code)

"""The placeholders a canned reply may use, and filling them from a case.

One registry, so the editor, the picker, the reply view and the API agree on
which `{names}` exist. A value that the case does not have (no contact, no
open promise) is left in the text as `{name}` and reported as missing: the
composer highlights it and sending is refused until a person fills it in.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from difflib import get_close_matches

from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.accounts.profile import business_name
from rightthere.cases.models import Case
from rightthere.customers.models import CustomerKind
from rightthere.promises.models import Promise, PromiseSource, PromiseState

# `{name}` or `{ name }`: a word with dots. Other text in braces is not a placeholder.
TOKEN = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}")


@dataclass(frozen=True)
class FillSource:
    """What placeholders are filled from: the case, the person replying, the next promise."""

    case: Case
    agent: User
    promise: Promise | None


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str
    value: Callable[[FillSource], str]


def when(value: datetime | None) -> str:
    """A date in the desk's time zone, worded so the reply check sees a real date."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local:%A} {local.day} {local:%B}, {local:%H:%M}"


def _first_word(name: str) -> str:
    return name.split()[0] if name.split() else ""


def _customer_first_name(source: FillSource) -> str:
    # The person we write to: the contact, else the customer when a person (not a firm).
    case = source.case
    if case.contact is not None:
        return _first_word(case.contact.name)
    return _first_word(case.customer.name) if case.customer.kind == CustomerKind.PERSON else ""


def _promise(attribute: Callable[[Promise], str]) -> Callable[[FillSource], str]:
    return lambda source: attribute(source.promise) if source.promise is not None else ""


PLACEHOLDERS: dict[str, Placeholder] = {
    p.name: p
    for p in (
        Placeholder("customer.name", "The customer's name (a person or a firm).",
                    lambda s: s.case.customer.name),
        Placeholder("customer.first_name", "First name of the person we write to.",
                    _customer_first_name),
        Placeholder("contact.name", "The contact's full name.",
                    lambda s: s.case.contact.name if s.case.contact else ""),
        Placeholder("contact.first_name", "The contact's first name.",
                    lambda s: _first_word(s.case.contact.name) if s.case.contact else ""),
        Placeholder("case.reference", "The case reference, e.g. RT-000123.",
                    lambda s: s.case.reference),
        Placeholder("case.subject", "The case subject.", lambda s: s.case.subject),
        Placeholder("case.first_response_due", "When the first answer is due.",
                    lambda s: when(s.case.first_response_due)),
        Placeholder("case.resolution_due", "When the case should be solved.",
                    lambda s: when(s.case.resolution_due)),
        Placeholder("agent.name", "Your full name.", lambda s: s.agent.display_name),
        Placeholder("agent.first_name", "Your first name.", lambda s: s.agent.first_name),
        Placeholder("promise.due", "Date of the next open promise on the case.",
                    _promise(lambda p: when(p.due_at))),
        Placeholder("promise.what", "What the next open promise is.",
                    _promise(lambda p: p.what)),
        Placeholder("business.name", "The business's name.",
                    lambda s: business_name()),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Piece:
    """Part of a filled text; `missing` names the placeholder left unfilled there."""

    text: str
    missing: str = ""


@dataclass(frozen=True)
class Filled:
    text: str
    missing: tuple[str, ...]
    pieces: tuple[Piece, ...]


def names_in(text: str) -> list[str]:
    """Every placeholder-shaped name in the text, known or not, in order, once each."""
    return list(dict.fromkeys(m.group(1) for m in TOKEN.finditer(text)))


def unknown_names(text: str) -> list[str]:
    return [name for name in names_in(text) if name not in PLACEHOLDERS]


def suggestion_for(name: str) -> str | None:
    """The known name closest to a misspelt one (`customer.firstname` -> `customer.first_name`)."""
    close = get_close_matches(name.lower(), PLACEHOLDERS, n=1, cutoff=0.7)
    return close[0] if close else None


def unfilled(text: str) -> list[str]:
    """Known placeholders still in a message: a reply must not go out with them."""
    return [name for name in names_in(text) if name in PLACEHOLDERS]


def next_promise(case: Case) -> Promise | None:
    """The next open promise to the customer. The first-answer promise does not count:
    the reply being written is what keeps it."""
    return (
        Promise.objects.filter(case=case, state=PromiseState.OPEN)
        .exclude(source=PromiseSource.FIRST_RESPONSE)
        .order_by("due_at", "id")
        .first()
    )


def fill(text: str, source: FillSource) -> Filled:
    """The text with each known placeholder replaced by its value from the case.

    Unknown names are left as they are (saving refuses them, so only old text has
    them); known names without a value stay as `{name}` and are listed as missing.
    """
    pieces: list[Piece] = []
    missing: list[str] = []
    position = 0
    for match in TOKEN.finditer(text):
        name = match.group(1)
        placeholder = PLACEHOLDERS.get(name)
        if placeholder is None:
            continue
        pieces.append(Piece(text[position : match.start()]))
        value = placeholder.value(source).strip()
        if value:
            pieces.append(Piece(value))
        else:
            pieces.append(Piece("{" + name + "}", missing=name))
            missing.append(name)
        position = match.end()
    pieces.append(Piece(text[position:]))
    kept = tuple(p for p in pieces if p.text)
    return Filled("".join(p.text for p in kept), tuple(dict.fromkeys(missing)), kept)

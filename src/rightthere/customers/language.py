"""The language a customer reads: the contact's own when set (the person the mail goes
to), else the customer's, else the business's (Business profile screen, else
LANGUAGE_CODE). Mails are built, and the status page rendered, inside
`speaking_to_case(case)` (or `speaking_to(customer)`), so every marked string, date and
number is theirs."""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext

from rightthere.accounts.languages import browser_language
from rightthere.accounts.profile import LANGUAGES, business_profile
from rightthere.core.errors import InvalidField
from rightthere.customers.models import Contact, Customer

if TYPE_CHECKING:
    from rightthere.cases.models import Case


def language_of(customer: Customer | None, contact: Contact | None = None) -> str:
    """The language code (e.g. "de", "en-gb") of the contact, else of the customer."""
    offered = dict(LANGUAGES)
    for own in (contact.language if contact is not None else "",
                customer.language if customer is not None else ""):  # fmt: skip
        if own in offered:
            return own
    return business_profile().language


def is_english(language: str) -> bool:
    return language.split("-")[0].lower() == "en"


@contextmanager
def speaking_to(customer: Customer | None, contact: Contact | None = None) -> Iterator[str]:
    """Within this block, translations, dates and numbers are in the customer's language
    (the contact's, when given and set)."""
    language = language_of(customer, contact)
    with translation.override(language):
        yield language


def speaking_to_case(case: "Case") -> "AbstractContextManager[str]":
    """`speaking_to` the case's customer and the contact its mail goes to."""
    return speaking_to(case.customer, case.contact)


@contextmanager
def speaking_business_language() -> Iterator[str]:
    """For a customer not known yet (the contact form): the business's language."""
    language = business_profile().language
    with translation.override(language):
        yield language


def page_language(asked: str, accept_language: str) -> str:
    """The language for a visitor we do not know and must not look up (asking for a
    sign-in link): the one of the page they came from (`asked`, its `lang`), else the
    first one offered that their browser accepts, else the business's."""
    if asked.lower() in dict(LANGUAGES):
        return asked.lower()
    return browser_language(accept_language) or business_profile().language


def clean_language(value: str) -> str:
    """A language a customer may be given ("" for the business's); else InvalidField."""
    value = (value or "").strip()
    if value and value not in dict(LANGUAGES):
        choices = ", ".join(code for code, _ in LANGUAGES)
        raise InvalidField(
            "language",
            gettext("Choose one of the languages offered (%(choices)s).") % {"choices": choices},
        )
    return value

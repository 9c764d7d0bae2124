"""The language a customer reads: the contact's own when set (the person the mail goes
to), else the customer's, else (on their own pages only) the first offered one their
browser asks for, else the business's (Business profile screen, else LANGUAGE_CODE).
Mails are built, and the status page rendered, inside `speaking_to_case(case)` (or
`speaking_to(customer)`), so every marked string, date and number is theirs.

A customer's language is learnt when they first write (`adopt_language`): the contact
form's browser language, or the language a first mail is written in, is stored on a
customer who has none, so their first acknowledgement is already in it."""

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


def language_of(
    customer: Customer | None, contact: Contact | None = None, accept_language: str = ""
) -> str:
    """The language code (e.g. "de", "en-gb") of the contact, else of the customer, else
    (given the customer's own browser's Accept-Language) the first offered one it asks
    for, else the business's."""
    offered = dict(LANGUAGES)
    for own in (contact.language if contact is not None else "",
                customer.language if customer is not None else ""):  # fmt: skip
        if own in offered:
            return own
    return browser_choice(accept_language) or business_profile().language


def is_english(language: str) -> bool:
    return language.split("-")[0].lower() == "en"


@contextmanager
def speaking_to(
    customer: Customer | None, contact: Contact | None = None, accept_language: str = ""
) -> Iterator[str]:
    """Within this block, translations, dates and numbers are in the customer's language
    (the contact's, when given and set; on a page they opened, else their browser's)."""
    language = language_of(customer, contact, accept_language)
    with translation.override(language):
        yield language


def speaking_to_case(case: "Case", accept_language: str = "") -> "AbstractContextManager[str]":
    """`speaking_to` the case's customer and the contact its mail goes to; on the
    customer's own pages, given their browser's Accept-Language, in the language it asks
    for while the customer has none stored."""
    return speaking_to(case.customer, case.contact, accept_language)


def offered_language(code: str) -> str:
    """The offered language for a language code ("de", "en-US"): the business's own when
    it is the same language (an English visitor of an English business follows the
    business, its spelling and dates), else the offered variant; "" when none is."""
    if not code:
        return ""
    business = business_profile().language
    if code.split("-")[0].lower() == business.split("-")[0].lower():
        return business
    try:
        return translation.get_supported_language_variant(code.lower())
    except LookupError:
        return ""


def browser_choice(accept_language: str) -> str:
    """The offered language a customer's browser asks for first (`offered_language`);
    "" when it asks for none of them."""
    return offered_language(browser_language(accept_language) or "")


def learnt_language(code: str) -> str:
    """The language worth storing on a customer who wrote in `code` (a browser's, or
    one guessed from their words): an offered one other than the business's, else ""
    (the customer keeps following the business's)."""
    language = offered_language(code)
    return "" if language == business_profile().language else language


def adopt_language(contact: Contact, language: str) -> bool:
    """Store `language` on the contact's customer when neither has one yet, so the mails
    to a customer who wrote in it are in it; an explicit choice on the customer or the
    contact is never overridden, and the business's own language is not stored (the
    customer keeps following the business's). True when it was stored."""
    customer = contact.customer
    if (language not in dict(LANGUAGES) or language == business_profile().language
            or customer.language or contact.language):  # fmt: skip
        return False
    customer.language = language
    Customer.objects.filter(pk=customer.pk, language="").update(language=language)
    return True


@contextmanager
def speaking_visitor_language(accept_language: str) -> Iterator[str]:
    """For a customer not known yet (the contact form): the first offered language their
    browser asks for, else the business's."""
    language = browser_choice(accept_language) or business_profile().language
    with translation.override(language):
        yield language


@contextmanager
def speaking_business_language() -> Iterator[str]:
    """The business's language: for what the staff read (notes on a case), and pages of a
    customer not known (a status link that is gone)."""
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

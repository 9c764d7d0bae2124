"""A staff person's own language for their screens: the one they chose (My settings,
or an owner on their Team page), else the first offered one their browser asks for
(Accept-Language, as Django's LocaleMiddleware reads it), else the business's
(Business profile, else LANGUAGE_CODE).

`StaffLanguage` applies it to each signed-in request, after the person is read with the
session (no query of its own). The customer's pages keep their own rule: they render
inside `customers.language.speaking_to` (the customer's language) or
`speaking_business_language` (the contact form), which override this.
"""

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.profile import LANGUAGES, business_profile
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidField

# "" in a choice list: no choice of their own.
BROWSER_CHOICE = gettext_lazy("As my browser asks (else the business's language)")


def language_choices() -> list[tuple[str, object]]:
    """The languages a person may choose, with "" first (their browser's)."""
    return [("", BROWSER_CHOICE), *LANGUAGES]


def clean_language(value: str | None) -> str:
    """A language a person may choose ("" for none); else InvalidField."""
    value = (value or "").strip().lower()
    if value and value not in dict(LANGUAGES):
        raise InvalidField("language", gettext("Choose one of the languages offered: %(codes)s.")
                           % {"codes": ", ".join(code for code, _ in LANGUAGES)})  # fmt: skip
    return value


def browser_language(accept_language: str) -> str | None:
    """The first offered language the browser accepts (in its order of preference)."""
    for code, _quality in parse_accept_lang_header(accept_language or ""):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def language_for(person: User | None, accept_language: str = "") -> str:
    """The language of this person's screens (None: someone not signed in)."""
    own = person.language if person is not None else ""
    if own in dict(LANGUAGES):
        return own
    return browser_language(accept_language) or business_profile().language


def set_language(actor: User | None, person: User, language: str | None) -> User:
    """Choose a person's screen language ("" or None: their browser's). Anyone signed in
    sets their own (My settings, PUT /api/me); only an owner sets someone else's (their
    Team page, PATCH /api/users/{id}, `rightthere team change --language`)."""
    if actor is not None and actor.pk != person.pk:
        check_owner(actor, gettext("choose someone else's language"))
    chosen = clean_language(language)
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        if person.language == chosen:
            return person
        person.language = chosen
        person.save(update_fields=["language"])
        if actor is None or actor.pk != person.pk:  # one's own choice is nobody else's business
            record_change(actor, "team", f"Set {person.display_name}'s language to "
                                         f"{chosen or 'their browser’s'}")  # fmt: skip
    return person


class StaffLanguage:
    """Runs each signed-in person's request in their language (`language_for`); after
    `BusinessLocale`, which activated the business's and deactivates it afterwards."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = language_for(user, request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)

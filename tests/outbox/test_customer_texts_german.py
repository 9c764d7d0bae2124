"""A German-speaking customer gets every mail and page in German (issue #21 item 5).

Every text of `test_customer_texts` (the acknowledgement, the reply's frame, reminders,
visit messages, the satisfaction question, the status page ...) is rendered again, through
the same code, for a customer whose language is German, with the business's language
German too (the contact form's customer is not known yet, so the business's applies).
Each must carry no sentence of the English catalogue: every msgid of the German
translations, cut at its placeholders, is looked for in the text, so a string marked
but not translated, or a text built outside the customer's language, fails here.
"""

import gettext
import re
from pathlib import Path

import pytest

import rightthere
from rightthere.accounts.profile import update_business_profile
from rightthere.customers.actions import update_contact, update_customer
from rightthere.customers.language import language_of
from rightthere.portal.links import status_path
from tests.factories import OwnerFactory
from tests.field.conftest import desk  # noqa: F401 - the field desk fixture
from tests.outbox.test_customer_texts import (  # noqa: F401 - the world fixture
    TEXTS,
    CustomerText,
    acknowledgement,
    first_reminder,
    last_reminder,
    on_my_way,
    running_late,
    status_page_waiting,
    visit_reminder,
    world,
)

pytestmark = pytest.mark.django_db

MO_FILE = Path(rightthere.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)s|<[^>]+>")


def _english_sentences() -> set[str]:
    """The English words of the catalogue long enough to be a sentence of ours (three
    words or more), cut at the placeholders and tags: none may reach a German customer."""
    with MO_FILE.open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    found = set()
    for key in catalogue:
        msgid = key[0] if isinstance(key, tuple) else key
        for piece in PLACEHOLDER.split(msgid.split("\x04")[-1]):
            piece = piece.strip(' ,.:;()\n"“”–')
            if len(piece.split()) >= 3:
                found.add(piece)
    return found


ENGLISH = _english_sentences()


@pytest.fixture
def german(world):  # noqa: F811 - the fixture imported above
    """Ada's desk, with Ada and the business speaking German."""
    update_business_profile(OwnerFactory(username="olga"), language="de")
    update_customer(world.case.customer, language="de")
    world.case.refresh_from_db()
    return world


def _english_in(text: CustomerText) -> list[str]:
    words = " ".join(f"{text.subject}\n{text.body}\n{text.html}".split())
    return sorted(sentence for sentence in ENGLISH if sentence in words)


def test_the_catalogue_has_the_english_sentences_to_look_for():
    assert "Or simply answer this e-mail" in ENGLISH
    assert len(ENGLISH) > 100


# review_reply's body is the agent's own reply, written in English by that test ("I am
# sorry ..."); its frame is the reply frame's, checked with reply_frame.
OURS = [build for build in TEXTS if build.__name__ != "review_reply"]


@pytest.mark.parametrize("build", OURS, ids=[f.__name__ for f in OURS])
def test_a_german_customer_reads_every_text_in_german(build, german):
    text = build(german)

    assert text.body.strip()
    assert _english_in(text) == []


def test_the_acknowledgement_is_in_german(german):
    text = acknowledgement(german)

    assert text.body.startswith("Hallo Ada,\n\nvielen Dank für Ihre Nachricht.")
    assert "„Boiler leaks“ haben wir unter der Nummer RT-" in text.body
    assert re.search(r"antwortet Ihnen bis \w+, \d+\. \w+ um \d\d:\d\d Uhr\.", text.body)
    assert "Oder antworten Sie einfach auf diese E-Mail." in text.body
    assert "online verfolgen und antworten" in text.html


def test_the_reminders_are_in_german(german):
    first = first_reminder(german)
    german.case.refresh_from_db()

    assert first.body.startswith("Hallo Ada,\n\ndamit wir mit „Boiler leaks“ (RT-")
    assert "brauchen wir noch einige Angaben von Ihnen – wenn möglich bis " in first.body
    assert "hatten wir gefragt:" in first.body
    # The customer's own question is quoted as it was written.
    assert "Could you send us a photo of the label" in first.body


def test_the_last_reminder_says_we_will_call_in_german(german):
    last = last_reminder(german)

    assert "Sollten wir bis dahin nichts von Ihnen hören, rufen wir Sie an." in last.body


def test_the_visit_day_messages_are_in_german(german):
    reminder = visit_reminder(german)
    assert "zur Erinnerung: Morgen, " in reminder.body
    assert re.search(r"kommt Tom zwischen \d+:\d\d und \d+:\d\d Uhr zu Ihnen \(1 Mill Lane\)",
                     reminder.body)  # fmt: skip


def test_on_my_way_and_running_late_are_in_german(german):
    assert "Tom ist jetzt auf dem Weg zu Ihnen" in on_my_way(german).body
    assert "verspätet sich um etwa 30 Minuten" in running_late(german).body


def test_the_status_page_is_in_german(german):
    page = status_page_waiting(german)

    assert "Wartet auf Ihre Antwort" in page.body
    assert "Nächster Schritt" in page.body
    assert re.search(r"bis\n\w+, \d+\. \w+, \d\d:\d\d Uhr", page.body), page.body
    response = german.client.get(status_path(german.case))
    assert b'<html lang="de">' in response.content


def test_an_english_customer_of_a_german_business_reads_english(german):
    update_customer(german.case.customer, language="en-gb")

    text = first_reminder(german)

    assert text.body.startswith('Hello Ada,\n\nTo carry on with "Boiler leaks"')


def test_a_customer_without_a_language_gets_the_business_language(german):
    update_customer(german.case.customer, language="")

    assert language_of(german.case.customer) == "de"
    update_business_profile(OwnerFactory(username="otto"), language="en-gb")
    assert language_of(german.case.customer) == "en-gb"


def test_a_german_contact_of_an_english_customer_gets_german_mail(german):
    update_customer(german.case.customer, language="en-gb")
    update_contact(german.case.contact, language="de")
    german.case.refresh_from_db()

    assert first_reminder(german).body.startswith("Hallo Ada,\n\ndamit wir mit „Boiler leaks“")

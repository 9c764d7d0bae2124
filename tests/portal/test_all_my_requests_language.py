"""The "All my requests" sign-in page speaks the language of the page the customer came
from (its `lang`), else their browser's, else the business's; never the language of the
address they type, since the answer must not tell whether we know it."""

import re

import pytest
from django.urls import reverse

from rightthere.portal.links import status_path
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("my_sign_in")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _href(page: str, text: str) -> str:
    """The address of the page's link with this text."""
    found = re.search(r'<a [^>]*href="([^"]+)"[^>]*>' + re.escape(text) + "</a>", page)
    assert found, f"no link {text!r}"
    return found[1].replace("&amp;", "&")


def _action(page: str) -> str:
    return re.search(r'<form method="post" action="([^"]+)"', page)[1].replace("&amp;", "&")


def _without_csrf(response) -> str:
    return CSRF.sub("CSRF", response.content.decode())


@pytest.fixture
def hans():
    return ContactFactory(name="Hans Weber", email="hans@example.de",
                          customer=CustomerFactory(name="Hans Weber", language="de"))  # fmt: skip


def test_meine_anfragen_on_a_german_status_page_leads_to_a_german_sign_in_and_answer(client, hans):
    status_page = client.get(status_path(make_case(subject="Heizung tropft", contact=hans)))
    link = _href(status_page.content.decode(), "Meine Anfragen")

    sign_in = client.get(link, follow=True)
    page = sign_in.content.decode()
    assert sign_in.redirect_chain[-1][0].startswith(SIGN_IN)
    assert '<html lang="de">' in page
    assert "Alle Ihre Anfragen ansehen" in page and "Link zusenden" in page
    assert "See all your requests" not in page

    answer = client.post(_action(page), {"email": "hans@example.de"}).content.decode()
    assert "Schauen Sie in Ihr Postfach" in answer
    assert "ist der Link jetzt zu Ihnen unterwegs" in answer
    assert "Check your mail" not in answer
    assert "Andere Adresse verwenden" in answer  # and asking again stays in German
    again = client.get(_href(answer, "Andere Adresse verwenden")).content.decode()
    assert "Alle Ihre Anfragen ansehen" in again


def test_a_browser_asking_for_german_gets_the_sign_in_page_and_answer_in_german(client):
    headers = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}

    page = client.get(SIGN_IN, **headers).content.decode()
    answer = client.post(SIGN_IN, {"email": "x@example.com"}, **headers).content.decode()

    assert "Alle Ihre Anfragen ansehen" in page
    assert "Schauen Sie in Ihr Postfach" in answer


def test_a_language_we_do_not_offer_falls_back_to_the_business_language(client):
    french = client.get(SIGN_IN + "?lang=fr", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert '<html lang="en-gb">' in french.content.decode()
    assert "See all your requests" in french.content.decode()


def test_the_page_s_language_wins_over_the_browser_s(client):
    page = client.get(SIGN_IN + "?lang=en-gb", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert "See all your requests" in page


@pytest.mark.parametrize("lang", ["de", "en-gb"])
def test_the_answer_for_a_known_and_an_unknown_address_is_byte_identical(client, lang):
    """The same address asked for before and after it became a German contact's: the
    pages are the same bytes (but for the CSRF token), in either language."""
    ask = SIGN_IN + f"?lang={lang}"
    unknown_page = client.get(ask)
    unknown = client.post(ask, {"email": "hans@example.de"})
    ContactFactory(name="Hans Weber", email="hans@example.de",
                   customer=CustomerFactory(name="Hans Weber", language="de"))  # fmt: skip
    known_page = client.get(ask)
    known = client.post(ask, {"email": "hans@example.de"})

    assert known.status_code == unknown.status_code == 200
    assert _without_csrf(known) == _without_csrf(unknown)
    assert _without_csrf(known_page) == _without_csrf(unknown_page)
    assert f'<html lang="{lang}">' in known.content.decode()

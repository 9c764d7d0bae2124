"""The top bar's navigation is rendered once per language, role and page for the whole
process (rightthere.core.staff_nav, #23): one person's page must never show another's."""

import pytest
from django.urls import reverse

from tests.factories import OwnerFactory, TechnicianFactory, UserFactory


def _nav(client, user, url):
    client.force_login(user)
    html = client.get(url).content.decode()
    return html[html.index('<nav aria-label="') : html.index("</nav>")]


@pytest.mark.django_db
def test_technician_after_owner_sees_only_a_technicians_links(client):
    owner_nav = _nav(client, OwnerFactory(), reverse("inbox"))
    technician_nav = _nav(client, TechnicianFactory(), reverse("inbox"))

    assert reverse("settings_setup") in owner_nav
    assert reverse("field_my_day") not in owner_nav
    assert reverse("field_my_day") in technician_nav
    assert reverse("settings_setup") not in technician_nav
    assert reverse("new_case") not in technician_nav


@pytest.mark.django_db
def test_the_page_shown_is_the_link_marked_current(client):
    agent = UserFactory()
    on_inbox = _nav(client, agent, reverse("inbox"))
    on_customers = _nav(client, agent, reverse("customer_list"))

    assert f'<a href="{reverse("inbox")}" aria-current="page">' in on_inbox
    assert f'<a href="{reverse("customer_list")}" aria-current="page">' in on_customers
    assert f'<a href="{reverse("inbox")}" >' in on_customers


@pytest.mark.django_db
def test_a_german_desk_after_an_english_one_gets_a_german_menu(client, monkeypatch):
    agent = UserFactory()
    english = _nav(client, agent, reverse("inbox"))
    monkeypatch.setattr("rightthere.accounts.business_locale.business_language", lambda: "de")
    # Staff screens follow the person's own language, else their browser's, else the
    # business's (accounts.languages.language_for): here the business's is German.
    monkeypatch.setattr(
        "rightthere.accounts.languages.language_for", lambda person, accept_language="": "de"
    )
    german = _nav(client, agent, reverse("inbox"))

    assert ">Customers</a>" in english
    assert ">Kunden</a>" in german

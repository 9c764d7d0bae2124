"""German found still English by the user audit of 7 Dec 2026: the case page's box with
the customer's status page link, the Customer sign-in settings screen, the timeline's
promise sentences and the due badges' exact times. Each page is rendered for a business
whose language is German, in the style of test_staff_translations_a."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from rightthere.accounts.profile import update_business_profile
from rightthere.cases.events import record_event
from rightthere.cases.models import Case, EventKind
from rightthere.portal.links import status_path
from tests.factories import OwnerFactory, make_case


@pytest.fixture
def german_business(db):
    update_business_profile(OwnerFactory(username="olga"), language="de")


@pytest.fixture
def in_german(client, german_business):
    """`in_german(user, url)`: the page as `user` sees it in the German business."""

    def get(user, url: str) -> str:
        client.force_login(user)
        with translation.override("de"):
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return get


def _english(page: str, texts: list[str]) -> list[str]:
    return [text for text in texts if text in page]


def test_the_status_page_box_on_a_case_is_german(in_german, agent):
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)
    status_path(case)  # the case has a link to its status page

    box = in_german(agent, reverse("status_link_widget", args=[case.pk]))

    assert "Statusseite des Kunden" in box
    assert ">Kopieren</button>" in box
    assert ">Erneut senden</button>" in box
    assert ">Neuer Link</button>" in box
    assert ">Widerrufen</button>" in box
    assert 'aria-label="Link zur Statusseite"' in box
    assert _english(box, ["Customer's status page", ">Copy<", "Send it again", ">New link<",
                          ">Revoke<", "Make a new link?", "Revoke the link?"]) == []  # fmt: skip


def test_a_case_without_a_link_offers_to_make_one_in_german(in_german, agent):
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)

    box = in_german(agent, reverse("status_link_widget", args=[case.pk]))

    assert "Für diesen Fall gibt es keinen Link zur Statusseite." in box
    assert _english(box, ["There is no link", "Send a new link", "Create a link"]) == []


def test_the_customer_sign_in_settings_are_german(in_german, owner):
    page = in_german(owner, reverse("settings_customer_pages"))

    assert '<h1 id="customer-pages-h">Kundenanmeldung</h1>' in page
    assert "Kunden sehen alle ihre Anfragen an einem Ort unter" in page
    assert "Kontakte einer Organisation sehen alle ihre Anfragen" in page
    assert ">Speichern</button>" in page
    assert _english(page, ["Customer sign-in", "Customers see all their requests",
                           "Contacts of an organisation", "Off: each person", ">Save<"]) == []  # fmt: skip


def test_due_times_on_hover_have_german_days_and_months(in_german, agent):
    due = timezone.make_aware(datetime(2026, 12, 4, 18, 0))  # a Friday in December
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)
    Case.objects.filter(pk=case.pk).update(next_due_at=due, first_response_due=due,
                                           updated_at=due)  # fmt: skip

    inbox = in_german(agent, reverse("inbox") + "?view=all")
    case_page = in_german(agent, reverse("case_detail", args=[case.pk]))

    assert 'title="Fällig Fr 04 Dez 18:00"' in inbox
    assert 'title="Fr 04 Dez 2026 18:00"' in inbox  # when it was last updated
    assert 'title="Fällig Fr 04 Dez 18:00"' in case_page
    assert _english(inbox + case_page, ["Fällig Fri", "Fri 04 Dec"]) == []


def test_promise_sentences_recorded_in_english_read_german_on_the_timeline(in_german, agent):
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)
    for sentence in ["made: call back by Fri 04 Dec 14:00", "kept (late): call back",
                     "kept: send the quote", "broken: send the quote was due Mon 07 Dec 09:00",
                     "reminder sent to Adam Agent"]:  # fmt: skip
        record_event(case, agent, EventKind.PROMISE, field="call back", after=sentence)

    page = in_german(agent, reverse("case_detail", args=[case.pk]))

    assert "Zusage: <b>zugesagt: call back bis Fr 04 Dez 14:00</b>" in page
    assert "Zusage: <b>eingehalten (verspätet): call back</b>" in page
    assert "Zusage: <b>eingehalten: send the quote</b>" in page
    assert "Zusage: <b>gebrochen: send the quote war fällig Mo 07 Dez 09:00</b>" in page
    assert "Zusage: <b>Erinnerung gesendet an Adam Agent</b>" in page
    assert _english(page, ["made:", "kept (late)", "kept:", "was due", "reminder sent"]) == []


def test_a_promise_sentence_written_in_german_is_shown_as_written(in_german, agent):
    case = make_case(subject="Heizung macht Geräusche", assignee=agent)
    record_event(case, agent, EventKind.PROMISE, field="Rückruf",
                 after="zugesagt: Rückruf bis Fr 04 Dez 14:00")  # fmt: skip

    page = in_german(agent, reverse("case_detail", args=[case.pk]))

    assert "Zusage: <b>zugesagt: Rückruf bis Fr 04 Dez 14:00</b>" in page

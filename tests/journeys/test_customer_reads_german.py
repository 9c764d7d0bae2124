"""Hans Weber speaks German. Adam, the agent, sets his language on his customer page; from
then on the desk writes to Hans in German, and Hans, on his phone, follows his request on
a status page in German (words, dates, the visit) and answers there (issue #21 item 5).
Adam then chooses German for his own screens in My settings, and his inbox is in German.

Jonas Weber, a first-time customer whose phone's browser asks for German, writes through
the contact form: the form, the thank-you page, the acknowledgement and his status page
are German from the start, nobody having set anything (audit 2, item 6)."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.desk import visits as desk_visits
from rightthere.outbox.models import OutboundMail
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, make_case
from tests.field.conftest import desk  # noqa: F401 - skills, Tom with hours, parts, a case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS_LINK = re.compile(r"https?://[^/\s]+(/s/[^/\s]+/)")
GERMAN_DAY = re.compile(r"(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d+\. ")


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_german_customer_gets_german_mail_and_a_german_status_page(
    desk,  # noqa: F811 - the fixture imported above
    agent,
    page,
    log_in,
    browser,
    live_server,
    screenshot,
):
    hans = ContactFactory(customer=CustomerFactory(name="Hans Weber", address="Lindenstraße 4"),
                          name="Hans Weber", email="hans@example.de")  # fmt: skip
    case = make_case(subject="Heizung macht Geräusche", contact=hans, assignee=agent,
                     body="Seit heute Morgen klopft die Heizung alle paar Minuten.")  # fmt: skip

    # Adam sets Hans's language on his customer page (the machine is shared: patient waits).
    page.set_default_timeout(30_000)
    log_in(agent.username, PASSWORD)
    page.goto(f"/customers/{hans.customer.pk}/")
    assert (
        "Mails and status page in the business's language"
        in page.locator("#customer-language").inner_text()
    )
    page.locator("#customer-language").get_by_role("link", name="change").click()
    page.get_by_label("Language").select_option(label="Deutsch")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Customer saved.").wait_for()
    assert (
        page.locator("#customer-language").inner_text()
        == "Mails and status page in Deutsch · change"
    )
    print(screenshot(page, "journeys/customer-language-set.png"))

    # The visit is booked (the case read afresh, as the office's next request would); the
    # mail telling Hans is in German, with his page's link.
    case.refresh_from_db()
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    desk_visits.book_visit(
        case, actor=agent, duration_minutes=120, technician=desk.tom,
        starts_at=timezone.make_aware(datetime.combine(tuesday, time(9))), address="Lindenstraße 4",
    )  # fmt: skip
    mail = OutboundMail.objects.filter(case=case, to_address="hans@example.de").latest("pk")
    assert mail.body_text.startswith("Hallo Hans,\n\nIhr Termin ist gebucht: Dienstag, ")
    assert "Oder antworten Sie einfach auf diese E-Mail." in mail.body_text

    # Hans opens it on his phone.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    hans_page = phone.new_page()
    hans_page.set_default_timeout(30_000)
    hans_page.goto(STATUS_LINK.search(mail.body_text).group(1))

    assert hans_page.locator("html").get_attribute("lang") == "de"
    assert hans_page.get_by_role("heading", name="Heizung macht Geräusche").is_visible()
    assert hans_page.locator("#customer-status").inner_text() == "Wir arbeiten daran"
    assert hans_page.get_by_role("heading", name="Ihr Termin").is_visible()
    sentence = hans_page.locator("#visit-sentence").inner_text()
    assert sentence == (
        f"{desk.tom.display_name} kommt am Dienstag, {tuesday.day}. "
        f"{_german_month(tuesday.month)} zwischen 9:00 und 11:00 Uhr zu Ihnen."
    )
    assert hans_page.get_by_role("link", name="In meinen Kalender").is_visible()
    times = hans_page.locator(".msg time").all_inner_texts()
    assert times and all(re.match(r"\w\w, \d+\. \w+", t) for t in times), times
    fits_the_phone(hans_page)

    # He answers in German; the page thanks him in German.
    hans_page.get_by_label("Ihre Antwort").fill("Dienstag passt gut, danke!")
    hans_page.get_by_role("button", name="Antwort senden").click()
    hans_page.get_by_text("Vielen Dank, Ihre Nachricht ist angekommen.").wait_for()
    assert case.messages.filter(body_text="Dienstag passt gut, danke!").exists()
    body = hans_page.locator("main").inner_text()
    assert GERMAN_DAY.search(body)
    for english in ("Your request", "Handled by", "Next step", "Conversation", "Send reply"):
        assert english not in body
    fits_the_phone(hans_page)
    print(screenshot(hans_page, "status-page-de.png", docs=True))
    phone.close()

    # Adam reads German better than English too: in My settings (the header menu) he
    # picks Deutsch, and his inbox is in German from then on; Hans's case is still there.
    page.get_by_role("link", name="My settings").click()
    page.get_by_label("Language").select_option(label="Deutsch")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Ihre Einstellungen sind gespeichert.").wait_for()
    page.get_by_role("link", name="Posteingang", exact=True).click()
    page.get_by_role("link", name="Heizung macht Geräusche").wait_for()
    assert page.locator("html").get_attribute("lang") == "de"
    assert "Alle offenen" in page.locator("main").inner_text()
    header = page.locator("header").inner_text()
    assert "Meine Einstellungen" in header and "Abmelden" in header
    print(screenshot(page, "journeys/agent-inbox-de.png"))


def test_a_first_time_customer_with_a_german_browser_reads_german_from_the_start(
    browser, live_server, screenshot, run_tasks
):
    # Jonas's phone asks for German (Accept-Language de-DE); the business's is English.
    phone = browser.new_context(base_url=live_server.url, locale="de-DE",
                                viewport={"width": 390, "height": 844})  # fmt: skip
    jonas = phone.new_page()
    jonas.set_default_timeout(30_000)
    jonas.goto("/contact")

    assert jonas.locator("html").get_attribute("lang") == "de"
    jonas.get_by_role("heading", name="Wie können wir helfen?").wait_for()
    fits_the_phone(jonas)
    jonas.get_by_label("Ihr Name").fill("Jonas Weber")
    jonas.get_by_label("Ihre E-Mail-Adresse").fill("jonas@example.de")
    jonas.get_by_label("Worum geht es?").fill("Heizung kalt")
    jonas.get_by_label("Nachricht").fill("Die Heizung ist seit gestern kalt. Bitte kommen Sie.")
    print(screenshot(jonas, "journeys/customer-contact-form-de.png"))
    jonas.get_by_role("button", name="Senden").click()

    jonas.get_by_role(
        "heading", name="Vielen Dank – Ihre Nachricht ist bei uns angekommen"
    ).wait_for()
    case = Case.objects.get(subject="Heizung kalt")
    assert case.customer.language == "de"  # stored: the office sees and keeps it
    print(screenshot(jonas, "journeys/customer-thanks-de.png"))

    # The worker acknowledges: in German, with the link to his page.
    run_tasks()
    mail = OutboundMail.objects.get(case=case, to_address="jonas@example.de")
    assert mail.body_text.startswith("Hallo Jonas,")
    assert case.reference in mail.body_text

    # His status page is German, the acknowledgement in its history too.
    jonas.get_by_role("link", name="Ihre Statusseite").click()
    jonas.get_by_role("heading", name="Heizung kalt").wait_for()
    assert jonas.locator("html").get_attribute("lang") == "de"
    body = jonas.locator("main").inner_text()
    assert "Hallo Jonas," in body
    assert "antwortet Ihnen bis" in body  # the first answer we promised, in his words
    for english in ("Your request", "Next step", "Conversation", "Send reply", "Hello Jonas",
                    "Send the first answer"):  # fmt: skip
        assert english not in body
    fits_the_phone(jonas)
    print(screenshot(jonas, "journeys/customer-status-first-de.png"))
    phone.close()


def _german_month(month: int) -> str:
    return ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
            "Oktober", "November", "Dezember"][month - 1]  # fmt: skip

"""The owner's business uses Mailgun instead of a mail server (#22 item 3). The Set-up
page says Mailgun cannot hand over customers' mail yet and why; the Mail screen shows
what is missing and the address to paste in Mailgun's console; once the signing key is
set (in the environment, then a restart) the to-do is gone, a customer's mail that
Mailgun posts to that address becomes a case with its attachment, and the screen fits
a phone, 390 px wide. Mailgun itself is out of reach: the test posts what Mailgun
posts (see tests/mail/test_providers.py for the documented payloads)."""

import urllib.request
from urllib.parse import urlencode

import pytest
from django.test import Client

from rightthere.cases.models import Case
from tests.factories import PASSWORD
from tests.mail.test_providers import SIGNING_KEY, customer_mail, mailgun_raw_mime

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_connects_mailgun_and_a_customers_mail_arrives(
    owner, page, log_in, screenshot, settings, live_server
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_PROVIDER": "mailgun", "SEND_MAIL": True,
                           "BASE_URL": live_server.url}  # fmt: skip
    settings.ANYMAIL = {"MAILGUN_API_KEY": "key-api"}  # the signing key is forgotten
    Client().get("/login/")  # load the URLs and templates first: the machine is shared
    log_in(owner.username, PASSWORD)

    page.goto("/settings/")
    todo = page.locator("[data-gap=mail_provider_inbound]")
    assert "Mailgun cannot hand you customers" in todo.inner_text()
    assert "MAILGUN_WEBHOOK_SIGNING_KEY is not set" in todo.inner_text()
    todo.get_by_role("link", name="See the mail provider").click()
    page.get_by_role("heading", name="Mail provider").wait_for()
    problem = page.locator("[data-provider-problem]")
    assert "MAILGUN_WEBHOOK_SIGNING_KEY is not set" in problem.inner_text()
    inbound_url = page.locator("[data-inbound-url]").inner_text()
    assert inbound_url == f"{live_server.url}/mail/provider/mailgun/inbound_mime/"
    page.locator("#provider").scroll_into_view_if_needed()
    print(screenshot(page, "journeys/mail-provider-missing-key.png", docs=True))

    # A post made now is refused: nothing can tell it came from Mailgun.
    assert post_form(inbound_url, mailgun_raw_mime(customer_mail())) == 401

    # The key is set for the web server and the worker, and they are restarted.
    settings.ANYMAIL = {"MAILGUN_API_KEY": "key-api", "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}
    page.goto("/settings/")
    assert page.locator("[data-gap=mail_provider_inbound]").count() == 0
    assert page.locator("[data-gap=mailbox]").count() == 0
    page.goto("/settings/mail/#provider")
    assert page.locator("[data-provider-problem]").count() == 0

    # Mailgun posts a customer's mail to the address the screen showed.
    assert post_form(inbound_url, mailgun_raw_mime(customer_mail())) == 200
    case = Case.objects.get()
    page.goto(f"/cases/{case.pk}/")
    page.get_by_text("pressure gauge shows 3.1 bar").first.wait_for()
    page.get_by_text("gauge.pdf").first.wait_for()
    print(screenshot(page, "journeys/mail-provider-case.png"))

    # On a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/settings/mail/#provider")
    page.locator("[data-inbound-url]").scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.locator("#provider").scroll_into_view_if_needed()
    print(screenshot(page, "journeys/mail-provider-390.png", full_page=False))


def post_form(url: str, fields: dict) -> int:
    request = urllib.request.Request(url, data=urlencode(fields).encode(), method="POST")  # noqa: S310
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # the live server
    try:
        with direct.open(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        refused.read()
        return refused.code

"""A mail claiming to be from a customer asks to pay a new bank account; the receiving
server said SPF failed for the customer's domain. The agent opens the case (on a phone
too) and reads the warning on that message before doing anything."""

import pytest

from rightthere.mail import ingest
from rightthere.mail.models import Source
from tests.factories import PASSWORD, UserFactory
from tests.mail.mails import make_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OURS = "mx.rightthere.test"


def test_agent_sees_that_a_bank_details_mail_may_not_be_from_the_customer(
    settings, page, log_in, screenshot
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAIL_AUTHSERV_ID": OURS}
    agent = UserFactory(username="adam")
    received = (
        f"Authentication-Results: {OURS}; spf=fail smtp.mailfrom=brightdental.example; "
        "dkim=none; dmarc=fail header.from=brightdental.example\r\n"
    ).encode() + make_mail(
        sender="Bright Dental Accounts <accounts@brightdental.example>",
        subject="Change of bank details for invoice 2291",
        body="Please pay invoice 2291 and all future invoices to our new account "
        "NL00 FAKE 0123 4567 89. The old account is closed.",
    )
    inbound = ingest.ingest(received, Source.IMAP)

    log_in(agent.username, PASSWORD)
    page.goto(f"/cases/{inbound.case.pk}/")
    message = page.locator(f"#message-{inbound.case_message.pk}")
    warning = message.get_by_role("note")
    assert "could not confirm this mail came from brightdental.example" in warning.inner_text()
    assert "SPF and DMARC failed" in warning.inner_text()
    print(screenshot(page, "journeys/forged-sender-1-desktop.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert message.get_by_role("note").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    print(screenshot(page, "journeys/forged-sender-2-phone.png"))

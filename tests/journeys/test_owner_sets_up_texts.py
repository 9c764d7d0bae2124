"""Olivia, the owner, sees on the Set-up page that texts are switched on but have no From
number, opens Text messages (SMS), types a number wrongly (told why next to the field,
nothing saved), then rightly; the Set-up page then says texts go out. At 1366 px and on
a 390 px phone (issue #21 item 3)."""

import pytest

from rightthere.sms.sending import from_number
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_olivia_sets_the_from_number_the_set_up_page_asked_for(
    owner, page, log_in, screenshot, settings, browser, live_server
):
    settings.SMS_BACKEND = "rightthere.sms.backends.twilio.TwilioBackend"
    settings.SMS_ACCOUNT_SID, settings.SMS_AUTH_TOKEN = "AC" + "0" * 32, "token"
    settings.SMS_FROM_NUMBER = ""
    log_in(owner.username, PASSWORD)
    page.goto("/settings/")
    state = page.locator("[data-sms-state]")
    assert "switched on but not working" in state.inner_text()
    assert "no From number" in state.inner_text()
    todo = page.locator('[data-gap="sms"]')
    assert "Texts cannot be sent" in todo.inner_text()
    screenshot(page, "journeys/owner-sms-missing.png")
    todo.get_by_role("link", name="Set up text messages").click()

    page.get_by_role("heading", name="Text messages (SMS)").wait_for()
    assert "no From number" in page.locator("[data-sms-missing]").inner_text()
    page.get_by_role("textbox", name="From number").fill("07700")
    page.get_by_role("button", name="Save").click()
    error = page.locator(".has-error .error")
    assert "is not a phone number we can text or call" in error.inner_text()
    assert page.get_by_role("textbox", name="From number").input_value() == "07700"
    assert from_number() == ""
    screenshot(page, "journeys/owner-sms-bad-number.png")

    page.get_by_role("textbox", name="From number").fill("07700 900001")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("From number saved.").wait_for()
    assert "Texts go out" in page.locator("#sms").inner_text()
    assert from_number() == "+447700900001"

    page.goto("/settings/")
    assert "on, from +447700900001 through Twilio Messages API" in page.locator(
        "[data-sms-state]").inner_text()  # fmt: skip
    assert page.locator('[data-gap="sms"]').count() == 0

    # On her phone the screen fits.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                is_mobile=True, has_touch=True).new_page()  # fmt: skip
    phone.context.add_cookies(page.context.cookies())
    phone.goto("/settings/sms/")
    screenshot(phone, "journeys/owner-sms-phone.png")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.context.close()

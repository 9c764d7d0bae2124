"""An agent at the inbox hears, without reloading, that a customer replied on their case:
the bell counts it, the list shows it, opening it goes to the case and the count goes down."""

import pytest

from rightthere.portal.links import status_path
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def bell(page):
    return page.locator("header a.bell")


def test_the_bell_counts_a_customer_reply_and_opening_it_leads_to_the_case(
    agent, page, log_in, screenshot, browser, live_server
):
    contact = ContactFactory(customer=CustomerFactory(name="Grace Hopper"), name="Grace Hopper",
                             email="grace@example.com")  # fmt: skip
    case = make_case(subject="No hot water since Sunday", contact=contact, assignee=agent)
    status_page = status_path(case)
    page.clock.install()  # the bell's 30-second poll, fast-forwarded below
    log_in(agent.username, PASSWORD)
    page.goto("/")
    bell(page).get_by_text("Notifications, none unread").wait_for(state="attached")

    # The customer answers on their status page, in another browser, while the inbox is open.
    customer = browser.new_context(base_url=live_server.url).new_page()
    customer.goto(status_page)
    customer.get_by_label("Your reply").fill("Friday morning suits me, thank you.")
    customer.get_by_role("button", name="Send reply").click()
    customer.get_by_text("Friday morning suits me").first.wait_for()
    customer.context.close()

    page.clock.run_for("00:31")  # the next poll
    count = bell(page).locator(".bell-count")
    count.wait_for()
    assert count.inner_text() == "1"
    assert page.get_by_role("link", name="Notifications, 1 unread").is_visible()
    path = screenshot(page, "journeys/agent-notifications-1-bell.png")
    print(f"screenshot: {path}")

    bell(page).click()
    page.wait_for_url("**/notifications/")
    listed = page.get_by_role("list", name="Notifications, newest first")
    item = listed.get_by_role("link")
    assert item.text_content() == (
        f"Unread: Grace Hopper replied on {case.reference} No hot water since Sunday"
    )
    path = screenshot(page, "journeys/agent-notifications-2-list.png")
    print(f"screenshot: {path}")

    item.click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    page.get_by_text("Friday morning suits me").first.wait_for()
    bell(page).get_by_text("Notifications, none unread").wait_for(state="attached")
    assert bell(page).locator(".bell-count").count() == 0
    path = screenshot(page, "journeys/agent-notifications-3-case.png")
    print(f"screenshot: {path}")

    page.goto("/notifications/")
    assert "Unread" not in page.get_by_role("list", name="Notifications, newest first").inner_text()

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    for url, name in [
        ("/notifications/", "4-phone-list"),
        ("/notifications/settings/", "5-phone-settings"),
    ]:
        mobile.goto(url)
        bell(mobile).wait_for()
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390, url
        path = screenshot(mobile, f"journeys/agent-notifications-{name}.png")
        print(f"screenshot: {path}")
    # The settings are saved from the keyboard (Enter on the focused button).
    mobile.get_by_label("A visit of mine moved").select_option("digest")
    mobile.get_by_role("button", name="Save").focus()
    mobile.keyboard.press("Enter")
    mobile.get_by_text("Saved. New notifications follow these choices.").wait_for()
    assert mobile.get_by_label("A visit of mine moved").input_value() == "digest"
    phone.close()

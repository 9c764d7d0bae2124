"""Olivia, the owner, lets an organisation's contacts see all its requests from the
settings hub; Grace at Acme, signed in by mail, then sees the request her colleague Linus
asked too, without its conversation; Olivia turns it off and it is gone (issue #21)."""

import re

import pytest
from django.core import mail

from rightthere.customers.models import CustomerKind
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_turns_organisation_sharing_on_and_a_contact_sees_her_colleagues_request(
    page, log_in, owner, screenshot, run_tasks
):
    acme = CustomerFactory(name="Acme Ltd", kind=CustomerKind.ORGANISATION)
    grace = ContactFactory(customer=acme, name="Grace", email="grace@acme.example")
    linus = ContactFactory(customer=acme, name="Linus", email="linus@acme.example")
    make_case(subject="Printer jams on page two", contact=grace)
    make_case(subject="Boiler in the back office leaks", contact=linus)

    # Olivia finds the screen in the settings hub and ticks the box.
    log_in(owner.username, PASSWORD)
    page.goto("/settings/")
    page.get_by_role("link", name="Customer sign-in").first.click()
    page.get_by_role("heading", name="Customer sign-in").wait_for()
    page.get_by_label("Contacts of an organisation see all its requests").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved. Customers see the change").wait_for()
    assert "now see all its requests" in page.locator(".changelog").inner_text()
    print(screenshot(page, "journeys/settings-customer-sign-in.png"))

    # Grace signs in on her phone and sees Linus's request, marked as his, without a link.
    phone = page.context.browser.new_context(base_url=page.url.split("/settings")[0],
                                             viewport={"width": 390, "height": 844})  # fmt: skip
    grace_page = phone.new_page()
    grace_page.set_default_timeout(10_000)
    grace_page.goto("/my/")
    grace_page.get_by_label("Your e-mail").fill("grace@acme.example")
    grace_page.get_by_role("button", name="Send me a link").click()
    grace_page.get_by_role("heading", name="Check your mail").wait_for()
    run_tasks()
    (sent,) = [m for m in mail.outbox if m.to == ["grace@acme.example"]]
    grace_page.goto(re.search(r"https?://[^/\s]+(/my/sign-in/\S+/)", sent.body)[1])
    grace_page.get_by_role("button", name="Show my requests").click()
    colleagues = grace_page.get_by_role("region", name="Boiler in the back office leaks")
    assert "by Linus" in colleagues.inner_text()
    assert colleagues.get_by_role("link").count() == 0
    own = grace_page.get_by_role("region", name="Printer jams on page two")
    assert own.get_by_role("link", name="Open and reply").count() == 1
    print(screenshot(grace_page, "journeys/all-my-requests-organisation.png"))
    assert grace_page.evaluate("document.documentElement.scrollWidth") <= 390

    # Olivia turns it off: Grace's list is hers alone again.
    page.get_by_label("Contacts of an organisation see all its requests").uncheck()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved. Customers see the change").wait_for()
    grace_page.reload()
    grace_page.get_by_role("region", name="Printer jams on page two").wait_for()
    assert "Boiler in the back office" not in grace_page.content()
    phone.close()

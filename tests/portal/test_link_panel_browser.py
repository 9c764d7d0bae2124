"""The status link panel in a real browser: copy the link, make a new one, revoke it and
send a new one; each shows on the case's timeline."""

import re

import pytest
from playwright.sync_api import expect

from rightthere.portal.links import status_path
from tests.factories import PASSWORD, OwnerFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_copies_the_link_and_makes_a_new_one(page, log_in, screenshot):
    OwnerFactory(username="olga")
    case = make_case(subject="Dishwasher leaks")
    old = status_path(case)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in("olga", PASSWORD)

    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#status-link-panel[data-loaded]")
    expect(panel.get_by_label("Status page link")).to_have_value(re.compile(re.escape(old) + "$"))
    panel.get_by_role("button", name="Copy").click()
    expect(panel.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()").endswith(old)

    page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_role("button", name="New link").click()
    expect(page.get_by_text("the old one no longer works")).to_be_visible()
    new_value = (
        page.locator("#status-link-panel[data-loaded]")
        .get_by_label("Status page link")
        .input_value()
    )
    assert not new_value.endswith(old)
    print(screenshot(page, "portal-status-link-panel.png"))

    assert page.goto(old).status == 404

    # Revoked, then sent again: a new link goes to the customer.
    page.goto(f"/cases/{case.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#status-link-panel[data-loaded]").get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("The link was revoked")).to_be_visible()
    panel = page.locator("#status-link-panel[data-loaded]")
    panel.get_by_role("button", name="Send a new link").click()
    expect(
        page.get_by_text(f"A new link was made and mailed to {case.contact.email}")
    ).to_be_visible()
    timeline = page.get_by_role("region", name="Timeline").inner_text()
    for said in ("Rotated (old link stopped)", "Revoked", f"New link sent to {case.contact.email}"):
        assert f"customer's status link: {said}" in timeline
    sent = page.locator("#status-link-panel[data-loaded]").get_by_label("Status page link")
    assert sent.input_value().endswith(status_path(case))
    assert page.goto(status_path(case)).status == 200

"""The status link panel in a real browser: copy the link, then make a new one."""

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

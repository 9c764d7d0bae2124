"""The owner turns on two-factor log-in, logs in with a code and with a recovery
code, then requires it for owners and agents: the agent is sent to set it up (#19)."""

import pytest

from tests.accounts.test_two_factor import code_for
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def password_step(page, username):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_out(page):
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url("**/login/**")


def test_owner_turns_on_two_factor_and_requires_it_for_the_team(owner, agent, page, log_in,
                                                                 screenshot):  # fmt: skip
    log_in(owner.username, PASSWORD)
    page.get_by_role("link", name="My settings").click()
    page.get_by_role("link", name="Two-factor log-in").click()
    secret = page.locator("#totp-secret").inner_text()
    assert page.locator(".qr svg").is_visible()
    screenshot(page, "journeys/two-factor-1-scan.png")
    page.get_by_label("Code from your app").fill(code_for(secret))
    page.get_by_role("button", name="Turn on").click()
    codes = page.get_by_role("list", name="Recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert page.get_by_text("Two-factor log-in is on.").is_visible()
    screenshot(page, "journeys/two-factor-2-recovery-codes.png")

    log_out(page)
    password_step(page, owner.username)
    page.wait_for_url("**/login/verify/**")
    screenshot(page, "journeys/two-factor-3-code.png")
    page.get_by_label("Code").fill(code_for(secret, step=1))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/")
    assert page.get_by_role("navigation", name="Main").is_visible()

    log_out(page)
    password_step(page, owner.username)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/")

    page.goto("/account/two-factor/")
    assert page.get_by_text("9 recovery codes left").is_visible()
    page.get_by_role("link", name="Who must use two-factor log-in").click()
    page.get_by_label("Owners and agents").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved.").is_visible()
    screenshot(page, "journeys/two-factor-4-policy.png")

    log_out(page)
    password_step(page, agent.username)
    page.wait_for_url("**/account/two-factor/")
    assert page.get_by_text(
        "Your role must use two-factor log-in: set it up to go on."
    ).is_visible()
    page.goto("/")  # nothing else opens until it is set up
    page.wait_for_url("**/account/two-factor/")
    screenshot(page, "journeys/two-factor-5-agent-must-set-up.png")

"""Canned replies in the composer, in a real browser: shortcut, search, insert, fill the gap."""

import re

import pytest
from playwright.sync_api import expect

from rightthere.canned.actions import save_canned_reply
from tests.factories import PASSWORD, ContactFactory, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PART_ORDERED = (
    "Hello {contact.first_name}, the part for {case.reference} is ordered. "
    "We will fit it by {promise.due}.\n{agent.first_name}"
)


def choices(page, **kwargs):
    """The options of the picker (other panels of the case page have options of their own)."""
    return page.get_by_role("listbox", name="Canned replies").get_by_role("option", **kwargs)


@pytest.fixture
def desk():
    agent = UserFactory(username="ada", first_name="Ada", last_name="Byron")
    case = make_case(subject="Dishwasher leaks", contact=ContactFactory(name="Grace Hopper"))
    for title, body in [
        ("Part ordered", PART_ORDERED),
        ("Thanks for waiting", "Thank you for waiting, {customer.first_name}."),
    ]:
        save_canned_reply(agent, title=title, body=body, scope="everyone")  # fmt: skip
    return agent, case


def test_the_shortcut_inserts_a_filled_reply_and_a_missing_value_blocks_sending(page, log_in, desk):
    agent, case = desk
    log_in("ada", PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    box = page.get_by_label("Message")
    box.click()

    page.keyboard.press("Control+/")
    search = page.get_by_role("combobox", name="Search canned replies")
    expect(search).to_be_focused()
    expect(choices(page)).to_have_count(2)
    search.press_sequentially("part")
    expect(choices(page)).to_have_count(1)
    search.press("Enter")

    expect(search).to_be_hidden()
    expect(box).to_have_value(
        f"Hello Grace, the part for {case.reference} is ordered. "
        "We will fit it by {promise.due}.\nAda"
    )
    expect(page.locator("#canned-gaps mark.canned-gap")).to_have_text("{promise.due}")
    expect(page.locator(".canned-gaps-message")).to_have_text(
        "Fill in {promise.due} before sending: this case has no value for it."
    )
    expect(box).to_have_attribute("aria-invalid", "true")

    page.get_by_role("button", name="Send", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    assert box.evaluate("el => el.validationMessage").startswith("Fill in {promise.due}")
    assert not case.messages.filter(direction="outbound").exists()

    page.get_by_role("button", name="Go to {promise.due}").click()
    page.keyboard.type("Friday 3 July, 17:00")

    expect(page.locator("#canned-gaps")).to_be_hidden()
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Reply sent")
    sent = case.messages.get(direction="outbound")
    assert sent.body_text.replace("\r\n", "\n") == (  # browsers send CRLF line ends
        f"Hello Grace, the part for {case.reference} is ordered. "
        "We will fit it by Friday 3 July, 17:00.\nAda"
    )
    assert sent.author == agent


def test_slash_in_an_empty_message_opens_the_picker_and_arrows_choose(page, log_in, desk):
    _, case = desk
    log_in("ada", PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    box = page.get_by_label("Message")

    box.press("/")
    search = page.get_by_role("combobox", name="Search canned replies")
    expect(search).to_be_focused()
    expect(choices(page)).to_have_count(2)
    search.press("ArrowDown")
    expect(page.get_by_role("option", name=re.compile("Thanks for waiting"))).to_have_attribute(
        "aria-selected", "true"
    )
    search.press("Enter")

    expect(box).to_have_value("Thank you for waiting, Grace.")
    expect(box).to_be_focused()
    expect(page.locator("#canned-gaps")).to_be_hidden()


def test_a_reply_goes_in_at_the_cursor_and_escape_closes_the_picker(page, log_in, desk):
    _, case = desk
    log_in("ada", PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    box = page.get_by_label("Message")
    box.fill("Dear Grace,\n\n\nKind regards")
    box.evaluate("el => el.setSelectionRange(13, 13)")

    page.keyboard.press("Control+/")
    search = page.get_by_role("combobox", name="Search canned replies")
    expect(search).to_be_focused()
    search.press("Escape")
    expect(search).to_be_hidden()
    expect(box).to_be_focused()

    page.get_by_role("button", name="Canned reply").click()
    search.press_sequentially("waiting")
    expect(choices(page)).to_have_count(1)
    choices(page).click()

    expect(box).to_have_value("Dear Grace,\n\nThank you for waiting, Grace.\nKind regards")

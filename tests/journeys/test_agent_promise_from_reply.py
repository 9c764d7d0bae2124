"""An agent's dated commitment typed in a reply becomes a chip that says it will be
recorded as a promise when the reply is sent: sending records it, with no button to
press. "Not a promise" (by keyboard here) records nothing; a commitment without a date
is flagged vague, once (by the reply check, not again by the chip)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rightthere.promises.models import Promise, PromiseSource
from tests.factories import PASSWORD, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def coming_friday():
    today = timezone.localdate()
    return today + timedelta(days=(4 - today.weekday()) % 7 or 7)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_dated_commitment_is_recorded_when_sent_unless_it_is_not_a_promise(
    page, log_in, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 860})
    UserFactory(username="ada")
    case = make_case(subject="Boiler not firing")
    log_in("ada", PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    friday = coming_friday()

    page.get_by_label("Message").press_sequentially("we will send the engineer by Friday")

    chip = page.locator("[data-promise-chip]")
    expect(chip).to_contain_text(f"Friday {friday.day} {friday:%b}")
    expect(chip).to_contain_text("send the engineer")
    expect(chip).to_contain_text("Will be recorded as a promise when you send")
    expect(chip.get_by_role("button", name="Edit")).to_be_visible()
    expect(chip.get_by_role("button", name="Not a promise")).to_be_visible()
    screenshot(page, f"promise-chip-{width}.png")

    # Sent straight away: nothing pressed on the chip, the promise fields left empty.
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.locator(".flash")).to_contain_text("Reply sent")
    panel = page.locator("section.promises")
    expect(panel).to_contain_text("send the engineer")
    expect(panel).not_to_contain_text("No open promise")
    expect(page.locator("section.timeline")).to_contain_text("made: send the engineer by")
    panel.scroll_into_view_if_needed()
    screenshot(page, f"promise-recorded-{width}.png")
    promise = Promise.objects.get(case=case, source=PromiseSource.READ_FROM_REPLY)
    assert promise.what == "send the engineer"
    assert timezone.localtime(promise.due_at).date() == friday
    assert promise.message.body_text == "we will send the engineer by Friday"

    # A second reply: the agent says, by keyboard, that this one is not a promise.
    page.get_by_label("Message").press_sequentially("Sam will call you tomorrow at 10")
    chip = page.locator("[data-promise-chip]")
    expect(chip).to_contain_text("Will be recorded as a promise when you send")
    chip.get_by_role("button", name="Not a promise").focus()
    page.keyboard.press("Enter")

    expect(chip).to_contain_text("Nothing is recorded when you send.")
    expect(chip.get_by_role("button", name="Record it after all")).to_be_focused()
    expect(page.locator("[name=read_promises]")).to_have_value("0")
    screenshot(page, f"promise-not-a-promise-{width}.png")
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.locator(".flash")).to_contain_text("Reply sent")
    expect(page.locator("section.timeline")).to_contain_text("Sam will call you tomorrow at 10")
    expect(page.locator("section.promises")).not_to_contain_text("call you")
    assert list(Promise.objects.filter(case=case).exclude(source=PromiseSource.FIRST_RESPONSE)) == [
        promise
    ]

    page.get_by_label("Message").press_sequentially("we'll get back to you soon")

    # Flagged vague once: by the reply check, whose fix puts in a date (and the promise);
    # the promise chip does not repeat it in a box of its own.
    vague = page.locator("#reply-check [data-category=vague_commitment]")
    expect(vague).to_contain_text("Vague time")
    expect(vague.get_by_role("button", name="Use “we'll get back to you by")).to_be_visible()
    expect(page.locator("[data-promise-chip]")).to_have_count(0)
    expect(page.locator("[data-promise-vague]")).to_have_count(0)
    screenshot(page, f"promise-vague-{width}.png")

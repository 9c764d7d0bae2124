"""An agent's promise typed in a reply becomes a chip, is confirmed in one click and is
recorded when the reply is sent; a commitment without a date is flagged vague."""

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
def test_a_dated_commitment_becomes_a_promise_and_a_vague_one_is_flagged(
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
    screenshot(page, f"promise-chip-{width}.png")
    chip.get_by_role("button", name="Add this promise").click()
    expect(page.locator("[name=promise_what]")).to_have_value("send the engineer")
    expect(page.locator("[name=promise_due]")).to_have_value(f"{friday:%Y-%m-%d}T17:00")

    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.locator(".flash")).to_contain_text("Reply sent")
    promise = Promise.objects.get(case=case, source=PromiseSource.REPLY)
    assert promise.what == "send the engineer"
    assert timezone.localtime(promise.due_at).date() == friday
    assert promise.message.body_text == "we will send the engineer by Friday"

    page.get_by_label("Message").press_sequentially("we'll get back to you soon")

    vague = page.locator("[data-promise-vague]")
    expect(vague).to_contain_text("has no date")
    expect(page.locator("[data-promise-chip]")).to_have_count(0)
    screenshot(page, f"promise-vague-{width}.png")

"""An agent works the inbox at speed (issue #16): two cases assigned in one go from the
bulk bar, a saved view opened from the view list, a case opened and answered from the
keyboard, the shortcuts listed with ?, and on a phone the views folded into a picker."""

import re

import pytest

from rightthere.cases.models import Case, Direction, Status
from rightthere.saved_views.models import SavedView
from tests.factories import PASSWORD, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cases(db):
    return [
        make_case(subject="Radiator cold upstairs", priority="urgent"),
        make_case(subject="Tap drips in the kitchen", priority="low"),
        make_case(subject="Quote for a new boiler"),
    ]


def test_agent_assigns_in_bulk_saves_a_view_and_answers_from_the_keyboard(
    cases, agent, page, log_in, screenshot, browser, live_server
):
    radiator, tap, quote = cases
    log_in(agent.username, PASSWORD)
    page.goto("/?view=open")
    bar = page.get_by_role("form", name="Change the selected cases")
    assert not bar.is_visible()  # nothing selected yet

    page.get_by_label(f"Select {radiator.reference}").check()
    page.get_by_label(f"Select {tap.reference}").check()
    assert bar.is_visible()
    assert bar.get_by_text("2 selected").is_visible()
    screenshot(page, "journeys/inbox-at-speed-1-two-selected.png")
    bar.get_by_label("Assign to").select_option(label=agent.display_name)
    bar.get_by_role("button", name="Assign").click()

    page.get_by_role("status").filter(has_text="Assigned 2 cases to").wait_for()
    assert page.get_by_role("button", name="Undo").is_visible()
    assert {c.assignee_id for c in Case.objects.filter(pk__in=[radiator.pk, tap.pk])} == {agent.pk}
    assert Case.objects.get(pk=quote.pk).assignee_id is None
    screenshot(page, "journeys/inbox-at-speed-2-assigned.png")

    # Mine, due first (the urgent case is due first), saved under a name.
    page.locator("#view-counts").get_by_role("link", name=re.compile("^Mine")).click()
    page.wait_for_url("**/?view=mine")
    page.get_by_text("Save this view", exact=True).click()
    page.get_by_label("Name").fill("Mine, urgent first")
    page.get_by_role("button", name="Save view").click()
    page.get_by_text("Saved the view “Mine, urgent first”.").wait_for()
    saved = SavedView.objects.get(owner=agent)
    assert saved.query == "view=mine"

    page.goto("/")
    page.get_by_role("link", name="Mine, urgent first", exact=True).click()
    page.wait_for_url(f"**saved={saved.pk}")
    assert (
        page.get_by_role("link", name="Mine, urgent first", exact=True).get_attribute(
            "aria-current"
        )
        == "page"
    )
    rows = page.locator("table.cases tbody tr")
    assert rows.count() == 2
    assert radiator.subject in rows.first.inner_text()
    screenshot(page, "journeys/inbox-at-speed-3-saved-view.png")

    page.keyboard.press("j")
    page.keyboard.press("j")
    assert "kb-current" in (rows.nth(1).get_attribute("class") or "")
    page.keyboard.press("k")
    assert "kb-current" in (rows.first.get_attribute("class") or "")
    screenshot(page, "journeys/inbox-at-speed-4-keyboard-row.png")
    page.keyboard.press("x")  # select the current case; x again clears it
    assert page.get_by_label(f"Select {radiator.reference}").is_checked()
    assert page.get_by_text("1 selected").is_visible()
    page.keyboard.press("x")
    assert not page.get_by_label(f"Select {radiator.reference}").is_checked()
    page.keyboard.press("/")
    assert page.locator("#q").evaluate("el => el === document.activeElement")
    rows.first.locator("td.subject a").focus()
    page.keyboard.press("o")
    page.wait_for_url(f"**/cases/{radiator.pk}/")

    page.keyboard.press("r")
    message = page.get_by_label("Message", exact=True)
    assert message.evaluate("el => el === document.activeElement")
    assert page.get_by_label("Reply to customer").is_checked()
    # Typed into the message, none of these letters is a shortcut (j, k, o, n, a, r...).
    page.keyboard.type("Thank you for letting us know. Tom will come by tomorrow at 10:00.")
    page.get_by_role("button", name="Send", exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_text("Tom will come by tomorrow at 10:00.").first.wait_for()
    reply = radiator.messages.filter(direction=Direction.OUTBOUND, author=agent)
    assert reply.count() == 1

    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("n")
    assert page.get_by_label("Internal note").is_checked()
    assert message.evaluate("el => el === document.activeElement")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("a")
    assert page.get_by_label("Assignee", exact=True).evaluate("el => el === document.activeElement")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("?")
    shortcuts = page.get_by_role("dialog", name="Keyboard shortcuts")
    shortcuts.wait_for()
    assert "Reply to the customer" in shortcuts.inner_text()
    screenshot(page, "journeys/inbox-at-speed-5-shortcuts.png")
    page.keyboard.press("Escape")
    assert not shortcuts.is_visible()

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    mobile.goto("/?view=open")
    mobile.wait_for_load_state("networkidle")
    picker = mobile.locator("details.viewpicker > summary")
    assert re.fullmatch(r"Views: All open \(3\)", picker.inner_text().strip())
    assert not mobile.get_by_role("link", name="Unassigned").is_visible()
    assert mobile.locator("table.cases").bounding_box()["y"] < 844  # the cases on the first screen
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(mobile, "journeys/inbox-at-speed-6-phone-picker.png", full_page=False)
    picker.click()
    assert mobile.get_by_role("link", name="Mine, urgent first", exact=True).is_visible()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(mobile, "journeys/inbox-at-speed-7-phone-picker-open.png", full_page=False)
    mobile.get_by_label(f"Select {quote.reference}").check()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(mobile, "journeys/inbox-at-speed-8-phone-bulk-bar.png", full_page=False)
    phone.close()

    # A merge with a closed case selected: the confirmation says beforehand it is skipped.
    leak = make_case(subject="Leak under the sink", customer=quote.customer)
    Case.objects.filter(pk=leak.pk).update(status=Status.CLOSED)
    page.goto("/?view=all")
    page.get_by_label(f"Select {tap.reference}").check()
    page.get_by_label(f"Select {leak.reference}").check()
    bar.get_by_label("Merge into").fill(quote.reference)
    bar.get_by_role("button", name="Merge…").click()
    page.get_by_role("heading", name=f"Merge 1 case into {quote.reference}?").wait_for()
    assert page.get_by_role("note").get_by_text(f"{leak.reference} is closed").is_visible()
    assert page.get_by_role("button", name="Merge 1 case").is_enabled()
    screenshot(page, "journeys/inbox-at-speed-9-merge-skips-closed.png")

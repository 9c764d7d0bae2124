"""The owner books a visit for a customer who rang, from the case page, in one click."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.field.models import Part, PartOrder, Visit
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_books_the_first_suggested_slot_and_the_customer_gets_the_date(
    phoned_case,
    desk,
    owner,
    page,
    log_in,
    screenshot,
    browser,
    live_server,
):
    log_in(owner.username, PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="No hot water since Sunday").first.click()
    suggestions = page.get_by_role("list", name="Suggested slots")
    suggestions.wait_for()
    first = suggestions.get_by_role("button").first
    label = first.inner_text()
    assert desk.tom.display_name in label
    screenshot(page, "journeys/owner-books-visit-1-suggestions.png")

    first.click()

    page.get_by_text("Visit booked for").wait_for()
    assert not page.get_by_role("list", name="Suggested slots").is_visible()  # folded away
    visit = Visit.objects.get(case=phoned_case)
    when = timezone.localtime(visit.starts_at)
    panel = page.get_by_role("region", name="Visits and parts")
    assert when.strftime("%H:%M") in panel.inner_text()
    assert desk.tom.display_name in panel.inner_text()
    assert panel.get_by_role("link", name=when.strftime("%a %-d %b %H:%M")).is_visible()
    # The customer's reply with the date and the calendar invite is on the case's timeline.
    page.get_by_text("Your visit is booked for").first.wait_for()
    assert page.get_by_text(f"visit-{visit.pk}.ics").first.is_visible()
    screenshot(page, "journeys/owner-books-visit-2-booked.png")

    page.goto(f"/schedule/?start={when.date().isoformat()}")
    board = page.locator("table.board")
    assert phoned_case.reference in board.inner_text() or "No hot water" in board.inner_text()
    screenshot(page, "journeys/owner-books-visit-3-schedule.png")

    page.goto("/outbox/")
    outbox = page.locator("main").inner_text()
    assert "grace@example.com" in outbox
    assert "Your visit is booked for" in outbox
    assert when.strftime("%d %B %Y") in outbox
    screenshot(page, "journeys/owner-books-visit-4-outbox.png")

    # The owner adds a part to the catalogue in Settings → Parts and vendors ...
    page.on("dialog", lambda dialog: dialog.accept())  # the forms' "are you sure?"
    page.goto("/settings/")
    page.get_by_role("link", name="Parts and vendors").first.click()
    page.get_by_label("SKU").fill("B-7")
    page.locator("#id_part-name").fill("Boiler control board")
    page.locator("#id_part-vendor").select_option(label="Pumps Direct")
    page.get_by_label("Cost").fill("89.90")
    page.get_by_label("Reorder at").fill("1")
    page.get_by_role("button", name="Add part").click()
    page.get_by_text("added to the catalogue").wait_for()
    board_part = Part.objects.get(sku="B-7")
    assert "Boiler control board" in page.locator("#parts").inner_text()
    screenshot(page, "journeys/owner-books-visit-5-settings-parts.png")

    # ... orders it for the case from the case page, due in four days ...
    page.goto(f"/cases/{phoned_case.pk}/")
    panel = page.get_by_role("region", name="Visits and parts")
    assert "No parts ordered." in panel.inner_text()
    panel.get_by_text("Order a part").click()
    panel.get_by_label("Part", exact=True).select_option(str(board_part.pk))
    due = timezone.localdate() + timedelta(days=4)
    panel.get_by_label("Expected arrival").fill(due.isoformat())
    screenshot(page, "journeys/owner-books-visit-6-order-part.png")
    panel.get_by_role("button", name="Order the part").click()
    page.get_by_text("Ordered 1 × Boiler control board from Pumps Direct").wait_for()
    order = PartOrder.objects.get(case=phoned_case)
    panel = page.get_by_role("region", name="Visits and parts")
    assert (
        f"1 × Boiler control board · Ordered, due {due.strftime('%a %-d %b')}" in panel.inner_text()
    )

    # ... and, when it comes, marks it received: stock goes up.
    panel.get_by_text("Received, late or wrong?").click()
    screenshot(page, "journeys/owner-books-visit-7-order-actions.png")
    panel.get_by_role("button", name="Received").click()
    page.get_by_text("Boiler control board received").wait_for()
    order.refresh_from_db()
    board_part.refresh_from_db()
    assert order.status == "received" and board_part.stock_on_hand == 1
    assert (
        "1 × Boiler control board · Received"
        in page.get_by_role("region", name="Visits and parts").inner_text()
    )
    screenshot(page, "journeys/owner-books-visit-8-part-received.png")

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    mobile.goto(f"/cases/{phoned_case.pk}/")
    # With a visit booked, booking another is folded away.
    mobile.get_by_text("Book another visit").click()
    mobile.get_by_role("list", name="Suggested slots").wait_for()
    mobile.get_by_text("Pick a time and technician by hand").wait_for()
    mobile_panel = mobile.get_by_role("region", name="Visits and parts")
    mobile_panel.scroll_into_view_if_needed()
    full = screenshot(mobile, "journeys/owner-books-visit-9-phone-case-page.png")
    mobile_panel.screenshot(path=full.parent / "owner-books-visit-10-phone-panel.png")
    # Nothing in the panel sticks out of it, and the panel adds no width to the page.
    sticking_out = mobile.evaluate("""() => {
        const panel = document.querySelector('.field-panel');
        const right = panel.getBoundingClientRect().right + 0.5;
        return [...panel.querySelectorAll('*')]
            .filter(e => e.getBoundingClientRect().right > right).map(e => e.outerHTML.slice(0, 80));
    }""")
    assert sticking_out == []
    # The case page's own column is wider than the phone (the timeline, not this panel):
    # at the phone's width less the page's margins, the panel's content still fits.
    fits = mobile.evaluate("""() => {
        const panel = document.querySelector('.field-panel');
        panel.style.width = '358px'; panel.style.boxSizing = 'border-box';
        const right = panel.getBoundingClientRect().right + 0.5;
        const out = [...panel.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > right);
        const ok = out.length === 0 && panel.scrollWidth <= panel.clientWidth;
        panel.style.width = ''; panel.style.boxSizing = '';
        return ok;
    }""")
    assert fits
    width = mobile.evaluate("document.documentElement.scrollWidth")
    mobile.evaluate("document.querySelector('.field-panel').remove()")
    assert width == mobile.evaluate("document.documentElement.scrollWidth")
    phone.close()

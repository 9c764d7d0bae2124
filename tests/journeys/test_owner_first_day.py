"""The owner's first day with field visits: a customer rings, the owner books a visit from
the case, finds it on the schedule board, moves it there, and the customer's mail has the
new date; then the customer no longer needs it and the owner cancels it from the case
page. The board and the forms are checked at 1366 and at 390 pixels wide."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from rightthere.field.models import Visit
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_books_a_visit_sees_it_on_the_board_moves_it_and_the_customer_has_the_new_date(
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
    page.goto(f"/cases/{phoned_case.pk}/")
    suggestions = page.get_by_role("list", name="Suggested slots")
    suggestions.wait_for()
    suggestions.get_by_role("button").first.click()
    page.get_by_text("Visit booked for").wait_for()
    visit = Visit.objects.get(case=phoned_case)
    booked = timezone.localtime(visit.starts_at)

    # The board on the visit's day: Tom's row has it, with his load and slack.
    page.goto("/schedule/")
    page.get_by_role("link", name="Today").click()
    while not page.get_by_text(phoned_case.reference).count():
        page.get_by_role("link", name="Next day →").click()
    assert booked.strftime("%A %-d %B %Y") in page.locator("h1").inner_text()
    row = page.get_by_role("row", name=desk.tom.display_name)
    assert "1 h booked of 9 h (11%)" in row.inner_text()
    assert "8 h free" in row.inner_text()
    assert f"{booked:%H:%M}–" in row.inner_text()
    screenshot(page, "journeys/owner-first-day-1-board-day.png")

    # Move it on the board: the next day at 14:00, by hand.
    new_day = booked.date() + timedelta(days=1)
    row.get_by_text("Move, reassign or cancel").click()
    new_time = page.get_by_label("New date and time")
    new_time.wait_for()
    screenshot(page, "journeys/owner-first-day-2-move-form.png")
    new_time.fill(f"{new_day.isoformat()}T14:00")
    page.get_by_role("button", name="Move visit").click()

    page.get_by_text("Visit moved to").wait_for()
    visit.refresh_from_db()
    assert timezone.localtime(visit.starts_at) == timezone.make_aware(
        datetime.combine(new_day, time(14))
    )
    assert "/schedule/" in page.url  # back on the board, where the move was made
    page.get_by_role("link", name="Next day →").click()
    assert "14:00–" in page.get_by_role("row", name=desk.tom.display_name).inner_text()

    # The week: a column per day, the visit under its new day.
    page.get_by_role("link", name="Week", exact=True).click()
    week = page.locator("table.board-week")
    assert f"{new_day:%a} {new_day.day} {new_day:%b}" in week.inner_text()
    screenshot(page, "journeys/owner-first-day-3-board-week.png")

    # The visit opens from the board; its page has the same forms.
    week.get_by_role("link", name=phoned_case.reference).click()
    page.get_by_role("heading", name="Move or cancel").wait_for()
    page.get_by_label("New date and time").wait_for()
    screenshot(page, "journeys/owner-first-day-3b-visit-page.png")

    # The customer was told: the mail with the new date, the person and the invite.
    page.goto("/outbox/")
    outbox = page.locator("main").inner_text()
    assert "grace@example.com" in outbox
    assert f"It is now on {new_day:%A %d %B %Y}, 14:00" in outbox
    screenshot(page, "journeys/owner-first-day-4-outbox.png")

    # On a phone: the day stacks per technician, the week scrolls inside its own box.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    mobile.goto(f"/schedule/?date={new_day.isoformat()}")
    mobile.get_by_role("row", name=desk.tom.display_name).get_by_text(
        "Move, reassign or cancel"
    ).click()
    mobile.get_by_label("New date and time").wait_for()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(mobile, "journeys/owner-first-day-5-phone-day.png")
    mobile.goto(f"/schedule/?date={new_day.isoformat()}&view=week")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    scroller = mobile.locator(".board-scroll")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # the week scrolls in its box
    screenshot(mobile, "journeys/owner-first-day-5b-phone-week.png")
    mobile.goto(f"/cases/{phoned_case.pk}/")
    mobile.get_by_role("region", name="Visits and parts").get_by_text("Move or cancel").click()
    mobile.get_by_label("Why (the customer reads this)").wait_for()
    panel_box = mobile.locator(".field-panel").evaluate("e => e.getBoundingClientRect().right")
    form_box = mobile.locator(".visit-change").evaluate("e => e.getBoundingClientRect().right")
    assert form_box <= panel_box + 0.5
    screenshot(mobile, "journeys/owner-first-day-6-phone-case-page-move-form.png")
    phone.close()

    # The customer rings back: the repair is no longer needed. Cancel from the case page.
    page.goto(f"/cases/{phoned_case.pk}/")
    panel = page.get_by_role("region", name="Visits and parts")
    panel.get_by_text("Move or cancel").click()
    panel.get_by_label("Why (the customer reads this)").fill(
        "You told us the boiler works again after the reset; no visit is needed."
    )
    confirm = panel.get_by_label("Yes, cancel this visit and tell the customer")
    assert confirm.evaluate("e => !e.validity.valid")  # the browser asks to tick it first
    confirm.check()
    panel.get_by_role("button", name="Cancel visit").click()
    page.get_by_text("the customer has been told, with a calendar update").wait_for()
    page.get_by_text("cancelled the visit on").first.wait_for()
    visit.refresh_from_db()
    assert visit.status == "cancelled"
    screenshot(page, "journeys/owner-first-day-7-cancelled-on-case-page.png")
    page.goto("/outbox/")
    assert "Your visit on" in page.locator("main").inner_text()
    assert "is cancelled" in page.locator("main").inner_text()

    mobile = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    mobile.add_cookies(page.context.cookies())
    empty = mobile.new_page()
    empty.goto(f"/schedule/?date={new_day.isoformat()}")
    assert empty.get_by_text(f"No visits on {new_day:%A} {new_day.day} {new_day:%b}.").count()
    assert empty.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(empty, "journeys/owner-first-day-8-phone-empty-day.png")
    mobile.close()


def test_owner_records_when_her_technician_started_and_what_he_can_carry(
    owner, technician, page, log_in, screenshot
):
    """The staff page showed "—" for everyone. From Tom's page in the team settings the
    owner opens his staff record, first gives a leaving date before his start (refused
    next to it, the rest kept), then saves it; the staff page shows it."""
    log_in(owner.username, PASSWORD)
    page.goto(f"/settings/team/{technician.pk}/")
    page.get_by_role("link", name="Change start date, leaving date and capacity").click()
    page.get_by_label("Started on").fill("2025-03-01")
    page.get_by_label("Left on").fill("2025-02-01")
    page.get_by_label("Capacity").fill("12")
    page.get_by_role("button", name="Save").click()

    page.get_by_text("The leaving date cannot be before the start date").wait_for()
    assert page.get_by_label("Capacity").input_value() == "12"
    screenshot(page, "journeys/owner-first-day-9-staff-record-refused.png")
    page.get_by_label("Left on").fill("")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url("**/insights/staff/")
    row = page.get_by_role("row").filter(has_text=technician.display_name)
    assert "1 Mar 2025" in row.inner_text()
    assert "12" in row.inner_text()
    screenshot(page, "journeys/owner-first-day-10-staff-page.png")


def test_owner_adds_and_renames_a_team_on_the_team_page(owner, agent, page, log_in, screenshot):
    """Audit 2, item 11: teams could only be made in the admin. On Team and users the
    owner adds "Installations", renames it "Field service", and trying to remove "Front
    desk", where Adam works, is refused saying why. At 390 pixels the teams still fit."""
    from rightthere.accounts.models import Team
    from tests.factories import TeamFactory

    front = TeamFactory(name="Front desk")
    front.members.add(agent)
    log_in(owner.username, PASSWORD)
    page.goto("/settings/team/")
    page.get_by_label("Team name").fill("Installations")
    page.get_by_role("button", name="Add a team").click()
    page.get_by_text("Team Installations added.").wait_for()
    added = Team.objects.get(name="Installations")

    page.get_by_label("New name for Installations").fill("Field service")
    page.locator(f'li[data-team="{added.pk}"]').get_by_role("button", name="Rename").click()
    page.get_by_text("Installations is now called Field service.").wait_for()
    page.get_by_role("button", name="Remove Front desk").click()
    page.get_by_text("Front desk cannot be removed: it still has 1 person.").wait_for()
    assert sorted(Team.objects.values_list("name", flat=True)) == ["Field service", "Front desk"]
    page.get_by_role("heading", name="Teams").scroll_into_view_if_needed()
    screenshot(page, "journeys/owner-first-day-11-teams.png")

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("heading", name="Teams").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "journeys/owner-first-day-12-teams-phone.png")

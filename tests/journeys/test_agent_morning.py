"""An agent's morning, in the browser only (#16): the bell says a customer replied on
her case while the inbox is open, the row says "Customer replied" until she opens it,
she takes two new cases in one go, saves the view of her own cases, and answers one
from the keyboard."""

import re

import pytest

from rightthere.cases.models import Case, Direction
from rightthere.portal.links import status_path
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agents_morning(agent, page, log_in, screenshot, browser, live_server):
    grace = ContactFactory(customer=CustomerFactory(name="Grace Hopper"), name="Grace Hopper",
                           email="grace@example.com")  # fmt: skip
    hers = make_case(subject="No hot water since Sunday", contact=grace, assignee=agent)
    leak = make_case(subject="Leak under the sink", priority="urgent")
    tap = make_case(subject="Tap drips in the kitchen", priority="low")
    page.clock.install()  # the bell's 30-second poll, fast-forwarded below
    log_in(agent.username, PASSWORD)
    page.goto("/?view=open")

    # Grace answers on her status page while the inbox is open.
    customer = browser.new_context(base_url=live_server.url).new_page()
    customer.goto(status_path(hers))
    customer.get_by_label("Your reply").fill("Friday morning suits me, thank you.")
    customer.get_by_role("button", name="Send reply").click()
    customer.get_by_text("Friday morning suits me").first.wait_for()
    customer.context.close()

    page.clock.run_for("00:31")
    page.get_by_role("link", name="Notifications, 1 unread").wait_for()
    page.reload()
    row = page.get_by_role("row").filter(has_text=hers.subject)
    assert "Customer replied" in row.inner_text()
    screenshot(page, "journeys/agent-morning-1-bell-and-row.png")

    # Two new cases taken in one go.
    page.get_by_label(f"Select {leak.reference}").check()
    page.get_by_label(f"Select {tap.reference}").check()
    bar = page.get_by_role("form", name="Change the selected cases")
    bar.get_by_label("Assign to").select_option(label=agent.display_name)
    bar.get_by_role("button", name="Assign").click()
    page.get_by_role("status").filter(has_text="Assigned 2 cases to").wait_for()
    assert set(Case.objects.filter(assignee=agent).values_list("pk", flat=True)) == {
        hers.pk, leak.pk, tap.pk}  # fmt: skip

    # Her own cases, urgent first, kept as a view.
    page.locator("#view-counts").get_by_role("link", name=re.compile("^Mine")).click()
    page.wait_for_url("**/?view=mine")
    page.get_by_text("Save this view", exact=True).click()
    page.get_by_label("Name").fill("My morning")
    page.get_by_role("button", name="Save view").click()
    page.get_by_text("Saved the view “My morning”.").wait_for()
    page.goto("/")
    page.get_by_role("link", name="My morning", exact=True).click()
    page.wait_for_url("**saved=*")
    rows = page.locator("table.cases tbody tr")
    assert rows.count() == 3
    # The two she just took are new to her; Grace wrote again on hers.
    badges = {r.locator("td.subject a").inner_text(): r.locator(".badge-unread").inner_text()
              for r in rows.all()}  # fmt: skip
    assert badges == {f"{leak.reference} {leak.subject}": "New",
                      f"{tap.reference} {tap.subject}": "New",
                      f"{hers.reference} {hers.subject}": "Customer replied"}  # fmt: skip
    screenshot(page, "journeys/agent-morning-2-saved-view.png")

    # Grace's case from the keyboard: move to it, open it, reply.
    position = [i for i in range(rows.count()) if hers.subject in rows.nth(i).inner_text()][0]
    for _ in range(position + 1):
        page.keyboard.press("j")
    assert "kb-current" in (rows.nth(position).get_attribute("class") or "")
    page.keyboard.press("o")
    page.wait_for_url(f"**/cases/{hers.pk}/")
    # Opening the case read its notification: the bell says so without a reload.
    page.get_by_role("link", name="Notifications, none unread").wait_for()
    page.keyboard.press("r")
    page.keyboard.type("Thank you, Grace. Tom will come on Friday at 9:00.")
    page.get_by_role("button", name="Send", exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_text("Tom will come on Friday at 9:00.").first.wait_for()
    assert hers.messages.filter(direction=Direction.OUTBOUND, author=agent).count() == 1
    screenshot(page, "journeys/agent-morning-3-replied.png")

    # Opened: the row no longer says the customer replied.
    page.goto("/?view=mine")
    row = page.get_by_role("row").filter(has_text=hers.subject)
    assert "Customer replied" not in row.inner_text()

    # Grace rings about another of her requests and gives her name: the search finds
    # her as a customer, with her cases, though her full name is in none of their messages.
    page.get_by_label("Search", exact=True).fill("Grace Hopper")
    page.get_by_label("Search", exact=True).press("Enter")
    found = page.get_by_role("list", name="Customers found")
    found.get_by_text("Grace Hopper").wait_for()
    assert "1 case" in found.inner_text()
    assert page.get_by_role("row").filter(has_text=hers.subject).count() == 1
    assert page.get_by_role("row").filter(has_text=leak.subject).count() == 0
    screenshot(page, "journeys/agent-morning-4-search-by-name.png")
    found.get_by_role("link", name="Grace Hopper").click()
    page.wait_for_url(f"**/customers/{grace.customer_id}/")

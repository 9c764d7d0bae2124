"""The owner decides who gets new cases; the next contact-form request is acknowledged
by that person, by name, not by "our customer service team" (#17)."""

import pytest

from rightthere.cases.models import Case
from tests.factories import PASSWORD, TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_routes_web_requests_to_the_office_and_the_customer_hears_from_priya(
    owner, page, log_in, screenshot, browser, live_server, run_tasks
):
    office = TeamFactory(name="Office")
    priya = UserFactory(username="priya", first_name="Priya", last_name="Shah")
    office.members.add(priya)
    log_in(owner.username, PASSWORD)

    page.goto("/insights/")
    page.get_by_role("link", name="Who gets new cases").click()
    page.get_by_role("heading", name="Who gets new cases").wait_for()
    assert page.get_by_text("No rules yet").is_visible()
    page.get_by_label("Came in by").select_option(label="Web form")
    page.get_by_label("Team").select_option(label="Office")
    page.get_by_label("Least loaded").check()
    print(screenshot(page, "journeys/owner-sets-routing-1-form.png"))
    page.get_by_role("button", name="Add rule").click()

    page.get_by_text("Saved: By: Web form → Office.").wait_for()
    rule = page.locator(".rule").first
    assert "By: Web form → Office" in rule.inner_text()
    assert "the least loaded" in rule.inner_text()
    print(screenshot(page, "journeys/owner-sets-routing-2-saved.png"))

    customer = browser.new_context(base_url=live_server.url)
    form = customer.new_page()
    form.goto("/contact")
    form.get_by_label("Your name").fill("Grace Hopper")
    form.get_by_label("Your e-mail").fill("grace@example.com")
    form.get_by_label("What is it about?").fill("Dripping tap in the kitchen")
    form.get_by_label("Message").fill("The kitchen tap has dripped since Friday.")
    form.get_by_role("button", name="Send").click()
    form.get_by_role("heading", name="Thank you — we have your message").wait_for()
    assert "Priya will send the first answer by" in form.locator("main").inner_text()
    print(screenshot(form, "journeys/owner-sets-routing-3-thanks.png"))
    customer.close()

    case = Case.objects.get(subject="Dripping tap in the kitchen")
    assert (case.team, case.assignee) == (office, priya)
    run_tasks()  # the worker writes and mails the acknowledgement
    page.goto("/outbox/")
    mail = page.locator("article.outmail", has_text="Dripping tap in the kitchen").first
    text = mail.inner_text()
    assert "grace@example.com" in text
    assert "Priya will answer you by" in text
    assert "customer service team" not in text
    mail.scroll_into_view_if_needed()
    print(screenshot(page, "journeys/owner-sets-routing-4-outbox.png"))

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    mobile.goto("/insights/routing/")
    mobile.get_by_role("heading", name="Add a rule").wait_for()
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    print(screenshot(mobile, "journeys/owner-sets-routing-5-phone.png", full_page=True))

"""A customer without an account: web form -> status page -> reply -> staff sees it."""

import pytest
from playwright.sync_api import expect

from rightthere.cases.models import Case
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_customer_writes_follows_status_and_replies_and_staff_sees_it(
    page, browser, live_server, run_tasks
):
    page.goto("/contact")
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Your e-mail").fill("grace@example.org")
    page.get_by_label("What is it about?").fill("Heating off in the server room")
    page.get_by_label("Message").fill("The radiator is cold since Monday.")
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    case = Case.objects.get()
    expect(page.get_by_text(case.reference)).to_be_visible()

    page.get_by_role("link", name="Your status page").click()
    expect(page.get_by_role("heading", name="Heating off in the server room")).to_be_visible()
    expect(page.locator("#customer-status")).to_have_text("Received")
    page.get_by_label("Your reply").fill("Also: the thermostat shows E4.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Thank you, we have your message.")).to_be_visible()
    expect(page.locator(".msg-inbound").last).to_contain_text("the thermostat shows E4")

    run_tasks()  # the worker: the acknowledgement written and mailed
    UserFactory(username="adam")
    staff = browser.new_context(base_url=live_server.url).new_page()
    staff.goto("/login/")
    staff.get_by_label("Username").fill("adam")
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"/cases/{case.pk}/")
    expect(staff.locator(".msg-inbound").last).to_contain_text("the thermostat shows E4")
    expect(staff.locator(".msg-outbound")).to_contain_text("will answer you by")

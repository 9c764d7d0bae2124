"""The complaint playbook in a real browser: the agent on the case page, the customer
choosing an option and answering the satisfaction check on the status page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rightthere.portal.links import status_path
from rightthere.promises.models import Promise
from rightthere.recovery.actions import send_satisfaction_checks
from tests.factories import PASSWORD, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_agent_and_customer_walk_the_recovery_playbook(
    page, browser, live_server, log_in, screenshot
):
    agent = UserFactory(username="anna", first_name="Anna")
    case = make_case(subject="Technician never came", kind="complaint", assignee=agent)
    log_in("anna", PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    playbook = page.get_by_role("region", name="Complaint recovery")
    expect(playbook).to_contain_text("Now: step 1")

    # 1. Apologise, no excuses.
    page.get_by_placeholder("Write to").fill(
        "I am so sorry nobody came on Tuesday. That was our mistake."
    )
    page.get_by_role("button", name="Send", exact=True).click()
    expect(playbook).to_contain_text("Now: step 2")

    # 2. Offer options.
    page.get_by_label("Option 1").fill("Visit tomorrow at 8:00, free of charge")
    page.get_by_label("Option 2").fill("Refund of the call-out fee")
    page.get_by_role("button", name="Send the options").click()
    expect(playbook).to_contain_text("Waiting for the customer to choose")
    screenshot(page, "complaint-playbook.png", docs=True)

    # The customer chooses on the status page.
    customer = browser.new_context(base_url=live_server.url).new_page()
    customer.goto(status_path(case))
    customer.get_by_role("button", name="Visit tomorrow at 8:00, free of charge").click()
    expect(customer.get_by_text("we will put it in hand")).to_be_visible()

    # 3. Follow through: a promise with a date, kept when done.
    page.reload()
    expect(playbook).to_contain_text("Chosen by the customer: Visit tomorrow at 8:00")
    page.get_by_label("Do “Visit tomorrow at 8:00, free of charge” by").fill(
        local(timezone.now() + timedelta(days=1))
    )
    page.get_by_role("button", name="Promise it").click()
    page.get_by_role("region", name="Promises").get_by_role("button", name="Kept").first.click()
    expect(playbook).to_contain_text("Now: step 4")

    # 4. The satisfaction check goes out; the customer answers on the status page.
    kept_at = Promise.objects.get(source="recovery").kept_at
    send_satisfaction_checks(kept_at + timedelta(days=3))
    customer.goto(status_path(case))
    customer.get_by_role("button", name="Yes, satisfied").click()
    customer.get_by_label("Your feedback").fill("Call me when the technician is late.")
    customer.get_by_role("button", name="Send feedback").click()
    expect(customer.get_by_text("we read every answer")).to_be_visible()

    # 6. The agent records the root cause; every step is done.
    page.reload()
    page.get_by_label("Root cause").select_option(label="Communication")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(playbook).to_contain_text("All steps done")

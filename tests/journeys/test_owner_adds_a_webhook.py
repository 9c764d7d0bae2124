"""The owner connects the accounting program: she adds a webhook on Settings → Webhooks
(a bad URL, and the cloud's metadata address, are refused next to the URL field
first), copies its secret into the receiver, opens a case through "+ New case", and
the receiver (a real HTTP server on 127.0.0.1) gets it, signed; she sees the delivery in the log with the receiver's answer. The
receiver then fails (HTTP 500) for the next case; she sees that in the log, and once
it is fixed she presses "Send again" and sees it delivered. At 390 px the log fits the
screen (#22).

The worker's part runs in the test (`run_tasks`: the real task, the real HTTP request).
Each delivery gets one attempt here (WEBHOOK_MAX_ATTEMPTS=1), so the 500 fails at once
instead of waiting 30 s for its retry; retries are tested in tests/webhooks."""

import time

import pytest
from playwright.sync_api import expect

from rightthere.webhooks.models import Delivery, DeliveryStatus
from tests.factories import PASSWORD
from tests.webhooks.receiver import start_receiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


@pytest.fixture
def receiver(settings):
    # The receiver listens on 127.0.0.1, a loopback address webhooks refuse unless
    # WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is set (a receiver on the owner's own network).
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": True}
    found, server = start_receiver()
    yield found
    server.shutdown()
    server.server_close()


def open_case_by_phone(page, caller, subject, said):
    page.get_by_role("link", name="+ New case").click()
    page.get_by_label("Caller's name").fill(caller)
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("What the customer said").fill(said)
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", name=subject)).to_be_visible()


def worker_sends(run_tasks, receiver, seconds=5.0):
    """Run the worker until the receiver has something: the live server's thread commits
    the case and enqueues its delivery while this thread goes on (a worker polls too)."""
    deadline = time.monotonic() + seconds
    run_tasks()
    while not receiver.received and time.monotonic() < deadline:
        time.sleep(0.1)
        run_tasks()


def log_row(page, subject_reference):
    return page.locator(".webhook-log tbody tr").filter(has_text=subject_reference)


def test_owner_adds_a_webhook_sees_each_delivery_and_sends_a_failed_one_again(
    owner, page, log_in, screenshot, receiver, run_tasks, settings
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "WEBHOOK_MAX_ATTEMPTS": 1}
    log_in(owner.username, PASSWORD)
    page.goto("/settings/")
    page.locator(".settings-nav").get_by_role("link", name="Webhooks").click()
    page.get_by_role("heading", name="Webhooks", exact=True).wait_for()
    expect(page.get_by_text("No webhooks yet.")).to_be_visible()

    # A URL without http(s):// is refused next to the form; what she typed stays.
    page.get_by_label("Name").fill("Accounting")
    page.get_by_label("URL").fill("books.example.com/hook")
    page.locator('input[name=events][value="case.opened"]').check()
    page.get_by_role("button", name="Add webhook").click()
    expect(page.locator("#webhook-url-error")).to_contain_text("The URL must start with https://")
    expect(page.get_by_label("Name")).to_have_value("Accounting")
    expect(page.locator('input[name=events][value="case.opened"]')).to_be_checked()
    # The cloud's metadata service is refused even with private addresses allowed.
    page.get_by_label("URL").fill("http://169.254.169.254/latest/meta-data/")
    page.get_by_role("button", name="Add webhook").click()
    expect(page.locator("#webhook-url-error")).to_contain_text("is a link-local address")

    page.get_by_label("URL").fill(receiver.url)
    page.get_by_role("button", name="Add webhook").click()
    page.get_by_role("heading", name="Accounting").wait_for()
    receiver.secret = page.locator("#new-secret").inner_text().strip()
    assert receiver.secret.startswith("whsec_")

    # A customer rings: the case is opened through the New case form.
    open_case_by_phone(page, "Maria Lopez", "Kitchen tap leaks", "Water under the sink.")
    worker_sends(run_tasks, receiver)

    [got] = receiver.received
    assert got.signature_ok and got.event == "case.opened"
    assert got.payload["case"]["subject"] == "Kitchen tap leaks"
    first = Delivery.objects.get()
    reference = first.case_reference

    page.goto("/settings/webhooks/")
    page.get_by_role("link", name="Accounting").click()
    expect(page.locator("#new-secret")).to_have_count(0)  # shown once only
    row = log_row(page, reference)
    expect(row).to_contain_text("case.opened")
    expect(row.locator(".delivery-status")).to_have_text("Delivered")
    expect(row).to_contain_text("HTTP 200")
    row.get_by_text("Details").click()
    expect(row.locator("pre").first).to_have_text('{"ok": true}')  # the receiver's answer

    # The receiver breaks: the next case's delivery gets a 500.
    receiver.default = 500
    open_case_by_phone(page, "Sam Reed", "Radiator cold upstairs", "The back bedroom is cold.")
    run_tasks()
    failed = Delivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.response_status == 500

    page.goto(f"/settings/webhooks/{first.subscription_id}/")
    row = log_row(page, failed.case_reference)
    expect(row.locator(".delivery-status")).to_have_text("Failed")
    expect(row).to_contain_text("HTTP 500")
    row.get_by_text("Details").click()
    expect(row.locator("pre").first).to_have_text('{"error": "try later"}')
    print(screenshot(page, "webhook-log-failed.png"))

    # Fixed: she sends it again, and it arrives.
    receiver.default = 200
    row.get_by_role("button", name="Send again").click()
    run_tasks()
    page.goto(f"/settings/webhooks/{first.subscription_id}/")
    rows = log_row(page, failed.case_reference)
    expect(rows).to_have_count(2)  # the failed one stays in the log, the new one on top
    expect(rows.first.locator(".delivery-status")).to_have_text("Delivered")
    expect(rows.first).to_contain_text("HTTP 200")
    expect(rows.nth(1).locator(".delivery-status")).to_have_text("Failed")
    assert [r.payload["case"]["subject"] for r in receiver.acted_on] == [
        "Kitchen tap leaks",
        "Radiator cold upstairs",
    ]
    again = Delivery.objects.get(resent_from=failed)
    assert (again.status, again.resent_by, again.body) == (
        DeliveryStatus.DELIVERED,
        owner,
        failed.body,
    )
    print(screenshot(page, "webhook-log.png", docs=True))

    # On a phone the log fits the screen.
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    page.reload()
    phone_row = log_row(page, reference)
    expect(phone_row).to_contain_text("Delivered")
    expect(phone_row).to_contain_text("HTTP 200")  # the answer stays on a phone
    expect(log_row(page, failed.case_reference).nth(1)).to_contain_text("HTTP 500")
    print(screenshot(page, "webhook-log-phone.png", docs=True))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the log is {width}px wide"

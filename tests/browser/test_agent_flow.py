"""An agent's day in a real browser: log in, inbox, case, reply, search, inline status."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rightthere.cases.models import Case, CaseEvent
from rightthere.customers.models import Customer
from rightthere.desk import casework
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_morning_inbox(agent):
    now = timezone.now()
    subjects = [
        ("Boiler bangs every few minutes", "repair", "high", -30),
        ("Invoice charged twice for October", "question", "normal", -200),
        ("Technician did not arrive on Tuesday", "complaint", "urgent", -20),
        ("Quote for a new bathroom extractor fan", "request", "low", -600),
        ("Printer on 2nd floor jams", "repair", "normal", -90),
    ]
    cases = []
    for subject, kind, priority, minutes in subjects:
        customer = CustomerFactory(internal=subject.startswith("Printer"))
        cases.append(
            make_case(
                subject=subject,
                kind=kind,
                priority=priority,
                contact=ContactFactory(customer=customer),
                opened_at=now + timedelta(minutes=minutes),
            )
        )
    casework.assign_case(cases[0], actor=None, assignee=agent)
    return cases


def test_agent_logs_in_replies_searches_and_changes_status(page, log_in, screenshot):
    agent = UserFactory(username="anna", first_name="Anna", last_name="Agent")
    cases = _a_morning_inbox(agent)
    target = cases[0]

    log_in("anna", PASSWORD)

    # The inbox shows open cases and live counts.
    expect(page.get_by_role("heading", name="All open")).to_be_visible()
    expect(page.get_by_role("link", name=target.subject)).to_be_visible()
    expect(page.locator('[data-view-count="open"]')).to_have_text("5")
    expect(page.locator('[data-view-count="mine"]')).to_have_text("1")
    screenshot(page, "inbox.png", docs=True)

    # Open the case and reply.
    page.get_by_role("link", name=target.subject).click()
    expect(page.get_by_role("heading", name=target.subject)).to_be_visible()
    # A promise dated in the past by mistake: refused, nothing sent, and nothing typed lost.
    reply = "Tom will be with you tomorrow between 9 and 11."
    composer = page.locator("section.composer")
    page.get_by_placeholder("Write to").fill(reply)
    composer.get_by_label("Promise: we will").fill("bring the bearing")
    composer.get_by_label("by", exact=True).fill("2020-12-01T10:00")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#promise-error")).to_have_text("A promise needs a date in the future.")
    expect(page.get_by_placeholder("Write to")).to_have_value(reply)
    expect(composer.get_by_label("Promise: we will")).to_have_value("bring the bearing")
    expect(composer.get_by_label("by", exact=True)).to_have_value("2020-12-01T10:00")
    expect(page.locator("#reply-error")).to_have_count(0)
    page.locator("#promise-error").scroll_into_view_if_needed()
    screenshot(page, "reply-refused-past-promise.png", full_page=False)
    assert not target.messages.filter(body_text=reply).exists()
    # The date was a slip: no promise after all, and the same draft goes out.
    composer.get_by_label("Promise: we will").fill("")
    composer.get_by_label("by", exact=True).fill("")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Reply sent.")).to_be_visible()
    expect(page.locator(".msg-outbound")).to_contain_text("Tom will be with you tomorrow")
    screenshot(page, "case.png", docs=True)

    # Change the status inline (htmx) without a page load.
    with page.expect_response(lambda response: "/field/status/" in response.url):
        page.get_by_label("Status", exact=True).select_option("waiting_us")
    expect(page.get_by_text("Name what we are waiting for")).to_be_visible()
    # htmx wires up the swapped-in header only once it has settled.
    page.wait_for_selector("#case-header:not(.htmx-added):not(.htmx-settling)")
    page.wait_for_timeout(100)
    with page.expect_response(lambda response: "/field/status/" in response.url):
        page.get_by_label("Waiting for").select_option("part")
    expect(page.get_by_label("Status", exact=True)).to_have_value("waiting_us")
    target.refresh_from_db()
    assert target.status == "waiting_us"
    assert CaseEvent.objects.filter(case=target, kind="status", after="Waiting on us").exists()

    # Find it again through search, by words from the reply.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    page.get_by_label("Search", exact=True).fill("between 9 and 11")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Search results")).to_be_visible()
    expect(page.get_by_role("link", name=target.subject)).to_be_visible()
    expect(page.get_by_role("link", name=cases[1].subject)).to_have_count(0)


def test_filters_update_the_list_in_place(page, log_in):
    agent = UserFactory(username="adam")
    _a_morning_inbox(agent)
    log_in("adam", PASSWORD)

    page.locator("form.filters").get_by_label("Priority").select_option("urgent")

    expect(page.get_by_role("link", name="Technician did not arrive on Tuesday")).to_be_visible()
    expect(page.get_by_role("link", name="Boiler bangs every few minutes")).to_have_count(0)
    assert "priority=urgent" in page.url


def test_phone_call_becomes_a_case(page, log_in, screenshot):
    UserFactory(username="adam")
    arjun = CustomerFactory(name="Arjun Patel")
    ContactFactory(customer=arjun, name="Arjun Patel", email="", phone="+447700900126")
    log_in("adam", PASSWORD)

    page.get_by_role("link", name="+ New case").click()
    page.get_by_label("Caller's name").fill("Maria Lopez")
    page.get_by_label("Phone").fill("0161 496 0000")
    page.get_by_label("Subject").fill("Dishwasher leaks at the door")
    page.get_by_label("What the customer said").fill("Water on the floor after every wash.")
    page.get_by_label("Kind").select_option("repair")
    page.get_by_role("button", name="Open case").click()

    expect(page.get_by_role("heading", name="Dishwasher leaks at the door")).to_be_visible()
    expect(page.get_by_text("Water on the floor after every wash.")).to_be_visible()
    assert Case.objects.get().customer.name == "Maria Lopez"

    # Arjun rings and gives his number as he says it: the search finds him as it is typed.
    page.get_by_role("link", name="+ New case").click()
    page.get_by_label("Find the customer").press_sequentially("07700 900126")
    choice = page.get_by_role("radio", name="Arjun Patel")
    expect(choice).to_be_visible()
    expect(page.locator("#customer-choices")).to_contain_text("0 open cases")
    choice.check()  # keyboard: Tab into the list, arrows to pick
    expect(page.get_by_role("radio", name="Arjun Patel")).to_be_checked()
    page.get_by_label("Subject").fill("Boiler pressure drops")
    page.get_by_label("What the customer said").fill("Pressure falls to 0.5 bar overnight.")
    screenshot(page, "new-case-found-customer.png")
    page.get_by_role("button", name="Open case").click()

    expect(page.get_by_role("heading", name="Boiler pressure drops")).to_be_visible()
    assert Case.objects.get(subject="Boiler pressure drops").customer == arjun
    assert arjun.contacts.count() == 1

    # Given as a new caller by mistake, his number names him before a second Arjun is made.
    page.get_by_role("link", name="+ New case").click()
    page.get_by_label("Caller's name").fill("Arjun Patel")
    page.get_by_label("Phone").fill("07700-900-126")
    page.get_by_label("Subject").fill("Radiator cold")
    page.get_by_label("What the customer said").fill("The bedroom radiator stays cold.")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "This looks like Arjun Patel (1 open case): the same phone number."
    )
    expect(page.get_by_label("What the customer said")).to_have_value(
        "The bedroom radiator stays cold."
    )
    screenshot(page, "new-case-looks-like.png")
    page.get_by_role("button", name="Use this customer").click()

    expect(page.get_by_role("heading", name="Radiator cold")).to_be_visible()
    assert Case.objects.get(subject="Radiator cold").customer == arjun
    assert Customer.objects.filter(name="Arjun Patel").count() == 1

"""From an empty database, with only the set-up screens (#20): the owner creates her
account on the first page, adds a checklist for repairs on the Checklists screen (a
checklist without steps is refused next to the field) and a new repair case opened from
"+ New case" starts with its steps; she adds a reply-check phrase on Settings → Reply
check, tried on a sentence first, and the composer of that case then flags it. She adds a
review source and sees its secret once. The screens fit a 390 px phone.

(The first page, hours, technicians, mailbox and test mail are in
test_owner_sets_up_from_scratch.py and test_owner_sets_up_technicians_and_mail.py.)
"""

import pytest
from playwright.sync_api import expect

from rightthere.accounts.models import Integration, SettingsChange, User
from rightthere.cases.models import Case
from rightthere.checklists.models import ChecklistTemplate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long pass phrase 42"
STEPS = "Turn off the water\nFind the leak\nFit the new seal\nTest for an hour"


def _nav(page, name):
    page.get_by_role("navigation", name="Set-up sections").get_by_role("link", name=name).click()


def test_owner_sets_up_a_repairs_checklist_and_a_phrase_on_an_empty_desk(
    page, screenshot, browser, live_server
):
    assert not User.objects.exists()
    page.goto("/")
    page.get_by_role("heading", name="Welcome to Rightthere").wait_for()
    page.get_by_label("Your first name").fill("Olivia")
    page.get_by_label("Your last name").fill("Stone")
    page.get_by_label("Username to log in with").fill("olivia")
    page.get_by_label("Your e-mail").fill("olivia@brightside.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Business name").fill("Brightside Home Repairs")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Business hours").wait_for()

    # A checklist for repairs: first without steps (refused next to the field), then with.
    page.goto("/settings/")
    _nav(page, "Checklists")
    page.get_by_text("No checklists yet").wait_for()
    page.get_by_label("Name").fill("Leak repair")
    page.get_by_label("For cases of kind").select_option("repair")
    expect(page.get_by_label("Put these steps on every new case of this kind")).to_be_checked()
    page.get_by_role("button", name="Add checklist").click()
    expect(page.locator(".formfield.has-error")).to_contain_text(
        "Write at least one step, one per line."
    )
    expect(page.get_by_label("Name")).to_have_value("Leak repair")
    page.get_by_label("Steps, one per line").fill(STEPS)
    page.get_by_role("button", name="Add checklist").click()
    page.get_by_text("Checklist “Leak repair” added.").wait_for()
    listed = page.locator("#checklists")
    expect(listed).to_contain_text("For repair cases · put on every new one")
    expect(listed).to_contain_text("1. Turn off the water · 2. Find the leak")
    expect(page.locator(".changelog")).to_contain_text("Added the checklist Leak repair")
    print(screenshot(page, "settings-checklists.png", docs=True))
    assert ChecklistTemplate.objects.get().steps.count() == 4

    # A customer rings about a leak: a new repair case starts with the checklist.
    page.get_by_role("link", name="+ New case").click()
    page.get_by_label("Caller's name").fill("Maria Lopez")
    page.get_by_label("Phone").fill("0161 496 0000")
    page.get_by_label("Subject").fill("Kitchen tap leaks")
    page.get_by_label("What the customer said").fill("Water drips under the sink all day.")
    page.get_by_label("Kind").select_option("repair")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", name="Kitchen tap leaks")).to_be_visible()
    checklist = page.locator("#checklist")
    expect(checklist.locator(".checklist-text")).to_have_text(STEPS.split("\n"))
    case = Case.objects.get()

    # A phrase for the reply check, tried on a sentence before it is saved.
    page.goto("/settings/")
    _nav(page, "Reply check")
    page.get_by_label("Category").select_option("harsh_tone")
    page.get_by_label("Words or pattern").fill("it is what it is")
    page.get_by_label("Try a sentence").fill("Sorry, but it is what it is.")
    page.get_by_role("button", name="Try it").click()
    expect(page.locator("#trial")).to_contain_text("Found in the sentence: it is what it is")
    print(screenshot(page, "settings-reply-check-tried.png"))  # Save the one primary button
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved: it newly flags").wait_for()

    # ... and the composer of the repair case flags it.
    page.goto(f"/cases/{case.pk}/")
    page.get_by_label("Message").press_sequentially("Hello Maria, it is what it is.")
    flagged = page.locator(".coach-finding.coach-harsh_tone")
    expect(flagged).to_have_count(1)
    expect(page.locator("mark.coach-span")).to_contain_text("it is what it is")

    # A review source: its secret is shown once, with where and how to post.
    page.goto("/settings/")
    _nav(page, "Review sources")
    page.get_by_label("Name").fill("Google reviews sync")
    page.get_by_role("button", name="Add review source").click()
    secret = Integration.objects.get().secret
    expect(page.locator("#new-secret")).to_have_text(secret)
    expect(page.get_by_text("/api/reviews/webhook").first).to_be_visible()
    print(screenshot(page, "settings-review-sources.png", docs=True))
    page.reload()
    expect(page.locator("#new-secret")).to_have_count(0)
    assert SettingsChange.objects.filter(actor__username="olivia").count() >= 2

    # On a phone the screens fit the width.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    mobile.goto("/login/")
    mobile.get_by_label("Username").fill("olivia")
    mobile.get_by_label("Password").fill(PASSWORD)
    mobile.get_by_role("button", name="Log in").click()
    mobile.wait_for_url("**/")
    for path, name in [("/settings/checklists/", "settings-checklists-phone.png"),
                       ("/settings/review-sources/", "settings-review-sources-phone.png"),
                       ("/settings/root-causes/", None), ("/settings/canned/", None),
                       ("/settings/relationship-rules/", None)]:  # fmt: skip
        mobile.goto(path)
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390, path
        if name:
            print(screenshot(mobile, name, docs=True))
    phone.close()

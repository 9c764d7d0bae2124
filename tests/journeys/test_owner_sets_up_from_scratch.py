"""From an empty database to a working desk using only the set-up screens (#20).

Done here: the site opened on a fresh install leads to creating the owner (name,
business, time zone, language); the guided path; business hours set on the Hours
screen with the due-time preview; the remaining steps skipped and shown as to-dos on
the Set-up page; the business profile; a technician with hours and a skill (the
Technicians screen) offered by the slot finder; the hub as a list on a 390 px phone.
an agent invited from the Team screen who chooses a password through the one-time link
and is logged in. The mailbox tested against Dovecot and a test mail to aiosmtpd:
test_owner_sets_up_technicians_and_mail.py. A repairs checklist and a reply-check phrase
flagged in the composer, from an empty database: test_owner_sets_up_work_from_scratch.py.
"""

import re
from urllib.parse import urlsplit

import pytest

from rightthere.accounts.models import User
from rightthere.cases.models import BusinessHours
from rightthere.field.models import Skill
from tests.factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long pass phrase 42"


def test_owner_sets_up_an_empty_desk_from_the_first_page(page, screenshot, browser, live_server):
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
    print(screenshot(page, "first-run-1-owner.png", docs=True))
    page.get_by_role("button", name="Create my account").click()

    # Step 1 of the path: business hours, done on the Hours screen itself.
    page.get_by_role("heading", name="Business hours").wait_for()
    print(screenshot(page, "first-run-2-step.png", docs=True))
    page.get_by_role("link", name="Set up business hours").click()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(day, exact=True).fill("09:00-17:00")
    page.get_by_role("button", name="Save hours").click()
    page.get_by_text("Business hours saved.").wait_for()
    assert BusinessHours.objects.count() == 5
    page.get_by_label("A mail of priority").select_option("high")
    page.get_by_label("arriving at").fill("2026-12-11T16:30")
    page.get_by_role("button", name="Show").click()
    preview = page.locator("[data-preview]")
    assert "A high-priority mail at Friday 16:30 is due for its first answer Monday 10:30" in (
        " ".join(preview.inner_text().split())
    )
    print(screenshot(page, "settings-hours.png", docs=True))

    # The other steps skipped: they come back as to-dos.
    page.goto("/settings/first-run/reach/")
    page.get_by_role("link", name="Skip for now").click()
    page.get_by_role("heading", name="Outgoing mail").wait_for()
    page.get_by_role("link", name="Skip for now").click()
    page.get_by_role("heading", name="Invite your team").wait_for()
    page.get_by_role("button", name="Finish").click()
    page.get_by_role("heading", name="Set-up").wait_for()
    todos = page.locator(".todo").all_inner_texts()
    assert any("No mailbox" in t for t in todos)
    assert any("Your team is not invited" in t for t in todos)
    assert not any("No business hours" in t for t in todos)
    print(screenshot(page, "settings-setup-todos.png", docs=True))

    # The business profile, from the hub's nav.
    page.get_by_role("navigation", name="Set-up sections").get_by_role(
        "link", name="Business profile").click()  # fmt: skip
    page.get_by_label("Phone").fill("0117 496 0000")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Business profile saved.").wait_for()
    assert "Changed the phone" in page.locator(".changelog").inner_text()
    print(screenshot(page, "settings-business.png", docs=True))

    # A technician with hours and a skill (20-B's Technicians screen), then offered by
    # the slot finder for a customer's case (the customer wrote in; that is data here).
    page.get_by_role("navigation", name="Set-up sections").get_by_role(
        "link", name="Technicians and partners").click()  # fmt: skip
    page.get_by_label("New skill").fill("Gas boilers")
    page.get_by_role("button", name="Add skill").click()
    page.locator("#skill-names").get_by_text("Gas boilers").wait_for()
    add = page.locator("section", has=page.get_by_role("heading", name="Add a technician"))
    add.get_by_label("First name").fill("Tom")
    add.get_by_label("Last name").fill("Fixer")
    add.get_by_label("Username").fill("tom")
    add.get_by_label("Gas boilers").check()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        add.get_by_label(day, exact=True).fill("08:00-17:00")
    add.get_by_role("button", name="Add technician").click()
    page.get_by_text("Tom Fixer").first.wait_for()
    skill = Skill.objects.get(name="Gas boilers")
    case = make_case(subject="Boiler shows F28")
    page.goto(f"/cases/{case.pk}/visit-slots/?skill={skill.pk}&duration=60")
    assert "Tom Fixer" in page.content()

    # An agent invited from the Team screen chooses her password through the one-time
    # link (mail is not set up on this desk yet, so the owner passes on the link the
    # screen shows) and is logged in; the link does not work twice.
    page.goto("/settings/")
    page.get_by_role("navigation", name="Set-up sections").get_by_role(
        "link", name="Team and users").click()  # fmt: skip
    invite = page.locator("section", has=page.get_by_role("heading", name="Invite someone"))
    invite.get_by_label("First name").fill("Anna")
    invite.get_by_label("E-mail").fill("anna@brightside.test")
    invite.get_by_label("Role").select_option("agent")
    invite.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to anna@brightside.test.").wait_for()
    link = urlsplit(page.locator(".newkey code").inner_text()).path
    newcomer = browser.new_context(base_url=live_server.url)
    anna = newcomer.new_page()
    anna.goto(link)
    anna.get_by_role("heading", name="Welcome, Anna").wait_for()
    anna.get_by_label(re.compile(r"^New password\W*$")).fill("anna's own pass phrase 7")
    anna.get_by_label(re.compile(r"^New password confirmation")).fill("anna's own pass phrase 7")
    anna.get_by_role("button", name="Set my password").click()
    anna.wait_for_url(live_server.url + "/")
    assert "Welcome, Anna" in anna.locator(".flash").inner_text()  # logged in, in the inbox
    assert User.objects.get(email="anna@brightside.test").check_password("anna's own pass phrase 7")
    print(screenshot(anna, "journeys/invited-agent-first-page.png"))
    assert anna.goto(link).status == 404  # used once
    newcomer.close()

    # On a phone the hub is a list of the sections.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    mobile.goto("/login/")
    mobile.get_by_label("Username").fill("olivia")
    mobile.get_by_label("Password").fill(PASSWORD)
    mobile.get_by_role("button", name="Log in").click()
    mobile.wait_for_url("**/")
    mobile.goto("/settings/")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    assert mobile.get_by_role("link", name="Hours, holidays and targets").is_visible()
    print(screenshot(mobile, "settings-hub-phone.png", docs=True))
    phone.close()

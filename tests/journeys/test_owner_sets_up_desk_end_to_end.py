"""From an empty database to a working desk in one go, with the screens only (#20).

The owner creates her account on the first page (a business in New York); sets the
business hours on the first-run step and reads the due-time preview; adds a mailbox and
tests it against a real Dovecot, then sends a test mail through a real SMTP server
(aiosmtpd); invites an agent, whose invitation arrives at that SMTP server and who
chooses a password through its one-time link and is logged in; on the Team screen the
owner may not give up her own role while she is the only owner (said next to the field),
and makes the agent an owner, who then opens the Set-up pages; adds a technician with
hours and a skill, who is offered by the slot finder; adds a checklist for repairs that
a new repair case starts with; adds a reply-check phrase that the composer then flags.
The screenshots of the key steps go to docs/screenshots/journeys/ (--update-screenshots).
"""

import email
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from rightthere.accounts.models import Role, SettingsChange, User
from rightthere.cases.models import BusinessHours, Case
from rightthere.field.models import Skill
from tests.mail.conftest import dovecot, imap  # noqa: F401 - the real IMAP server fixtures
from tests.outbox.conftest import smtp_server  # noqa: F401 - the real SMTP server fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long pass phrase 42"
ANNAS_PASSWORD = "anna's own pass phrase 7"
WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
STEPS = "Turn off the water\nFind the leak\nFit the new seal"


@pytest.fixture(autouse=True)
def fresh_process():
    """The first-run gate remembers for the life of the process that someone exists; an
    earlier test in this process may have had people, so start as a fresh server does."""
    from rightthere.setup_screens import first_run_views

    first_run_views._has_people[0] = False


def _nav(page, name):
    page.get_by_role("navigation", name="Set-up sections").get_by_role("link", name=name).click()


def _shot(screenshot, page, name):
    print(screenshot(page, f"journeys/desk-end-to-end-{name}.png", docs=True))


def _received_link(envelope) -> str:
    """The one-time link in the invitation as the SMTP server received it."""
    body = email.message_from_bytes(envelope.original_content).get_payload(decode=True).decode()
    return urlsplit(re.search(r"https?://\S+/invite/\S+", body).group(0)).path


def test_owner_sets_up_a_working_desk_from_an_empty_database(
    page,
    screenshot,
    browser,
    live_server,
    imap,  # noqa: F811
    smtp_server,  # noqa: F811
    settings,
    monkeypatch,
):
    handler, smtp_port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": True,
                           "BASE_URL": live_server.url}  # fmt: skip
    # The mailbox's password comes from the environment, as the screen says.
    monkeypatch.setenv("RIGHTTHERE_MAILBOX_SUPPORT_PASSWORD", "desk-password")
    imap.append(b"From: ada@example.com\r\nSubject: Boiler\r\n\r\nIt drips.\r\n")
    assert not User.objects.exists()

    # 1. The first page of a fresh install creates the owner.
    page.goto("/")
    page.get_by_role("heading", name="Welcome to Rightthere").wait_for()
    page.get_by_label("Your first name").fill("Olivia")
    page.get_by_label("Your last name").fill("Stone")
    page.get_by_label("Username to log in with").fill("olivia")
    page.get_by_label("Your e-mail").fill("olivia@brightside.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Business name").fill("Brightside Home Repairs")
    page.get_by_label("Time zone").select_option("America/New_York")
    _shot(screenshot, page, "1-owner")
    page.get_by_role("button", name="Create my account").click()

    # 2. Business hours, from the first-run step, with the due-time preview (New York).
    page.get_by_role("heading", name="Business hours").wait_for()
    page.get_by_role("link", name="Set up business hours").click()
    for day in WEEK:
        page.get_by_label(day, exact=True).fill("09:00-17:00")
    page.get_by_role("button", name="Save hours").click()
    page.get_by_text("Business hours saved.").wait_for()
    page.get_by_label("A mail of priority").select_option("high")
    page.get_by_label("arriving at").fill("2026-12-11T16:30")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("[data-preview]")).to_contain_text("is due for its first answer Monday")
    assert BusinessHours.objects.count() == 5
    _shot(screenshot, page, "2-hours")

    # 3. A mailbox, tested against the real IMAP server; 4. a test mail through real SMTP.
    page.goto("/settings/mail/")
    form = page.locator("form", has=page.get_by_role("button", name="Add mailbox"))
    form.locator("[name=name]").fill("Support")
    form.locator("[name=host]").fill("127.0.0.1")
    form.locator("[name=port]").fill(str(imap.port))
    form.locator("[name=security]").select_option("none")
    form.locator("[name=username]").fill("desk")
    page.get_by_role("button", name="Add mailbox").click()
    page.get_by_text("Mailbox Support added.").wait_for()
    page.get_by_role("button", name="Test connection of Support").click()
    result = page.locator("[data-test-result]").first
    expect(result).to_contain_text("Connected.", timeout=30_000)
    expect(result).to_contain_text("1 message in INBOX, 1 unread")
    page.get_by_label("Send a test mail to").fill("olivia@brightside.test")
    page.get_by_role("button", name="Send a test mail").click()
    page.get_by_text("Test mail sent.").wait_for()
    assert handler.envelopes[-1].rcpt_tos == ["olivia@brightside.test"]
    _shot(screenshot, page, "3-mail-tested")

    # 5. An agent invited on the Team screen: the invitation reaches the SMTP server, and
    # its one-time link lets her choose a password and logs her in.
    page.goto("/settings/")
    _nav(page, "Team and users")
    invite = page.locator("section", has=page.get_by_role("heading", name="Invite someone"))
    invite.get_by_label("First name").fill("Anna")
    invite.get_by_label("Last name").fill("Berg")
    invite.get_by_label("E-mail").fill("anna@brightside.test")
    invite.get_by_label("Role").select_option("agent")
    invite.get_by_role("button", name="Send invitation").click()
    page.get_by_text("Invitation sent to anna@brightside.test.").wait_for()
    [invitation] = [e for e in handler.envelopes if e.rcpt_tos == ["anna@brightside.test"]]
    link = _received_link(invitation)
    newcomer = browser.new_context(base_url=live_server.url)
    anna = newcomer.new_page()
    anna.goto(link)
    anna.get_by_role("heading", name="Welcome, Anna").wait_for()
    anna.get_by_label(re.compile(r"^New password\W*$")).fill(ANNAS_PASSWORD)
    anna.get_by_label(re.compile(r"^New password confirmation")).fill(ANNAS_PASSWORD)
    anna.get_by_role("button", name="Set my password").click()
    anna.wait_for_url(live_server.url + "/")
    expect(anna.locator(".flash")).to_contain_text("Welcome, Anna")
    assert anna.goto("/settings/").status == 403  # an agent: not the owner's screens

    # 6. On the Team screen: the only owner cannot step down (said next to the field);
    # she makes Anna an owner too, with herself as Anna's manager.
    page.reload()
    page.get_by_role("link", name="Olivia Stone").click()
    page.get_by_label("Role").select_option("agent")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".formfield.has-error")).to_contain_text(
        "Olivia Stone is the only owner: make someone else an owner first"
    )
    _shot(screenshot, page, "4-only-owner")
    page.get_by_role("link", name="← Team and users").click()
    page.get_by_role("link", name="Anna Berg").click()
    page.get_by_label("Role").select_option("owner")
    page.get_by_label("Manager").select_option(label="Olivia Stone")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Anna Berg saved.").wait_for()
    expect(page.locator(".changelog")).to_contain_text("Changed Anna Berg's role from")
    _shot(screenshot, page, "5-team")
    assert User.objects.get(username="anna@brightside.test").role == Role.OWNER
    assert anna.goto("/settings/").status == 200  # the change holds at once
    newcomer.close()

    # 7. A technician with hours and a skill, then offered by the slot finder.
    page.goto("/settings/")
    _nav(page, "Technicians and partners")
    page.get_by_label("New skill").fill("Gas boilers")
    page.get_by_role("button", name="Add skill").click()
    page.get_by_text("Skill “Gas boilers” added.").wait_for()
    add = page.locator("section", has=page.get_by_role("heading", name="Add a technician"))
    add.get_by_label("First name").fill("Tom")
    add.get_by_label("Last name").fill("Fixer")
    add.get_by_label("Username").fill("tom")
    add.get_by_label("Gas boilers").check()
    for day in WEEK:
        add.get_by_label(day, exact=True).fill("08:00-17:00")
    add.get_by_role("button", name="Add technician").click()
    page.get_by_text("Tom Fixer added; they can be booked for visits now.").wait_for()

    # 8. A checklist for repairs; a repair case opened from "+ New case" starts with it.
    page.goto("/settings/")
    _nav(page, "Checklists")
    page.get_by_label("Name").fill("Leak repair")
    page.get_by_label("For cases of kind").select_option("repair")
    page.get_by_label("Steps, one per line").fill(STEPS)
    page.get_by_role("button", name="Add checklist").click()
    page.get_by_text("Checklist “Leak repair” added.").wait_for()
    page.get_by_role("link", name="+ New case").click()
    page.get_by_label("Caller's name").fill("Maria Lopez")
    page.get_by_label("Phone").fill("0161 496 0000")
    page.get_by_label("Subject").fill("Boiler leaks under the tap")
    page.get_by_label("What the customer said").fill("Water drips from the boiler all day.")
    page.get_by_label("Kind").select_option("repair")
    page.get_by_role("button", name="Open case").click()
    expect(page.get_by_role("heading", name="Boiler leaks under the tap")).to_be_visible()
    expect(page.locator("#checklist .checklist-text")).to_have_text(STEPS.split("\n"))
    case = Case.objects.get()
    boilers = Skill.objects.get(name="Gas boilers")
    page.goto(f"/cases/{case.pk}/visit-slots/?skill={boilers.pk}&duration=60")
    expect(page.get_by_text("Tom Fixer").first).to_be_visible()
    _shot(screenshot, page, "6-slot-finder")

    # 9. A reply-check phrase, tried first; the composer of the case then flags it.
    page.goto("/settings/")
    _nav(page, "Reply check")
    page.get_by_label("Category").select_option("harsh_tone")
    page.get_by_label("Words or pattern").fill("it is what it is")
    page.get_by_label("Try a sentence").fill("Sorry, but it is what it is.")
    page.get_by_role("button", name="Try it").click()
    expect(page.locator("#trial")).to_contain_text("Found in the sentence: it is what it is")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved: it newly flags").wait_for()
    page.goto(f"/cases/{case.pk}/")
    page.get_by_label("Message").press_sequentially("Hello Maria, it is what it is.")
    expect(page.locator(".coach-finding.coach-harsh_tone")).to_have_count(1)
    expect(page.locator("mark.coach-span")).to_contain_text("it is what it is")
    _shot(screenshot, page, "7-composer-flags")

    # Every change is in the change log, with who made it.
    screens = set(SettingsChange.objects.filter(actor__username="olivia")
                  .values_list("screen", flat=True))  # fmt: skip
    assert {"hours", "team", "checklists"} <= screens

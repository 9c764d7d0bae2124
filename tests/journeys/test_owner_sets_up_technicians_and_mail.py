"""The owner sets up field service and mail from the settings screens only: adds a
skill and a technician with hours, who is then offered for a visit; adds a mailbox and
tests it against a real Dovecot; sends a test mail to a real SMTP server (aiosmtpd);
and the technicians screen works on a phone, 390 px wide (#20)."""

import pytest

from rightthere.field.models import Skill
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, make_case
from tests.mail.conftest import dovecot, imap  # noqa: F401 - the real IMAP server fixtures
from tests.outbox.conftest import smtp_server  # noqa: F401 - the real SMTP server fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_sets_up_a_technician_a_mailbox_and_outgoing_mail(
    owner,
    page,
    log_in,
    screenshot,
    imap,  # noqa: F811
    smtp_server,  # noqa: F811
    settings,
    monkeypatch,
):
    handler, smtp_port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": True}
    monkeypatch.setenv("RIGHTTHERE_MAILBOX_SUPPORT_PASSWORD", "desk-password")
    imap.append(b"From: ada@example.com\r\nSubject: Boiler\r\n\r\nIt drips.\r\n")
    customer = CustomerFactory(name="Ada Lovelace")
    case = make_case(customer=customer, contact=ContactFactory(customer=customer))
    log_in(owner.username, PASSWORD)

    # A skill, then a technician with it and her week, from the Technicians screen.
    page.goto("/settings/")
    page.get_by_role("link", name="Technicians and partners").click()
    page.get_by_label("New skill").fill("Gas boilers")
    page.get_by_role("button", name="Add skill").click()
    page.get_by_text("Skill “Gas boilers” added.").wait_for()
    page.get_by_label("First name").fill("Tess")
    page.get_by_label("Last name").fill("Okafor")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Gas boilers").check()
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(day, exact=True).fill("08:00-12:00, 12:30-16:30")
    page.get_by_label("Saturday", exact=True).fill("13:00-08:00")
    page.get_by_role("button", name="Add technician").click()
    page.get_by_text("A period must end after it starts (13:00-08:00).").wait_for()
    print(screenshot(page, "journeys/settings-technician-error.png"))
    page.get_by_label("Saturday", exact=True).fill("")
    page.get_by_role("button", name="Add technician").click()
    page.get_by_text("Tess Okafor added; they can be booked for visits now.").wait_for()
    print(screenshot(page, "journeys/settings-technician-added.png", docs=True))

    # She is offered for a visit at once.
    boilers = Skill.objects.get(name="Gas boilers")
    page.goto(f"/cases/{case.pk}/visit-slots/?skill={boilers.pk}")
    print(screenshot(page, "journeys/settings-technician-offered.png"))
    assert "Tess Okafor" in page.content()

    # A mailbox, tested against the real IMAP server.
    page.goto("/settings/mail/")
    form = page.locator("form", has=page.get_by_role("button", name="Add mailbox"))
    # A box in a row is as tall as a box alone, whatever help text stands beside it.
    heights = {name: form.locator(f"[name={name}]").bounding_box()["height"]
               for name in ("name", "username", "password_env")}  # fmt: skip
    assert heights["username"] <= heights["name"] + 1, heights
    form.locator("[name=name]").fill("Support")
    form.locator("[name=host]").fill("127.0.0.1")
    form.locator("[name=port]").fill(str(imap.port))
    form.locator("[name=security]").select_option("none")
    form.locator("[name=username]").fill("desk")
    page.get_by_role("button", name="Add mailbox").click()
    page.get_by_text("Mailbox Support added.").wait_for()
    page.get_by_role("button", name="Test connection of Support").click()
    result = page.locator("[data-test-result]").first
    result.wait_for()
    assert "Connected." in result.inner_text()
    assert "1 message in INBOX, 1 unread" in result.inner_text()

    # A test mail through the real SMTP server.
    page.get_by_label("Send a test mail to").fill("olivia@brightside.test")
    page.get_by_role("button", name="Send a test mail").click()
    page.get_by_text("Test mail sent.").wait_for()
    assert handler.envelopes[0].rcpt_tos == ["olivia@brightside.test"]
    print(screenshot(page, "journeys/settings-mail-tested.png", docs=True))

    # On a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/settings/technicians/")
    page.get_by_role("heading", name="Technicians and partners").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    print(screenshot(page, "journeys/settings-technicians-390.png"))
    page.goto("/settings/mail/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    print(screenshot(page, "journeys/settings-mail-390.png"))

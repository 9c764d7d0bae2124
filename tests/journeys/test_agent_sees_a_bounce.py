"""Our answer to a customer bounces: the agent who has the case hears of it from the bell,
sees the failed delivery under the message with the server's reason, and finds it in the
Outbox; no case was opened for the mailer daemon (#17 item 4)."""

import pytest

from rightthere.cases.models import Case
from rightthere.desk.messages import send_reply
from rightthere.mail import ingest
from rightthere.mail.models import Source
from rightthere.outbox.models import DeliveryStatus, OutboundMail
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, make_case
from tests.mail.mails import fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_agent_sees_the_bounce_on_the_case_and_in_the_outbox(
    agent, page, log_in, screenshot, browser, live_server
):
    contact = ContactFactory(customer=CustomerFactory(name="Ada Byron"), name="Ada Byron",
                             email="ada.byron@exampel.com")  # fmt: skip
    case = make_case(subject="Boiler leaks", contact=contact, assignee=agent)
    reply = send_reply(case, actor=agent, body_text="We will come on Tuesday at 10:00.",
                       check_wording=False)  # fmt: skip
    OutboundMail.objects.filter(message=reply).update(
        mail_message_id="<rt.1.5f3a9c0e12ab34cd@rightthere.test>", status=DeliveryStatus.SENT
    )
    ingest.ingest(fixture("dsn_user_unknown.eml"), Source.IMAP)
    assert Case.objects.count() == 1

    log_in(agent.username, PASSWORD)
    page.goto("/notifications/")
    told = page.get_by_text("Mail to ada.byron@exampel.com bounced on").first
    told.wait_for()
    print(screenshot(page, "journeys/bounce-0-notifications.png"))
    page.goto(f"/cases/{case.pk}/")
    delivery = page.locator("p.delivery-failed").first
    delivery.wait_for()
    assert "Bounced: 550 5.1.1" in delivery.inner_text()
    assert "User unknown" in delivery.inner_text()
    note = page.locator("li.msg-note", has_text="check the address with them by phone").first
    assert note.is_visible()
    assert "Customer" not in note.inner_text()  # the desk wrote it, not the customer
    print(screenshot(page, "journeys/bounce-1-case.png"))

    page.goto("/outbox/?status=failed")
    outbox = page.locator("main").inner_text()
    assert "ada.byron@exampel.com" in outbox and "Bounced: 550 5.1.1" in outbox
    print(screenshot(page, "journeys/bounce-2-outbox.png"))

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto(f"/cases/{case.pk}/")
    small.locator("p.delivery-failed").first.wait_for()
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    print(screenshot(small, "journeys/bounce-3-case-phone.png"))
    small.goto("/outbox/?status=failed")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()

"""Grace, the customer, follows her complaint on her phone from the link in our mail: she
sees who comes and when, puts the visit in her calendar, answers with a photo, chooses how
we put it right and, once it is solved (and the visit no longer needed, cancelled with it),
rates us. No account, no login."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case, Kind, Status
from rightthere.desk import casework
from rightthere.desk import visits as desk_visits
from rightthere.desk.messages import send_reply
from rightthere.desk.recovery import offer_options
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from rightthere.satisfaction.models import SatisfactionAnswer
from tests.conftest import downloaded
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, make_case
from tests.field.conftest import desk  # noqa: F401 - skills, Tom with hours, parts, a case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS_LINK = re.compile(r"https?://[^/\s]+(/s/[^/\s]+/)")


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def complaint(desk, owner):  # noqa: F811
    """Grace's complaint: a visit booked with Tom on Tuesday and two ways to put it right
    offered, each mailed to her with the link to her status page."""
    contact = ContactFactory(customer=CustomerFactory(name="Grace Hopper", address="7 Quay Road"),
                             name="Grace Hopper", email="grace@example.com")  # fmt: skip
    case = make_case(subject="The boiler still leaks after your visit", contact=contact,
                     kind=Kind.COMPLAINT, assignee=owner,
                     body="Your technician came on Monday and the boiler still leaks.")  # fmt: skip
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    visit = desk_visits.book_visit(
        case, actor=owner, duration_minutes=120, technician=desk.tom,
        starts_at=timezone.make_aware(datetime.combine(tuesday, time(9))),
    )  # fmt: skip
    offer_options(case.recovery, actor=owner,
                  labels=["Repair it free of charge", "Refund the call-out fee"])  # fmt: skip
    mail = OutboundMail.objects.filter(case=case, to_address="grace@example.com").first()
    return case, visit, STATUS_LINK.search(mail.body_text).group(1)


def test_customer_follows_her_complaint_on_her_phone(
    complaint,
    desk,  # noqa: F811 - the fixture imported above
    owner,
    browser,
    live_server,
    screenshot,
    tmp_path,
):
    case, visit, status_path = complaint
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844},
                                accept_downloads=True)  # fmt: skip
    page = phone.new_page()
    page.set_default_timeout(10_000)

    page.goto(status_path)

    # Who comes, and when, in plain words.
    start = timezone.localtime(visit.starts_at)
    sentence = page.locator("#visit-sentence")
    assert sentence.inner_text() == (
        f"{desk.tom.display_name} will come on Tuesday {start.day} {start:%B} "
        "between 9:00 and 11:00."
    )
    assert page.get_by_role("heading", name="The boiler still leaks after your visit").is_visible()
    fits_the_phone(page)
    print(screenshot(page, "journeys/customer-status-1-visit.png"))

    # The visit goes into her calendar.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar").click()
    download = download_info.value
    assert download.suggested_filename == f"visit-{visit.pk}.ics"
    invite = downloaded(page, download)
    assert b"BEGIN:VCALENDAR" in invite
    assert f"visit-{visit.pk}@".encode() in invite

    # She answers with a photo.
    page.get_by_label("Your reply").fill("Tuesday morning is fine. Here is the puddle.")
    page.locator("input[type=file][name=attachments]").set_input_files(
        files=[{"name": "puddle.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8\xff fake"}]
    )
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Thank you, we have your message.").wait_for()
    assert case.messages.filter(body_text__startswith="Tuesday morning is fine").exists()
    files = page.get_by_role("region", name="Files")
    assert "puddle.jpg" in files.inner_text()
    assert "from you" in files.get_by_role("listitem").filter(has_text="puddle.jpg").inner_text()
    assert f"visit-{visit.pk}.ics" in files.inner_text()  # the invite we mailed her
    fits_the_phone(page)
    print(screenshot(page, "journeys/customer-status-2-replied.png"))

    # She chooses how we put it right.
    choice = page.get_by_role("region", name="Your choice")
    choice.get_by_role("button", name="Refund the call-out fee").click()
    page.get_by_text("Thank you: we will put it in hand").wait_for()
    case.recovery.refresh_from_db()
    assert case.recovery.chosen_option.label == "Refund the call-out fee"
    assert not page.get_by_role("region", name="Your choice").is_visible()
    fits_the_phone(page)
    print(screenshot(page, "journeys/customer-status-3-chose.png"))

    # The refund settles it and the boiler is fixed meanwhile: Olivia solves the case on
    # its page. Tuesday's visit is still booked, so the page refuses, naming it, and
    # offers to solve and cancel the visit, which she does (Grace is told).
    office = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 860})
    olivia = office.new_page()
    olivia.set_default_timeout(10_000)
    olivia.goto("/login/")
    olivia.get_by_label("Username").fill(owner.username)
    olivia.get_by_label("Password").fill(PASSWORD)
    olivia.get_by_role("button", name="Log in").click()
    olivia.wait_for_url("**/")
    olivia.goto(f"/cases/{case.pk}/")
    olivia.locator("#field-status").select_option("solved")
    refusal = olivia.locator("#case-header").get_by_role("alert")
    refusal.wait_for()
    assert refusal.inner_text() == (
        f"A visit is booked for {start:%a %d %b %H:%M}. Cancel or record the visit first, "
        "or solve and cancel the visit."
    )
    case.refresh_from_db()
    assert case.status != Status.SOLVED
    print(screenshot(olivia, "journeys/customer-status-3b-solve-refused.png"))
    olivia.get_by_role("button", name="Solve and cancel the visit").click()
    olivia.locator("#case-header").get_by_text("Status saved.").wait_for()
    assert olivia.locator("#field-status").input_value() == "solved"
    print(screenshot(olivia, "journeys/customer-status-3c-solved-visit-cancelled.png"))
    office.close()
    visit.refresh_from_db()
    case.refresh_from_db()
    assert (case.status, visit.status) == (Status.SOLVED, "cancelled")

    # Her page: solved, no visit any more (she was told it is cancelled), and she tells
    # us how we did.
    page.reload()
    assert page.locator("#visit-sentence").count() == 0
    assert page.get_by_text("Nothing more to do.").is_visible()
    assert page.get_by_text("is cancelled").first.is_visible()  # our message in the conversation
    rating = page.get_by_role("region", name="Your rating")
    rating.get_by_role("heading", name="How did we do?").wait_for()
    fits_the_phone(page)
    print(screenshot(page, "journeys/customer-status-4-rate.png"))
    rating.get_by_label("Anything you would like to tell us? (optional)").fill(
        "Quick and friendly, thank you."
    )
    rating.get_by_role("button", name="Good", exact=True).click()
    page.get_by_text("Thank you, we have your answer.").wait_for()
    answer = SatisfactionAnswer.objects.get(case=case)
    assert (answer.rating, answer.comment) == ("good", "Quick and friendly, thank you.")
    assert "Good" in page.locator("#satisfaction-rating").inner_text()
    fits_the_phone(page)
    print(screenshot(page, "journeys/customer-status-5-rated.png"))
    phone.close()

    # The same page on a laptop.
    laptop = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 860})
    wide = laptop.new_page()
    wide.goto(status_path)
    assert wide.locator("#visit-sentence").count() == 0
    assert wide.get_by_role("region", name="Your rating").is_visible()
    assert wide.evaluate("document.documentElement.scrollWidth") <= 1366
    print(screenshot(wide, "journeys/customer-status-6-laptop.png"))
    laptop.close()


def test_customer_rates_not_good_on_her_phone_and_the_agent_takes_it_up(
    agent, browser, live_server, page, log_in, screenshot
):
    """Grace's repair was solved, but the boiler leaks again. She taps "Not good" on her
    phone with a word of why; she does nothing more. Adam, who had the case, hears of it
    at once, finds it reopened among "Upset customers" and is offered the recovery."""
    contact = ContactFactory(customer=CustomerFactory(name="Grace Hopper"), name="Grace Hopper",
                             email="grace@example.com")  # fmt: skip
    case = make_case(subject="Boiler leaks under the sink", contact=contact, assignee=agent,
                     body="Water under the boiler since this morning.")  # fmt: skip
    send_reply(case, actor=agent, body_text="We have replaced the seal; it is dry now.")
    casework.change_status(case, actor=agent, status=Status.SOLVED)
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    grace = phone.new_page()
    grace.set_default_timeout(10_000)

    grace.goto(status_path(case))
    rating = grace.get_by_role("region", name="Your rating")
    rating.get_by_label("Anything you would like to tell us? (optional)").fill(
        "It leaks again, two days after the visit."
    )
    rating.get_by_role("button", name="Not good", exact=True).click()
    grace.get_by_text("Thank you for telling us, and we are sorry it was not right.").wait_for()
    assert "Not good" in grace.locator("#satisfaction-rating").inner_text()
    fits_the_phone(grace)
    print(screenshot(grace, "journeys/customer-status-7-not-good.png"))
    phone.close()

    case.refresh_from_db()
    assert case.status == Status.OPEN

    log_in(agent.username, PASSWORD)
    page.goto("/")
    page.locator("header a.bell").get_by_text("Notifications, 1 unread").wait_for(state="attached")
    page.goto("/?view=upset")
    row = page.get_by_role("link", name=re.compile("Boiler leaks under the sink"))
    row.first.wait_for()
    print(screenshot(page, "journeys/customer-status-8-upset-view.png"))

    page.goto("/notifications/")
    notice = page.get_by_role("list", name="Notifications, newest first").get_by_role("link")
    assert notice.text_content() == (
        f"Unread: Grace Hopper rated {case.reference} Boiler leaks under the sink “Not good”: "
        "“It leaks again, two days after the visit.”"
    )
    notice.click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    panel = page.get_by_role("region", name="Rated “Not good”")
    assert "It leaks again, two days after the visit." in panel.inner_text()
    # Raised to High on the timeline, and one way to start the recovery on the page.
    assert page.locator("#field-priority").input_value() == "high"
    assert page.get_by_role("button", name="Start complaint recovery").count() == 1
    print(screenshot(page, "journeys/customer-status-9-case.png"))
    panel.get_by_role("button", name="Start complaint recovery").click()
    page.get_by_text("The case is on the complaint-recovery playbook.").wait_for()
    assert case.recovery.started_by == "agent"


def test_customer_gives_her_address_on_the_form_and_it_reaches_the_technician_s_day(
    desk,  # noqa: F811 - the fixture imported above
    owner,
    browser,
    live_server,
    page,
    log_in,
    screenshot,
):
    """Maria writes from her phone, with her address and number. Her first try of the
    number is refused next to it, with nothing else she typed lost; she corrects it and
    sends. The office books Tom for tomorrow on her case, without typing an address:
    Tom's My day shows where to go, not "no address"."""
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    maria = phone.new_page()
    maria.set_default_timeout(10_000)
    maria.goto("/contact")
    maria.get_by_label("Your name").fill("Maria Lopez")
    maria.get_by_label("Your e-mail").fill("maria@example.org")
    maria.get_by_label("Your phone (optional)").fill("12")
    maria.get_by_label("Your address (optional)").fill("12 Mill Lane\nLeeds LS1 4AB")
    maria.get_by_label("What is it about?").fill("Boiler makes a banging noise")
    maria.get_by_label("Message").fill("Every night around two.")
    maria.get_by_role("button", name="Send").click()

    maria.get_by_text("is not a phone number we can text or call").wait_for()
    address = maria.get_by_label("Your address (optional)")
    assert address.input_value() == "12 Mill Lane\nLeeds LS1 4AB"
    assert maria.get_by_label("Message").input_value() == "Every night around two."
    fits_the_phone(maria)
    print(screenshot(maria, "journeys/customer-address-1-phone-refused.png"))
    maria.get_by_label("Your phone (optional)").fill("07700 900123")
    maria.get_by_role("button", name="Send").click()
    maria.get_by_text("Thank you — we have your message").wait_for()
    phone.close()

    case = Case.objects.get(subject="Boiler makes a banging noise")
    assert case.contact.phone == "+447700900123"
    tomorrow = timezone.localdate() + timedelta(days=1)
    desk_visits.book_visit(
        case, actor=owner, duration_minutes=60, technician=desk.tom,
        starts_at=timezone.make_aware(datetime.combine(tomorrow, time(9))),
    )  # fmt: skip

    log_in(desk.tom.username, PASSWORD)
    page.goto("/my-day/?when=tomorrow")
    visit_line = page.get_by_text("Maria Lopez · 12 Mill Lane")
    visit_line.first.wait_for()
    assert "no address" not in page.content()
    print(screenshot(page, "journeys/customer-address-2-my-day.png"))

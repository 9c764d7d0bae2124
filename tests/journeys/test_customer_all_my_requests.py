"""Ada signs in to "All my requests" on her phone with a link we mail her, sees her three
requests with the visit on offer, our promise and their dates, picks her visit's time,
moves it, and answers us on another request (issue #21). No staff action between her
steps: the office only offered the visit times and made a promise beforehand."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rightthere.cases.models import Direction, Status
from rightthere.desk import casework, visit_choice
from rightthere.desk import messages as desk_messages
from rightthere.field.models import Visit
from rightthere.promises.actions import make_promise
from tests.factories import ContactFactory, UserFactory, make_case
from tests.field.conftest import desk  # noqa: F401 - skills, Tom with hours, Ada's case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fits(page, screenshot, name, docs=False):
    path = screenshot(page, name, docs=docs)
    print(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide"


def _sign_in_link(run_tasks, to) -> str:
    run_tasks()  # the worker mails the link
    sent = [m for m in mail.outbox if m.to == [to] and "/my/sign-in/" in m.body]
    assert len(sent) == 1
    return re.search(r"https?://[^/\s]+(/my/sign-in/\S+/)", sent[0].body)[1]


def test_ada_signs_in_by_mail_sees_everything_and_acts_on_it(  # noqa: PLR0915
    desk,  # noqa: F811
    phone,
    screenshot,
    run_tasks,
):
    desk.tom.first_name, desk.tom.last_name = "Tom", "Baker"
    desk.tom.save(update_fields=["first_name", "last_name"])
    ada = desk.case.contact
    office = UserFactory(username="priya", first_name="Priya")
    # Before: the office offered Ada visit times for her leak, promised a quote on a second
    # request, and solved a third; Grace, another customer, has a request of her own.
    visit_choice.offer_visit_slots(desk.case, actor=office, skill=desk.boilers)
    quote = make_case(subject="Quote for a new radiator", contact=ada, assignee=office)
    due = timezone.localtime() + timedelta(days=3)
    make_promise(quote, actor=office, what="Send you the quote", due_at=due)
    desk_messages.add_message(quote, actor=office, direction=Direction.OUTBOUND,
                              body_text="Which morning suits you for measuring?")  # fmt: skip
    tap = make_case(subject="Kitchen tap drips", contact=ada, assignee=office)
    casework.change_status(tap, actor=office, status=Status.SOLVED)
    grace = ContactFactory(name="Grace Hopper", email="grace@example.com")
    make_case(subject="Grace's garage door", contact=grace)
    mail.outbox.clear()

    # Ada opens "All my requests": not signed in, she is asked for her address.
    phone.goto("/contact")
    phone.get_by_role("link", name="All my requests").click()
    phone.get_by_role("heading", name="See all your requests").wait_for()
    fits(phone, screenshot, "journeys/customer-sign-in.png")
    phone.get_by_label("Your e-mail").fill("ada@example.com")
    phone.get_by_role("button", name="Send me a link").click()
    phone.get_by_role("heading", name="Check your mail").wait_for()
    assert "a link to them is on its way" in phone.locator("#sign-in-sent").inner_text()

    # She opens the link from our mail.
    phone.goto(_sign_in_link(run_tasks, "ada@example.com"))
    phone.get_by_role("button", name="Show my requests").click()
    phone.get_by_role("heading", name="Hello Ada Byron").wait_for()

    # All three requests, with the visit times on offer and our promise with its date.
    open_requests = phone.get_by_role("region", name="Open requests")
    leak = open_requests.get_by_role("region", name="Boiler leaks")
    radiator = open_requests.get_by_role("region", name="Quote for a new radiator")
    earlier = phone.get_by_role("region", name="Earlier requests")
    assert "Solved" in earlier.get_by_role("region", name="Kitchen tap drips").inner_text()
    assert "Grace" not in phone.content()
    promised = radiator.locator(".request-next").inner_text()
    assert "Priya will send you the quote by" in promised
    assert f"{due:%A} {due.day} {due:%B}" in promised
    times = leak.locator("ol.slots").get_by_role("button")
    assert 3 <= times.count() <= 5
    fits(phone, screenshot, "all-my-requests.png", docs=True)

    # She picks the last time offered: it is booked, and her page says who comes when.
    chosen = times.last.inner_text().split("\n")[0]
    times.last.click()
    phone.get_by_text("Thank you: your visit is booked for").wait_for()
    visit = Visit.objects.get(case=desk.case)
    phone.get_by_role("link", name="All my requests").click()
    leak = phone.get_by_role("region", name="Boiler leaks")
    sentence = leak.locator(".request-next").inner_text()  # the visit is the next step
    assert "Tom Baker will come on" in sentence
    assert chosen.split(",")[0] in sentence
    fits(phone, screenshot, "journeys/all-my-requests-visit-booked.png")

    # She moves it to another time.
    leak.get_by_role("link", name="Change the visit time").click()
    new_times = phone.locator("ol.slots").get_by_role("button")
    assert new_times.count() >= 3
    new_times.first.click()
    phone.get_by_text("Thank you: your visit is moved to").wait_for()
    assert Visit.objects.get(pk=visit.pk).starts_at != visit.starts_at

    # She answers the radiator question from her list.
    phone.get_by_role("link", name="All my requests").click()
    phone.get_by_role("region", name="Quote for a new radiator").get_by_role(
        "link", name="Open and reply"
    ).click()
    phone.get_by_label("Your reply").fill("Tuesday morning suits me.")
    phone.get_by_role("button", name="Send reply").click()
    phone.get_by_text("Thank you, we have your message.").wait_for()
    last = quote.messages.order_by("-created_at", "-id").first()
    assert (last.direction, last.body_text) == (Direction.INBOUND, "Tuesday morning suits me.")

    # Back on her list the request shows the news; she signs out.
    phone.get_by_role("link", name="All my requests").click()
    fits(phone, screenshot, "journeys/all-my-requests-after.png")
    phone.get_by_role("button", name="Sign out").click()
    phone.get_by_text("You are signed out.").wait_for()
    phone.goto("/my/")
    phone.get_by_role("heading", name="See all your requests").wait_for()

"""One customer, from the mail that lets her choose her visit's time to the technician at
her door, with no desk staff action between her steps (issue #21, "What it must show").

Before the journey the office has set things up: business hours, Tom (boilers, 8 to 17
every day), the case needing a visit ("Let the customer choose a time"), the customer
with her e-mail address and mobile number. Then, on her phone, Ada opens the link in the
mail we sent, picks a time, moves it from the same link; Tom is told; she signs in to
"All my requests" with the link we mail her and sees the visit at its new time; the day
before, the periodic job (run by the worker on a moved clock) reminds her by mail and
text; on the day Tom taps "On my way" on My day, on his phone, and she gets his name and
arrival time by mail and text, and her page says so. Hans, who reads German, goes the
same way in German.

The texts go to a local server implementing the SMS provider's documented Messages API
(tests/sms/provider.py): the provider itself is out of reach here. The clock is moved by
patching `django.utils.timezone.now` (the live server runs in this process), since the
day before and the day of the visit cannot be waited for.
"""

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rightthere.cases.opening_hours import set_business_hours
from rightthere.desk import visit_choice
from rightthere.field.models import Visit
from rightthere.jobs.periodic import run_periodic_job
from rightthere.notifications.models import Notification
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, UserFactory, make_case
from tests.field.conftest import desk  # noqa: F401 - skills, Tom with hours, Ada's case
from tests.sms.conftest import FROM, provider  # noqa: F401 - the local SMS provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHOTS = "journeys/customer-doorstep-"
STATUS_LINK = re.compile(r"https?://\S+/s/[^/\s]+/")
SIGN_IN_LINK = re.compile(r"https?://\S+/my/sign-in/[^/\s]+/")


class Clock:
    """`timezone.now`, moved forward as the test says (it keeps ticking)."""

    def __init__(self, real):
        self.real, self.offset = real, timedelta(0)

    def now(self) -> datetime:
        return self.real() + self.offset

    def move_to(self, moment: datetime) -> None:
        self.offset = max(self.offset, moment - self.real())


@pytest.fixture
def clock(monkeypatch):
    moved = Clock(timezone.now)
    monkeypatch.setattr(timezone, "now", moved.now)
    return moved


def _phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(30_000)  # the machine is shared: patient waits
    return page


@pytest.fixture
def phones(browser, live_server):
    """The customer's phone and the technician's, each its own browser."""
    opened = []

    def open_one():
        opened.append(_phone(browser, live_server))
        return opened[-1]

    yield open_one
    for page in opened:
        page.context.close()


@pytest.fixture
def office_set_up(desk, owner, provider, settings, live_server):  # noqa: F811
    """What the office did before: hours, Tom's name, texts pointing at the local provider,
    links in mails pointing at this server."""
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": live_server.url}
    set_business_hours(owner, [(day, time(8), time(18)) for day in range(7)])
    desk.tom.first_name, desk.tom.last_name = "Tom", "Baker"
    desk.tom.save(update_fields=["first_name", "last_name"])


def fits(page, screenshot, name):
    path = screenshot(page, SHOTS + name, docs=True)
    print(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide"


def _mails_to(address: str, containing: str) -> list:
    return [m for m in mail.outbox if m.to == [address] and containing in m.body]


def _one_mail(run_tasks, address: str, containing: str):
    run_tasks()  # the worker sends what the desk queued
    found = _mails_to(address, containing)
    assert len(found) == 1, [m.body for m in mail.outbox if m.to == [address]]
    return found[0]


def _texts(provider, run_tasks) -> list[dict]:  # noqa: F811
    run_tasks()
    return provider.messages


def _run_the_reminder_job(run_tasks) -> None:
    """What the worker does every 15 minutes: the periodic job, then the mail and the text
    it queued."""
    run_periodic_job.enqueue("visit-reminders")
    run_tasks()


def _log_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def _tom_sets_off(tom, minutes: str) -> None:
    _log_in(tom, "tom")
    tom.goto("/my-day/")
    today = tom.get_by_role("region", name="Today")
    today.get_by_label("There in about").select_option(minutes)
    today.get_by_role("button", name="On my way").click()
    tom.get_by_text("has been told you'll be there in about").wait_for()


def _first_after_today(slots):
    """The first time offered on a later day than today (the reminder comes the day
    before, so a visit moved to later today would have none)."""
    today = timezone.localdate()
    for item in slots.locator("li").all():
        starts = item.locator("input[name=starts_at]").get_attribute("value")
        if timezone.localdate(datetime.fromisoformat(starts)) > today:
            return item.get_by_role("button")
    raise AssertionError("no time offered after today")


def _hhmm(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.hour}:{local.minute:02d}"


def test_ada_from_the_mail_to_tom_at_her_door(  # noqa: PLR0915 - one journey, in order
    desk,  # noqa: F811 - the shared fixture imported above
    provider,  # noqa: F811 - the local SMS provider imported above
    office_set_up,
    phones,
    screenshot,
    run_tasks,
    clock,
):
    ada = desk.case.contact
    ada.phone = "07700 900123"  # as she gave it; texts go to +447700900123
    ada.save(update_fields=["phone"])
    priya = UserFactory(username="priya", first_name="Priya")
    visit_choice.offer_visit_slots(desk.case, actor=priya, skill=desk.boilers)
    offer = _one_mail(run_tasks, "ada@example.com", "you can choose the time")
    mail.outbox.clear()

    # Ada opens the link in our mail on her phone and picks the last time offered.
    ada_phone = phones()
    ada_phone.goto(STATUS_LINK.search(offer.body)[0])
    picker = ada_phone.get_by_role("region", name="Choose the time of your visit")
    times = picker.get_by_role("button")
    assert 3 <= times.count() <= 5
    for line in times.all_inner_texts():  # the mail listed the times the page offers
        assert f"- {line.split(chr(10))[0]}" in offer.body
    fits(ada_phone, screenshot, "1-slot-picker.png")
    times.last.click()
    ada_phone.get_by_text("Thank you: your visit is booked for").wait_for()
    booked = Visit.objects.get(case=desk.case)
    assert "Tom Baker will come on" in ada_phone.locator("#visit-sentence").inner_text()
    _one_mail(run_tasks, "ada@example.com", "Your visit is booked")

    # From the same link she moves it to the first new time after today.
    ada_phone.get_by_role("link", name="Change the time").click()
    new_times = ada_phone.locator("ol.slots")
    assert new_times.get_by_role("button").count() >= 3
    fits(ada_phone, screenshot, "2-move.png")
    new_time = _first_after_today(new_times)
    new_day = new_time.inner_text().split("\n")[0].rsplit(", ", 1)[0]
    new_time.click()
    ada_phone.get_by_text("Thank you: your visit is moved to").wait_for()
    visit = Visit.objects.get(case=desk.case)
    assert visit.pk == booked.pk and visit.starts_at != booked.starts_at
    assert visit.technician == desk.tom
    fits(ada_phone, screenshot, "3-moved.png")
    moved_mail = _one_mail(run_tasks, "ada@example.com", "As you chose, your visit on")
    start = timezone.localtime(visit.starts_at)
    assert f"is moved to {start:%A %d %B %Y, %H:%M}–" in moved_mail.body
    assert start.strftime("%A ") + str(start.day) + start.strftime(" %B") == new_day

    # Tom is told, in the app (his chosen way for "a visit of mine moved"), both times.
    told = list(Notification.objects.filter(recipient=desk.tom).values_list("text", flat=True))
    ref = desk.case.reference
    assert sorted(told) == sorted([
        f"The customer chose their visit for {ref}: "
        f"{timezone.localtime(booked.starts_at):%a %d %b %H:%M}",
        f"The customer moved their visit for {ref}: "
        f"{timezone.localtime(visit.starts_at):%a %d %b %H:%M}",
    ])  # fmt: skip

    # She asks for a sign-in link on "All my requests" and opens it from our mail.
    ada_phone.get_by_role("link", name="All my requests").click()
    ada_phone.get_by_label("Your e-mail").fill("ada@example.com")
    ada_phone.get_by_role("button", name="Send me a link").click()
    ada_phone.get_by_role("heading", name="Check your mail").wait_for()
    sign_in = _one_mail(run_tasks, "ada@example.com", "/my/sign-in/")
    ada_phone.goto(SIGN_IN_LINK.search(sign_in.body)[0])
    ada_phone.get_by_role("button", name="Show my requests").click()
    ada_phone.get_by_role("heading", name="Hello Ada Byron").wait_for()
    leak = ada_phone.get_by_role("region", name="Open requests").get_by_role(
        "region", name="Boiler leaks"
    )
    next_step = leak.locator(".request-next").inner_text()
    assert f"Tom Baker will come on {new_day}" in next_step
    assert f"between {_hhmm(visit.starts_at)} and {_hhmm(visit.ends_at)}" in next_step
    fits(ada_phone, screenshot, "4-all-my-requests.png")
    assert _texts(provider, run_tasks) == []  # no text yet: nothing was for the day

    # The day before, after nine: the worker runs the reminder job.
    day_before = timezone.localtime(visit.starts_at) - timedelta(days=1)
    clock.move_to(day_before.replace(hour=9, minute=30, second=0, microsecond=0))
    _run_the_reminder_job(run_tasks)
    window = f"between {_hhmm(visit.starts_at)} and {_hhmm(visit.ends_at)}"
    reminder = _one_mail(run_tasks, "ada@example.com", "A reminder of your visit tomorrow")
    assert f"{window} at 1 Mill Lane: Tom will come." in reminder.body
    [text] = _texts(provider, run_tasks)
    assert (text["to"], text["from"]) == ("+447700900123", FROM)
    assert text["body"] == (
        f"Customer service: a reminder of your visit tomorrow, {new_day}, "
        f"{window}. Tom will come. Reply STOP to stop texts."
    )
    _run_the_reminder_job(run_tasks)  # the next run finds it done: one reminder only
    assert len(_mails_to("ada@example.com", "A reminder")) == 1 and len(provider.messages) == 1

    # On the day, 40 minutes before the visit, Tom sees the news and sets off.
    clock.move_to(visit.starts_at - timedelta(minutes=40))
    tom = phones()
    _tom_sets_off(tom, "30")
    fits(tom, screenshot, "5-technician-on-my-way.png")
    tom.goto("/notifications/")
    news = tom.get_by_role("list", name="Notifications, newest first").inner_text()
    assert f"The customer moved their visit for {ref}" in news

    # Ada gets his name and the time by mail and by text, and her page says so.
    eta = _hhmm(Visit.objects.get(pk=visit.pk).expected_at)
    on_the_way = _one_mail(run_tasks, "ada@example.com", "on the way")
    assert f"Tom is on the way to you now and should be with you at about {eta}." in (
        on_the_way.body
    )
    texts = _texts(provider, run_tasks)
    assert [t["body"] for t in texts[1:]] == [
        f"Customer service: Tom is on the way to you now and should be with you at about {eta}. "
        "Reply STOP to stop texts."
    ]
    ada_phone.goto(STATUS_LINK.search(offer.body)[0])
    sentence = ada_phone.locator("#visit-sentence").inner_text()
    assert f"Tom Baker is on the way to you and should be with you at about {eta}" in sentence
    fits(ada_phone, screenshot, "6-on-the-way.png")


def test_hans_goes_the_same_way_in_german(
    desk,  # noqa: F811 - the shared fixture imported above
    provider,  # noqa: F811 - the local SMS provider imported above
    office_set_up,
    owner,
    phones,
    screenshot,
    run_tasks,
    clock,
):
    hans = ContactFactory(customer=CustomerFactory(name="Hans Weber", address="Lindenstraße 4",
                                                   language="de"),
                          name="Hans Weber", email="hans@example.de", phone="+4915112345678")  # fmt: skip
    case = make_case(subject="Heizung tropft", contact=hans, assignee=desk.tom)
    visit_choice.offer_visit_slots(case, actor=owner, skill=desk.boilers,
                                   address="Lindenstraße 4")  # fmt: skip
    offer = _one_mail(run_tasks, "hans@example.de", "Sie können die Zeit selbst wählen")
    assert offer.body.startswith("Hallo Hans,")

    # He picks a time from the mail's link and moves it, in German.
    page = phones()
    page.goto(STATUS_LINK.search(offer.body)[0])
    assert page.locator("html").get_attribute("lang") == "de"
    times = page.get_by_role("region", name="Wählen Sie die Zeit für Ihren Termin").get_by_role(
        "button"
    )
    assert 3 <= times.count() <= 5
    fits(page, screenshot, "de-1-slot-picker.png")
    times.last.click()
    page.get_by_text("Vielen Dank: Ihr Termin ist für").wait_for()
    page.get_by_role("link", name="Zeit ändern").click()
    new_time = _first_after_today(page.locator("ol.slots"))
    new_day = new_time.inner_text().split("\n")[0].rsplit(", ", 1)[0]
    new_time.click()
    page.get_by_text("Vielen Dank: Ihr Termin ist auf").wait_for()
    visit = Visit.objects.get(case=case)

    # "All my requests": the sign-in page and its answer are in the language of the page
    # he came from (never looked up from the address), the mail and the list in his.
    page.get_by_role("link", name="Meine Anfragen").click()
    page.get_by_label("Ihre E-Mail-Adresse").fill("hans@example.de")
    page.get_by_role("button", name="Link zusenden").click()
    page.get_by_role("heading", name="Schauen Sie in Ihr Postfach").wait_for()
    sign_in = _one_mail(run_tasks, "hans@example.de", "hier ist Ihr Link zu all Ihren Anfragen")
    page.goto(SIGN_IN_LINK.search(sign_in.body)[0])
    page.get_by_role("button", name="Meine Anfragen anzeigen").click()
    page.get_by_role("heading", name="Hallo Hans Weber").wait_for()
    window = f"zwischen {_hhmm(visit.starts_at)} und {_hhmm(visit.ends_at)} Uhr"
    card = page.get_by_role("region", name="Offene Anfragen").get_by_role(
        "region", name="Heizung tropft"
    )
    assert f"Tom Baker kommt am {new_day} {window} zu Ihnen." in card.inner_text()
    fits(page, screenshot, "de-2-all-my-requests.png")

    # The reminder and "on my way", by mail and text, in German.
    clock.move_to(timezone.localtime(visit.starts_at - timedelta(days=1)).replace(hour=10))
    _run_the_reminder_job(run_tasks)
    reminder = _one_mail(run_tasks, "hans@example.de", "zur Erinnerung: Morgen,")
    assert f"kommt Tom {window} zu Ihnen (Lindenstraße 4)." in reminder.body
    clock.move_to(visit.starts_at - timedelta(minutes=40))
    _tom_sets_off(phones(), "20")
    eta = _hhmm(Visit.objects.get(pk=visit.pk).expected_at)
    on_the_way = _one_mail(run_tasks, "hans@example.de", "auf dem Weg")
    assert f"Tom ist jetzt auf dem Weg zu Ihnen und ist voraussichtlich gegen {eta} Uhr" in (
        on_the_way.body
    )
    texts = [t["body"] for t in _texts(provider, run_tasks)]
    stop = "Antworten Sie STOP, um keine SMS mehr zu erhalten."
    assert texts == [
        f"Kundenservice: Erinnerung an Ihren Termin morgen, {new_day}, "
        f"{window}. Tom kommt zu Ihnen. {stop}",
        f"Kundenservice: Tom ist jetzt auf dem Weg zu Ihnen und sollte gegen {eta} Uhr bei "
        f"Ihnen sein. {stop}",
    ]
    page.goto(STATUS_LINK.search(offer.body)[0])
    assert "ist auf dem Weg zu Ihnen" in page.locator("#visit-sentence").inner_text()
    fits(page, screenshot, "de-3-on-the-way.png")

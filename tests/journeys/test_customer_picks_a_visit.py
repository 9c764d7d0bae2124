"""Ada picks her visit's time from the link in our mail, then moves it, on her phone; on
the day Tom taps "On my way" on My day (390 px) and Ada's page and mail say he is coming
and when (issue #21). No staff action between her steps: the office only let her choose."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.desk import visit_choice
from rightthere.field.models import Visit
from rightthere.outbox.models import OutboundMail
from tests.factories import PASSWORD, UserFactory
from tests.field.conftest import desk, make_technician  # noqa: F401 - Tom with hours, Ada's case

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


def _link_in_last_mail(case) -> str:
    body = OutboundMail.objects.filter(case=case).latest("pk").body_text
    return re.search(r"https?://[^/\s]+(/s/\S+/)", body)[1]


def test_ada_picks_and_moves_her_visit_and_sees_tom_on_the_way(desk, phone, screenshot):  # noqa: F811
    desk.tom.first_name, desk.tom.last_name = "Tom", "Baker"
    desk.tom.save(update_fields=["first_name", "last_name"])
    # Two colleagues work Tom's hours with the skill: every time is free for all three.
    for username, first, last in (("uma", "Uma", "Fox"), ("vic", "Vic", "Hale")):
        make_technician(username, [desk.boilers], days=range(7), first_name=first,
                        last_name=last)  # fmt: skip
    office = UserFactory(username="priya", first_name="Priya")
    visit_choice.offer_visit_slots(desk.case, actor=office, skill=desk.boilers)
    link = _link_in_last_mail(desk.case)
    mailed = re.findall(r"^- .+$", OutboundMail.objects.filter(case=desk.case).latest("pk")
                        .body_text, re.MULTILINE)  # fmt: skip
    assert 3 <= len(mailed) <= 5 and len(set(mailed)) == len(mailed)  # each time once

    # Ada opens the link in our mail and picks the last time offered (days ahead): each
    # time once, as the mail lists them, and she does not choose who comes.
    phone.goto(link)
    picker = phone.get_by_role("region", name="Choose the time of your visit")
    times = picker.get_by_role("button")
    assert 3 <= times.count() <= 5
    shown = times.all_inner_texts()
    assert len(set(shown)) == len(shown)
    assert not any(name in text for text in shown for name in ("Tom", "Uma", "Vic"))
    fits(phone, screenshot, "customer-slot-picker.png", docs=True)
    chosen = times.last.inner_text().split("\n")[0]
    times.last.click()
    phone.get_by_text("Thank you: your visit is booked for").wait_for()
    visit = Visit.objects.get(case=desk.case)
    assert "Tom Baker will come on" in phone.locator("#visit-sentence").inner_text()
    assert chosen.split(",")[0] in phone.locator("#visit-sentence").inner_text()
    fits(phone, screenshot, "journeys/customer-visit-booked.png")

    # She moves it: new times, hers left out.
    phone.get_by_role("link", name="Change the time").click()
    new_times = phone.locator("ol.slots").get_by_role("button")
    assert new_times.count() >= 3
    fits(phone, screenshot, "journeys/customer-visit-move.png")
    new_times.first.click()
    phone.get_by_text("Thank you: your visit is moved to").wait_for()
    moved = Visit.objects.get(pk=visit.pk)
    assert moved.starts_at != visit.starts_at
    assert (
        "As you chose, your visit on"
        in OutboundMail.objects.filter(case=desk.case).latest("pk").body_text
    )

    # The day comes (the clock moved forward: the visit is now due within the hour).
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=40)
    if timezone.localdate(start) != timezone.localdate():  # still today, near midnight
        start -= timedelta(minutes=40)
    Visit.objects.filter(pk=visit.pk).update(starts_at=start, ends_at=start + timedelta(hours=1))

    tom = phone.context.browser.new_context(base_url=phone.url.split("/s/")[0], viewport=PHONE,
                                            is_mobile=True, has_touch=True,
                                            device_scale_factor=2).new_page()  # fmt: skip
    tom.goto("/login/")
    tom.get_by_label("Username").fill("tom")
    tom.get_by_label("Password").fill(PASSWORD)
    tom.get_by_role("button", name="Log in").click()
    tom.wait_for_url("**/my-day/")  # a technician lands on his day
    today = tom.get_by_role("region", name="Today")
    today.get_by_label("There in about").select_option("30")
    fits(tom, screenshot, "technician-on-my-way.png", docs=True)
    today.get_by_role("button", name="On my way").click()
    tom.get_by_text("has been told you'll be there in about").wait_for()
    fits(tom, screenshot, "journeys/technician-on-my-way-sent.png")

    # Ada's page and her mail say who is coming and when.
    phone.goto(link)
    sentence = phone.locator("#visit-sentence").inner_text()
    assert "Tom Baker is on the way to you and should be with you at about" in sentence
    fits(phone, screenshot, "journeys/customer-tom-on-the-way.png")
    mail = OutboundMail.objects.filter(case=desk.case).latest("pk").body_text
    assert "Tom is on the way to you now and should be with you at about" in mail

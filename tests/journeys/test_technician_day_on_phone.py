"""Tom's day on his phone: today's visit, the parts he used, a return needed, the part
ordered and the return booked with the customer before he leaves; then tomorrow and the
week show it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.field.agenda import day_start
from rightthere.field.models import Visit, VisitDayMessage
from rightthere.field.visits import link_promise
from rightthere.outbox.models import OutboundMail
from rightthere.promises.actions import make_promise
from rightthere.promises.models import PromiseSource, PromiseState
from rightthere.promises.timers import break_overdue
from rightthere.recovery.models import active_root_causes
from rightthere.recovery.setup import add_root_cause
from tests.factories import PASSWORD, make_case
from tests.field.conftest import desk, make_visit  # noqa: F401 - skills, Tom with hours, parts

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


def _in_view(page, locator) -> bool:
    """The element lies within the phone's screen as scrolled."""
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def fits(page, screenshot, name):
    """Nothing pushes the page sideways at 390px; the screenshot is taken either way."""
    path = screenshot(page, f"journeys/technician-day-{name}.png")
    print(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide"


def test_tom_books_the_return_on_the_spot_and_sees_it_tomorrow(desk, phone, screenshot, owner):  # noqa: F811
    today = timezone.localdate()
    # The owner keeps the list of root causes (Settings → Root causes) complaints use too;
    # the one added today is offered to Tom on the visit (user audit: two lists).
    add_root_cause(owner, name="Catalogue lists the wrong size")
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers,
                       starts_at=day_start(today) + timedelta(hours=9))  # fmt: skip
    # The visit was promised to the customer when it was booked.
    promised = make_promise(desk.case, actor=None, what="Visit to do the repair",
                            due_at=timezone.now() + timedelta(hours=1),
                            source=PromiseSource.VISIT)  # fmt: skip
    link_promise(visit, promised)
    # Another customer's visit later this week (user audit, item 3).
    later = make_visit(make_case(subject="Fuse box trips"), technician=desk.tom,
                       skill=desk.boilers,
                       starts_at=day_start(today + timedelta(days=3)) + timedelta(hours=10))  # fmt: skip
    phone.goto("/login/")
    fits(phone, screenshot, "0-log-in")
    phone.get_by_label("Username").fill("tom")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    # He lands on his day, not on the office's inbox table (user audit, item 2).
    phone.wait_for_url("**/my-day/")
    phone.get_by_role("heading", name="My day").wait_for()

    # The search box sits in the header without squeezing it.
    search = phone.get_by_role("searchbox", name="Search cases")
    assert search.bounding_box()["width"] >= 200
    today_list = phone.get_by_role("region", name="Today")
    assert "Boiler leaks" in today_list.inner_text()
    assert "1 Mill Lane" in today_list.inner_text()
    fits(phone, screenshot, "1-my-day")

    today_list.get_by_role("link", name="Boiler leaks").click()
    phone.get_by_role("heading", name="Boiler leaks").wait_for()
    reason = phone.get_by_label("Why a return is needed")
    cause = phone.get_by_label("Root cause")
    # Nothing is chosen for him, and the reasons must be given.
    assert reason.input_value() == "" and cause.input_value() == ""
    assert reason.evaluate("e => e.required") and cause.evaluate("e => e.required")
    fits(phone, screenshot, "2-visit")

    # He records the pump he fitted (user audit: only the API could); a quantity of 0 is
    # said on the form, with what he chose and typed still there.
    used = phone.get_by_label("Part used")
    assert used.input_value() == ""
    used.select_option(label="Circulation pump (P-1), 5 in stock")
    phone.get_by_label("How many").fill("0")
    phone.get_by_label("Note (optional)").fill("Old pump left with the customer")
    phone.get_by_role("button", name="Record part used").click()
    assert "Use 1 to 1,000 of a part." in phone.locator("#part-used-error").inner_text()
    assert used.input_value() == str(desk.pump.pk)
    assert phone.get_by_label("Note (optional)").input_value() == "Old pump left with the customer"
    fits(phone, screenshot, "2c-part-refused")
    phone.get_by_label("How many").fill("1")
    phone.get_by_role("button", name="Record part used").click()
    # Said under "Parts used", where the page lands, in view on the phone.
    said = phone.locator("#parts-used-said")
    assert said.inner_text() == "Recorded: 1 x Circulation pump."
    assert said.is_visible() and _in_view(phone, said)
    fits(phone, screenshot, "2c2-part-recorded")
    # A valve recorded by mistake comes off again, and its stock with it.
    used.select_option(label="Diverter valve 22mm (V-22), 3 in stock")
    phone.get_by_role("button", name="Record part used").click()
    phone.get_by_text("Recorded: 1 x Diverter valve 22mm.").wait_for()
    phone.get_by_role("button", name="Remove 1 × Diverter valve 22mm").click()
    assert said.inner_text() == "Removed: 1 x Diverter valve 22mm." and _in_view(phone, said)
    recorded = phone.locator(".partsused").inner_text()
    assert "1 × Circulation pump" in recorded and "Old pump left with the customer" in recorded
    assert "Diverter valve" not in recorded
    assert [(u.part, u.quantity) for u in visit.parts_used.all()] == [(desk.pump, 1)]
    desk.pump.refresh_from_db()
    desk.valve.refresh_from_db()
    assert (desk.pump.stock_on_hand, desk.valve.stock_on_hand) == (4, 3)
    fits(phone, screenshot, "2d-parts-used")

    phone.get_by_role("button", name="Return needed").click()
    assert reason.evaluate("e => !e.validity.valid")  # the browser asks for it; nothing sent
    visit.refresh_from_db()
    assert visit.outcome == ""

    offered = cause.locator("option").all_inner_texts()[1:]  # after "Choose…"
    assert offered == list(active_root_causes().values_list("name", flat=True))
    assert offered[-1] == "Catalogue lists the wrong size"
    reason.select_option(label="Wrong part")
    cause.select_option(label="Catalogue lists the wrong size")
    phone.locator("form", has=reason).get_by_label("Note").fill(
        "The valve sent was 15mm; this boiler takes 22mm."
    )
    phone.get_by_role("button", name="Return needed").click()
    phone.get_by_text("Now order the part and book the return.").wait_for()
    phone.get_by_text("Wrong part, cause: Catalogue lists the wrong size").wait_for()
    fits(phone, screenshot, "2b-return-needed")

    # He picks the part himself (none is chosen for him); the vendor delivers first thing
    # tomorrow, and the customer is still there to agree a time.
    assert phone.get_by_label("Part", exact=True).input_value() == ""
    phone.get_by_label("Part", exact=True).select_option(
        label="Diverter valve 22mm (V-22, Valves & Co)"
    )
    tomorrow = today + timedelta(days=1)
    phone.get_by_label("Expected arrival").fill(f"{tomorrow.isoformat()}T07:00")
    phone.get_by_role("button", name="Find slots").click()
    slots = phone.locator(".slotlist")
    slots.get_by_role("button").first.wait_for()
    fits(phone, screenshot, "3-slots")
    slots.get_by_role("button", name=desk.tom.display_name).first.click()

    phone.get_by_text("Return visit booked for").first.wait_for()
    fits(phone, screenshot, "4-return-booked")
    booked = Visit.objects.get(return_of=visit)
    assert timezone.localdate(booked.starts_at) == tomorrow
    assert booked.technician == desk.tom
    assert booked.waits_for.part == desk.valve
    # The customer agreed the new date with him: the visit's promise is renegotiated to
    # the return (#17), and the timer finds nothing to break once its old time passes.
    promised.refresh_from_db()
    assert promised.state == PromiseState.RENEGOTIATED
    assert promised.replaced_by == booked.promise
    assert break_overdue(promised.due_at + timedelta(minutes=10)) == 0

    phone.get_by_text("Menu", exact=True).click()
    phone.get_by_role("link", name="My day").first.click()
    phone.get_by_role("link", name="Tomorrow").click()
    tomorrow_list = phone.get_by_role("region", name="Tomorrow")
    assert "Boiler leaks" in tomorrow_list.inner_text()
    assert "Tentative" in tomorrow_list.inner_text()
    assert booked.starts_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M") in (
        tomorrow_list.inner_text()
    )
    fits(phone, screenshot, "5-tomorrow")

    phone.get_by_role("link", name="This week").click()
    week = phone.locator(".dayvisits")
    assert week.count() == 7
    assert "Boiler leaks" in week.nth(0).inner_text()  # today's, done
    assert "Done" in week.nth(0).inner_text()
    assert "Boiler leaks" in week.nth(1).inner_text()  # the return
    assert "No visits on" in week.nth(2).inner_text()
    calendar = phone.get_by_role("region", name="Subscribe in your phone's calendar")
    calendar.scroll_into_view_if_needed()
    assert calendar.get_by_role("textbox", name="Calendar link").input_value().endswith(".ics")
    fits(phone, screenshot, "6-week")

    # The visit later this week: nothing tells that customer he is on his way days early,
    # and "Fixed" before its day asks him to confirm he did it early.
    assert "Fuse box trips" in week.nth(3).inner_text()
    assert week.nth(3).get_by_role("button", name="On my way").count() == 0
    week.nth(3).get_by_role("link", name="Fuse box trips").click()
    phone.get_by_role("heading", name="Fuse box trips").wait_for()
    assert phone.get_by_role("button", name="On my way").count() == 0
    assert phone.get_by_role("button", name="Running late").count() == 0
    assert (
        "Record its outcome only if you did it early."
        in phone.locator("#before-its-day").inner_text()
    )
    early = phone.get_by_role("checkbox", name="I did this visit early").first
    phone.get_by_role("button", name="Fixed").click()
    assert early.evaluate("e => !e.validity.valid")  # the browser asks; nothing sent
    later.refresh_from_db()
    assert later.outcome == ""
    fits(phone, screenshot, "8-later-visit")
    early.check()
    phone.get_by_role("button", name="Fixed").click()
    phone.get_by_text("Well done: fixed.").wait_for()
    later.refresh_from_db()
    assert later.outcome == "fixed"
    fits(phone, screenshot, "9-later-visit-fixed-early")


def test_tom_sets_off_to_his_next_visit_and_sees_the_customer_was_told(desk, phone, screenshot):  # noqa: F811
    """UX audit 2, items 9 and 22: the day's controls on the next visit only, the address
    and the phone a tap away, and after "On my way" who was told, how and when."""
    now = timezone.now().replace(second=0, microsecond=0)
    midnight = day_start(timezone.localdate(now))
    contact = desk.case.contact
    contact.phone = "+44 7700 900106"
    contact.save(update_fields=["phone"])
    # Both today whenever this runs: the next one under way, the other later on.
    next_one = make_visit(desk.case, technician=desk.tom, skill=desk.boilers,
                          starts_at=max(now - timedelta(minutes=20), midnight))  # fmt: skip
    afternoon = make_visit(make_case(subject="Fuse box trips"), technician=desk.tom,
                           skill=desk.boilers,
                           starts_at=min(now + timedelta(hours=2),
                                         midnight + timedelta(hours=23, minutes=50)))  # fmt: skip
    phone.goto("/login/")
    phone.get_by_label("Username").fill("tom")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url("**/my-day/")
    today = phone.get_by_role("region", name="Today")
    next_card = today.get_by_role("article", name="Boiler leaks")
    later_card = today.get_by_role("article", name="Fuse box trips")
    # Only the next visit carries "On my way" and "Running late"; the afternoon's is a tap.
    assert today.get_by_role("button", name="On my way").count() == 1
    assert next_card.get_by_role("button", name="On my way").count() == 1
    assert later_card.get_by_role("button").count() == 0
    assert later_card.get_by_role("link", name="Open", exact=True).count() == 1
    maps = next_card.get_by_role("link", name="1 Mill Lane")
    assert maps.get_attribute("href") == (
        "https://www.google.com/maps/search/?api=1&query=1%20Mill%20Lane"
    )
    assert next_card.get_by_role("link", name="+44 7700 900106").get_attribute("href") == (
        "tel:+44 7700 900106"
    )
    fits(phone, screenshot, "10-next-visit")

    next_card.get_by_label("There in about").select_option("20")
    next_card.get_by_role("button", name="On my way").click()
    phone.get_by_text(
        "Safe trip: Ada Byron has been told you'll be there in about 20 min (by e-mail)."
    ).wait_for()
    told = timezone.localtime(VisitDayMessage.objects.get(visit=next_one).sent_at)
    next_card = phone.get_by_role("region", name="Today").get_by_role(
        "article", name="Boiler leaks"
    )
    assert f"On the way · told {told:%H:%M}" in next_card.inner_text()
    # The button is gone: what comes next is running late or the outcome.
    assert next_card.get_by_role("button", name="On my way").count() == 0
    assert next_card.get_by_role("button", name="+15 min").count() == 1
    assert next_card.get_by_role("link", name="There: record the outcome").count() == 1
    fits(phone, screenshot, "11-on-the-way")

    # On the visit: the same state, and what Ada reported before he rings the bell.
    next_card.get_by_role("link", name="Boiler leaks").click()
    phone.get_by_role("heading", name="Boiler leaks").wait_for()
    assert f"On the way · told {told:%H:%M}" in phone.locator("#visit-status").inner_text()
    reported = phone.get_by_role("region", name="What the customer reported")
    assert "the boiler bangs every few minutes" in reported.inner_text()
    assert phone.get_by_role("button", name="On my way").count() == 0
    assert phone.get_by_role("button", name="Fixed").count() == 1
    fits(phone, screenshot, "12-visit-on-the-way")
    assert OutboundMail.objects.filter(case=desk.case).count() == 1
    afternoon.refresh_from_db()
    assert afternoon.status == "confirmed"


def test_the_header_search_fits_a_desktop_too(desk, page, log_in, screenshot):  # noqa: F811
    log_in("tom", PASSWORD)
    page.goto("/my-day/")

    search = page.get_by_role("searchbox", name="Search cases")
    assert search.bounding_box()["width"] >= 240
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] < 80  # one row at 1366
    print(screenshot(page, "journeys/technician-day-7-desktop.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

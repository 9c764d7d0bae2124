"""The technician's day on a phone: record "return needed", order the part, book the return."""

import pytest

from rightthere.field.models import Visit
from tests.factories import PASSWORD
from tests.field.conftest import make_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_technician_books_the_return_visit_from_the_phone_before_leaving(desk, phone):
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)
    phone.goto("/login/")
    phone.get_by_label("Username").fill(desk.tom.username)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    phone.wait_for_url("**/")

    phone.goto("/my-day/")
    phone.get_by_role("link", name="Boiler leaks").click()
    phone.get_by_label("Why a return is needed").select_option(label="Wrong part")
    phone.get_by_label("Root cause").select_option(label="Office or order error")
    phone.get_by_role("button", name="Return needed").click()
    phone.get_by_text("Now order the part and book the return.").wait_for()
    phone.get_by_label("Part", exact=True).select_option(
        label="Diverter valve 22mm (V-22, Valves & Co)"
    )
    phone.get_by_role("button", name="Find slots").click()
    phone.get_by_role("button", name="Book").first.click()

    phone.get_by_text("Return visit booked for").first.wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    visit.refresh_from_db()
    booked = Visit.objects.get(return_of=visit)
    assert (visit.status, visit.return_reason, visit.root_cause.name) == (
        "done",
        "wrong_part",
        "Office or order error",
    )
    assert booked.status == "tentative"
    assert booked.waits_for.part == desk.valve

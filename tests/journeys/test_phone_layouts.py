"""At 390x844 (a phone) the busiest pages fit the screen's width: no sideways scrolling."""

import pytest

from tests.factories import PASSWORD, ContactFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_WORD = "Supercalifragilisticexpialidocious" * 3
LONG_LINK = "https://status.example.com/c/" + "a1b2c3d4e5" * 8


@pytest.fixture
def long_case(db):
    contact = ContactFactory(name="Grace Hopper", email="grace@example.com")
    return make_case(
        subject="Boiler shows F28 again",
        contact=contact,
        body=f"See {LONG_LINK} and the part number {LONG_WORD} on the label.",
    )


def _fits(page, screenshot, name):
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width}px wide at 390px"


def test_owner_pages_fit_a_phone(long_case, owner, log_in, screenshot):
    page = log_in(owner.username, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    _fits(page, screenshot, "phone/inbox.png")
    page.goto(f"/cases/{long_case.pk}/")
    _fits(page, screenshot, "phone/case.png")
    page.goto("/cases/new/")
    _fits(page, screenshot, "phone/new-case.png")


def test_desktop_case_page_and_inbox_still_look_right(long_case, owner, log_in, screenshot):
    page = log_in(owner.username, PASSWORD)
    page.goto("/")
    _fits_desktop = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "desktop/inbox.png")
    page.goto(f"/cases/{long_case.pk}/")
    page.wait_for_load_state("networkidle")
    screenshot(page, "desktop/case.png")
    assert _fits_desktop <= 1366
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366


def test_technicians_day_fits_a_phone(technician, log_in, screenshot):
    page = log_in(technician.username, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto("/my-day/")
    assert response is not None and response.status == 200
    _fits(page, screenshot, "phone/my-day.png")


def test_on_a_phone_the_navigation_folds_behind_menu(owner, log_in, screenshot):
    from playwright.sync_api import expect

    page = log_in(owner.username, PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()  # a desktop shows it all
    expect(nav.get_by_role("link", name="Schedule")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    expect(nav).to_be_hidden()
    expect(page.get_by_role("button", name="Log out")).to_be_hidden()
    expect(page.get_by_role("link", name="Notifications")).to_be_visible()  # the bell stays
    header = page.locator("header.topbar").bounding_box()
    screenshot(page, "phone/menu-closed.png")

    page.get_by_text("Menu", exact=True).click()
    expect(nav.get_by_role("link", name="Schedule")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    screenshot(page, "phone/menu-open.png")
    page.get_by_role("link", name="Schedule").click()
    page.wait_for_url("**/schedule/**")
    expect(nav).to_be_hidden()  # closed again on the next page
    assert header["height"] < 200, header


def test_on_a_phone_only_the_inbox_list_leaves_columns_out(long_case, owner, log_in):
    """The inbox's case list drops Assignee and Updated below 900px; other tables (the
    customers' Relationship here) keep every column and scroll inside themselves."""
    page = log_in(owner.username, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    inbox = page.locator("table.case-list")
    assert inbox.get_by_role("columnheader", name="Customer").is_visible()
    assert not inbox.get_by_role("columnheader", name="Assignee").is_visible()
    page.goto("/customers/")
    table = page.locator("table.cases")
    assert table.get_by_role("columnheader", name="Relationship").is_visible()
    assert table.get_by_role("columnheader", name="Open cases").is_visible()

"""Sam, of a partner company, does the visit handed to his company: he sees only that one,
works through the case's checklist, records it fixed, and cannot open anyone else's work."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from rightthere.cases.actions import hand_to_partner
from rightthere.checklists.actions import add_item
from rightthere.field.agenda import day_start
from tests.factories import (
    PASSWORD,
    ContactFactory,
    CustomerFactory,
    PartnerCompanyFactory,
    make_case,
)
from tests.field.conftest import desk, make_visit  # noqa: F401 - skills, Tom, Sam's company

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEPS = ("Isolate the radiator", "Replace the valve", "Check for leaks")


def _soon():
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=40)
    return start if timezone.localdate(start) == timezone.localdate() else timezone.now()


@pytest.fixture
def work(desk):  # noqa: F811
    """Sam's company's visit today; Tom's visit today; another company's case and visit."""
    today = day_start(timezone.localdate())
    grace = ContactFactory(customer=CustomerFactory(name="Grace Hopper", address="7 Quay Road"),
                           name="Grace Hopper", phone="01632 960123")  # fmt: skip
    ours = make_case(subject="Radiator leaks under the window", contact=grace)
    hand_to_partner(ours, actor=None, partner=desk.partner)
    for step in STEPS:
        add_item(ours, actor=None, text=step)
    theirs = make_case(subject="Fuse box trips")
    other_company = PartnerCompanyFactory(name="Other Fixers")
    hand_to_partner(theirs, actor=None, partner=other_company)
    return {
        # Soon (so "On my way" is taken whatever the time the test runs), and today.
        "visit": make_visit(ours, partner=desk.partner, starts_at=_soon()),
        "case": ours,
        "toms": make_visit(desk.case, technician=desk.tom, starts_at=today + timedelta(hours=11)),
        "other_case": theirs,
        "other_visit": make_visit(theirs, partner=other_company,
                                  starts_at=today + timedelta(hours=12)),
    }  # fmt: skip


def test_sam_completes_his_companys_visit_and_sees_nothing_else(
    work,
    desk,  # noqa: F811
    page,
    log_in,
    screenshot,
):
    log_in("sam", PASSWORD)
    page.wait_for_url("**/my-day/")  # he lands on his day; his inbox is a click away
    page.get_by_role("link", name="Inbox", exact=True).click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/")
    inbox = page.locator("main").inner_text()
    assert "Radiator leaks under the window" in inbox
    assert "Boiler leaks" not in inbox and "Fuse box trips" not in inbox
    print(screenshot(page, "journeys/subcontractor-1-inbox.png"))

    page.get_by_role("link", name="My day").first.click()
    today = page.get_by_role("region", name="Today")
    assert "Radiator leaks under the window" in today.inner_text()
    assert "Boiler leaks" not in today.inner_text()
    page.get_by_role("link", name="This week").click()
    assert page.locator("a.visit-open").count() == 1
    print(screenshot(page, "journeys/subcontractor-2-week.png"))

    page.locator("a.visit-open").click()
    page.get_by_role("heading", name="Radiator leaks under the window").wait_for()
    assert "Grace Hopper" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="01632 960123").is_visible()
    print(screenshot(page, "journeys/subcontractor-3-visit.png"))

    page.get_by_role("link", name=f"Case {work['case'].reference}").click()
    checklist = page.get_by_role("region", name="Checklist")
    for number, step in enumerate(STEPS, start=1):
        checklist.get_by_role("checkbox", name=step).check()
        checklist.get_by_text(f"{number} of {len(STEPS)} done").wait_for()
    print(screenshot(page, "journeys/subcontractor-4-checklist.png"))

    page.go_back()
    page.reload()
    # A visit today: "On my way" tells the customer the estimated arrival (#21).
    page.get_by_role("button", name="On my way").click()
    page.get_by_text("has been told you'll be there in about").wait_for()
    assert page.locator("#visit-status").inner_text().startswith("On the way · told ")
    assert work["case"].messages.filter(body_text__contains="is on the way to you now").exists()
    page.get_by_role("button", name="Fixed").click()
    page.get_by_text("Well done: fixed.").wait_for()
    assert page.locator("#visit-status").inner_text() == "Done"
    assert not page.get_by_role("button", name="Fixed").is_visible()
    print(screenshot(page, "journeys/subcontractor-5-fixed.png"))
    visit = work["visit"]
    visit.refresh_from_db()
    assert (visit.status, visit.outcome) == ("done", "fixed")
    assert work["case"].checklist_items.filter(done_at__isnull=False).count() == len(STEPS)

    # Another company's case and visit, and Tom's visit, are not there for him.
    assert page.goto(f"/cases/{work['other_case'].pk}/").status == 404
    print(screenshot(page, "journeys/subcontractor-6-other-case-404.png"))
    assert page.goto(f"/visits/{work['other_visit'].pk}/").status == 404
    assert page.goto(f"/visits/{work['toms'].pk}/").status == 404
    assert page.goto(f"/cases/{desk.case.pk}/").status == 404

"""The owner opens the dashboard, reads a chart's values by hover and keyboard, changes
the period, exports a CSV and follows a red sign to its cases; on a phone every chart
fits. The screenshot in the README comes from here."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.models import Case, Status
from rightthere.demo.cast import PASSWORD
from rightthere.demo.seed import seed_demo
from rightthere.desk import messages as desk_messages
from rightthere.insights.models import Absence
from rightthere.insights.relationships import refresh_relationships
from rightthere.satisfaction.actions import answer_case
from tests.conftest import downloaded
from tests.field.conftest import make_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EXCUSE = "Sorry for the wait, we were very busy this week."


@pytest.fixture
def brightside():
    """The demo desk, plus what it has no story for: visits, excuses and a sick week."""
    now = timezone.now()
    seed_demo(cases=80)
    adam, tom = User.objects.get(username="adam"), User.objects.get(username="tom")
    cases = list(Case.objects.order_by("-created_at")[:12])
    for n, case in enumerate(cases[:9]):
        at = now - timedelta(days=n % 4 + 1)
        # A reply records its reply-check findings itself (the excuse).
        desk_messages.send_reply(case, actor=adam, body_text=EXCUSE, at=at)
    for n, case in enumerate(cases):
        done = now - timedelta(days=5 * n + 1)
        first = make_visit(case, technician=tom, starts_at=done - timedelta(hours=1),
                           status="done", done_at=done, outcome_at=done,
                           outcome="return_needed" if n % 4 == 0 else "fixed")  # fmt: skip
        if n % 4 == 0 and n:
            back = done - timedelta(days=-2)
            make_visit(case, technician=tom, starts_at=back - timedelta(hours=2), hours=2,
                       status="done", done_at=back, return_of=first)  # fmt: skip
    Absence.objects.create(user=tom, kind="sick", starts_on=now.date() - timedelta(days=9),
                           ends_on=now.date() - timedelta(days=7))  # fmt: skip
    solved = Case.objects.filter(status__in=[Status.SOLVED, Status.CLOSED]).order_by("pk")
    for n, case in enumerate(solved[:30]):
        answer_case(case, actor=None, via="email", rating="bad" if n % 4 == 1 else "good",
                    now=now - timedelta(days=(n * 3) % 80 + 1))  # fmt: skip
    refresh_relationships()
    return cases[:9]


def test_owner_changes_period_exports_csv_and_follows_a_red_sign(
    brightside, page, log_in, screenshot
):
    log_in("olivia", PASSWORD)

    page.goto("/insights/")
    page.get_by_role("heading", name="Dashboard").wait_for()
    screenshot(page, "dashboard.png", docs=True)
    csat = page.locator('[data-figure="csat"]')
    assert csat.locator("[data-axis] text").first.text_content() == "0%"
    # The keyboard reaches each bar; its value shows above the chart (and to a screen reader).
    bar = csat.locator(".bar[tabindex]").last
    bar.focus()
    readout = bar.locator(".readout")
    assert readout.is_visible() and readout.text_content().endswith("%")
    assert bar.get_attribute("aria-label") == readout.text_content()
    hovered = csat.locator(".bar[tabindex]").first
    hovered.locator(".mark").hover()
    assert hovered.locator(".readout").is_visible()
    print(screenshot(page, "dashboard-csat-focused.png", full_page=False, clip=csat.bounding_box()))

    page.get_by_label("Period", exact=True).select_option(label="last 4 weeks")
    page.wait_for_url("**weeks=4**")
    assert page.locator('[data-figure="first_response"]').is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV: First-response time").click()
    assert download.value.suggested_filename.startswith("first_response-all-4w-")
    rows = list(csv.reader(io.StringIO(downloaded(page, download.value).decode())))
    assert rows[0] == ["week", "average hours", "cases"]
    assert len(rows) == 1 + 4  # one row per week of the period

    excuses = page.locator('[data-sign="excuses"]')
    assert excuses.get_attribute("data-level") == "red"  # 9 replies; red from 8
    excuses.get_by_role("link", name="Excuses in sent replies").click()
    page.get_by_role("heading", name="Excuses in sent replies").wait_for()
    shown = page.locator("table.cases tbody tr").all_inner_texts()
    assert all(any(case.subject in row for row in shown) for case in brightside)


# What sticks out of a phone's width, to name in a failure.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 391)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
  .join(', ')"""


def test_every_insight_page_fits_a_phone(brightside, page, log_in, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("olivia", PASSWORD)

    for path in ("/insights/", "/insights/calls/", "/insights/owner-time/", "/insights/staff/",
                 "/insights/signs/excuses/", "/field/quality/"):  # fmt: skip
        page.goto(path)
        page.locator("h1").wait_for()
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, f"{path} is {wide}px wide: " + page.evaluate(WIDEST)
        print(screenshot(page, f"phone{path.replace('/', '-').rstrip('-')}.png"))
    # The staff table scrolls sideways on a phone, its Edit column off-screen: each name
    # is the link to that person's record, within the screen.
    page.goto("/insights/staff/")
    tom = page.get_by_role("link", name="Tom Fletcher", exact=True)
    box = tom.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    tom.click()
    page.get_by_label("Started on").wait_for()
    print(screenshot(page, "phone-insights-staff-record.png"))
    # The inbox hides its 5th column on phones; the call list's is how a call is logged.
    page.goto("/insights/calls/")
    assert page.get_by_role("button", name="Log a call").first.is_visible()

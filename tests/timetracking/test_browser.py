"""Time tracking in a real browser: the timer on the case page, by hand, and the report."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rightthere.timetracking.models import TimeEntry
from tests.conftest import downloaded
from tests.factories import PASSWORD, TechnicianFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_technician_times_a_case_adds_time_by_hand_and_downloads_the_report(page, log_in):
    tom = TechnicianFactory(username="tomek", first_name="Tom", last_name="Fixer")
    case = make_case(subject="Boiler bangs every few minutes", assignee=tom)
    log_in("tomek", PASSWORD)

    page.goto(f"/cases/{case.pk}/")
    widget = page.locator(f"#time-case-{case.pk}")
    widget.get_by_role("button", name="Start timer").click()
    expect(widget.get_by_text("Timer started.")).to_be_visible()
    clock = widget.locator("[data-running-since]")
    expect(clock).to_have_text(re.compile(r"^0:00:0[2-9]$"), timeout=5_000)  # it ticks

    widget.get_by_role("button", name="Stop timer").click()
    expect(widget.get_by_text("Timer stopped: 1 min recorded.")).to_be_visible()

    adding = widget.locator("details.time-add")
    adding.get_by_text("Add time by hand").click()
    adding.get_by_label("Time spent (minutes or h:mm)").fill("1:30")
    adding.get_by_label("Note").fill("Fitted a new valve")
    adding.get_by_role("button", name="Add time").click()
    expect(widget.get_by_text("Added 90 min.")).to_be_visible()
    expect(widget.locator("[data-time-total]")).to_have_text("1:31 h")
    assert sorted(TimeEntry.objects.values_list("minutes", flat=True)) == [1, 90]

    # From yesterday to tomorrow: both entries lie wholly inside it at any hour. "This week"
    # cut the 90 minutes typed at 22:43 on a Sunday at the week's last midnight (CI saw 78).
    today = timezone.localdate()
    days = f"from={today - timedelta(days=1)}&to={today + timedelta(days=1)}"
    page.goto(f"/time/?period=custom&{days}&by=case")
    expect(page.get_by_role("link", name=f"{case.reference} {case.subject}")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(downloaded(page, download.value).decode("utf-8"))))
    assert rows[1][0] == f"{case.reference} {case.subject}"
    assert rows[1][4] == "91"

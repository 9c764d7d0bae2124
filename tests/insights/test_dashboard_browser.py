"""The owner opens the dashboard, changes the period, exports a CSV and follows a red
sign to its cases; the screenshot in the README comes from here."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.demo.cast import PASSWORD
from rightthere.demo.seed import seed_demo
from rightthere.desk import messages as desk_messages
from rightthere.insights.models import Absence
from rightthere.insights.relationships import refresh_relationships
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
    refresh_relationships()
    return cases[:9]


def test_owner_changes_period_exports_csv_and_follows_a_red_sign(
    brightside, page, log_in, screenshot
):
    log_in("olivia", PASSWORD)

    page.goto("/insights/")
    page.get_by_role("heading", name="Dashboard").wait_for()
    screenshot(page, "dashboard.png", docs=True)

    page.get_by_label("Period", exact=True).select_option(label="last 4 weeks")
    page.wait_for_url("**weeks=4**")
    assert page.locator('[data-figure="first_response"]').is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV: First-response time").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert download.value.suggested_filename.startswith("first_response-all-4w-")
    assert rows[0] == ["week", "average hours", "cases"]
    assert len(rows) == 1 + 4  # one row per week of the period

    excuses = page.locator('[data-sign="excuses"]')
    assert excuses.get_attribute("data-level") == "red"  # 9 replies; red from 8
    excuses.get_by_role("link", name="Excuses in sent replies").click()
    page.get_by_role("heading", name="Excuses in sent replies").wait_for()
    shown = page.locator("table.cases tbody tr").all_inner_texts()
    assert all(any(case.subject in row for row in shown) for case in brightside)

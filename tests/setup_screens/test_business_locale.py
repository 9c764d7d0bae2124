"""The time zone and language chosen on the Business profile screen take effect: staff
pages, the API, the background jobs and the commands read "now", "today" and business
hours in the business's zone, and staff pages speak its language; customers' pages keep
their own language. Reading them costs no query on a request (the profile is cached)."""

import re
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from rightthere import cli
from rightthere.accounts.profile import update_business_profile
from rightthere.accounts.tokens import create_api_token
from rightthere.cases.models import BusinessHours, PriorityTarget
from rightthere.customers.models import Customer
from rightthere.jobs.periodic import run_periodic_job
from rightthere.portal.links import status_path
from tests.factories import make_case
from tests.field.conftest import desk, make_visit  # noqa: F401 - desk: the field desk fixture

pytestmark = pytest.mark.django_db

BUSINESS = {"name": "Brightside Home Repairs", "phone": "", "address": "", "signature": "",
            "status_page_intro": "", "brand_colour": "", "language": "en-gb"}  # fmt: skip
# Friday 11 December 2026, 15:00 in London and UTC, 10:00 in New York.
FRIDAY_3PM_UTC = datetime(2026, 12, 11, 15, 0, tzinfo=UTC)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def opened_on_friday(**kwargs):
    case = make_case(subject="Boiler leaks", **kwargs)
    type(case).objects.filter(pk=case.pk).update(created_at=FRIDAY_3PM_UTC)
    return case


def test_owner_in_new_york_sees_case_times_in_new_york_time(as_user, owner):
    client = as_user(owner)
    case = opened_on_friday()
    london = text_of(client.get(reverse("case_detail", args=[case.pk])))

    saved = client.post(reverse("settings_business"),
                        {**BUSINESS, "time_zone": "America/New_York"})  # fmt: skip
    new_york = text_of(client.get(reverse("case_detail", args=[case.pk])))

    assert saved.status_code == 302
    assert "Fri 11 Dec 2026 15:00 via" in london
    assert "Fri 11 Dec 2026 10:00 via" in new_york


def test_the_hours_preview_and_due_times_are_in_the_business_time_zone(as_user, owner):
    client = as_user(owner)
    client.post(reverse("settings_business"), {**BUSINESS, "time_zone": "America/New_York"})
    client.post(reverse("settings_hours"),
                {"action": "hours", **{f"day{d}": "09:00-17:00" for d in range(5)}})  # fmt: skip
    PriorityTarget.objects.update_or_create(
        priority="high", defaults={"first_response_minutes": 120, "resolution_minutes": 960}
    )

    page = text_of(client.get(reverse("settings_hours"),
                              {"priority": "high", "at": "2026-12-11T16:30"}))  # fmt: skip
    # 16:30 in New York is 21:30 in London: long after London's 17:00 closing.
    due = client.get(reverse("settings_hours"), {"priority": "high", "at": "2026-12-11T11:30"})

    assert BusinessHours.objects.count() == 5
    assert "at Friday 16:30 is due for its first answer Monday 10:30" in page
    assert "at Friday 11:30 is due for its first answer Friday 13:30" in text_of(due)


def test_the_api_reads_today_in_the_business_time_zone(client, owner):
    """UTC+14 and UTC-12 are 26 hours apart: their dates always differ."""
    _, key = create_api_token(owner, "test")
    schedule = lambda: client.get("/api/schedule", HTTP_AUTHORIZATION=f"Bearer {key}").json()  # noqa: E731

    update_business_profile(owner, time_zone="Pacific/Kiritimati")
    ahead = schedule()["start"]
    update_business_profile(owner, time_zone="Etc/GMT+12")
    behind = schedule()["start"]

    assert ahead == str(timezone.localdate(timezone=ZoneInfo("Pacific/Kiritimati")))
    assert behind == str(timezone.localdate(timezone=ZoneInfo("Etc/GMT+12")))
    assert ahead != behind


def test_staff_pages_speak_the_business_language(as_user, owner):
    client = as_user(owner)
    case = opened_on_friday()
    client.post(reverse("settings_business"), {**BUSINESS, "time_zone": "Europe/Berlin",
                                               "language": "de"})  # fmt: skip

    case_page = text_of(client.get(reverse("case_detail", args=[case.pk])))
    hours_page = client.get(reverse("settings_hours"))

    assert "Fr 11 Dez 2026 16:00" in case_page  # Django's German day and month names
    assert "Geschäftszeiten, Feiertage und Zielzeiten" in text_of(hours_page)


def test_a_customer_page_keeps_the_customers_language(as_user, owner, client):
    update_business_profile(owner, language="de")
    case = opened_on_friday(customer=Customer.objects.create(name="Ann", language="en-gb"))

    page = client.get(status_path(case))

    assert 'lang="en' in page.content.decode()
    assert "Your reply" in text_of(page) and "Ihre Antwort" not in text_of(page)


def test_a_customer_without_a_language_reads_the_business_language(owner, client):
    update_business_profile(owner, language="de")
    case = opened_on_friday(customer=Customer.objects.create(name="Anna"))

    assert "Ihre Antwort" in text_of(client.get(status_path(case)))


def test_reading_the_business_locale_costs_no_query_on_a_request(
    as_user, agent, django_assert_num_queries
):
    client = as_user(agent)
    client.get(reverse("inbox"))  # once-per-process reads (the first-run gate's) done
    without = [m for m in settings.MIDDLEWARE if not m.endswith("BusinessLocale")]
    with override_settings(MIDDLEWARE=without), CaptureQueriesContext(connection) as plain:
        client.get(reverse("inbox"))

    with django_assert_num_queries(len(plain.captured_queries)):
        client.get(reverse("inbox"))


def _zone_where_it_is(hour: int) -> str:
    """A fixed-offset zone where the local hour is `hour` now ("Etc/GMT-3" is UTC+3)."""
    offset = (hour - timezone.now().hour + 12) % 24 - 12
    return f"Etc/GMT{-offset:+d}"


def test_the_reminder_job_reads_nine_in_the_morning_in_the_business_time_zone(
    desk,  # noqa: F811 - the field desk fixture
    owner,
):
    update_business_profile(owner, time_zone=_zone_where_it_is(14))
    with timezone.override(_zone_where_it_is(14)):
        tomorrow_ten = (timezone.localtime() + timedelta(days=1)).replace(hour=10, minute=0)
    make_visit(desk.case, technician=desk.tom, starts_at=tomorrow_ten, skill=desk.boilers)

    update_business_profile(owner, time_zone=_zone_where_it_is(6))
    before_nine = run_periodic_job.call("visit-reminders")
    update_business_profile(owner, time_zone=_zone_where_it_is(14))
    after_nine = run_periodic_job.call("visit-reminders")

    assert before_nine == "visit-reminders: {'visit_reminders': 0}"
    assert after_nine == "visit-reminders: {'visit_reminders': 1}"


def test_the_schedule_command_shows_times_in_the_business_time_zone(
    desk,  # noqa: F811 - the field desk fixture
    owner,
    monkeypatch,
    capsys,
):
    update_business_profile(owner, time_zone="America/New_York")
    make_visit(desk.case, technician=desk.tom, starts_at=FRIDAY_3PM_UTC, skill=desk.boilers)
    monkeypatch.setattr(sys, "argv", ["rightthere", "schedule", "--date", "2026-12-11"])

    cli.main()

    out = capsys.readouterr().out
    assert "10:00-11:00" in out and "15:00-16:00" not in out
    assert timezone.get_current_timezone_name() != "America/New_York"  # only for the command


def test_each_task_the_worker_runs_is_in_the_business_time_zone_and_language(owner):
    """The worker's hooks around every queued task (django-tasks' started and finished
    signals, as db_worker sends them; robustly here, as django-tasks' own log receivers
    want a real task result)."""
    from django_tasks.signals import task_finished, task_started

    from rightthere.jobs.management.commands import worker  # connects the hooks

    update_business_profile(owner, time_zone="America/New_York", language="de")

    started = dict(task_started.send_robust(sender=worker.Command, task_result=None))
    during = (timezone.get_current_timezone_name(), translation.get_language())
    finished = dict(task_finished.send_robust(sender=worker.Command, task_result=None))

    assert started[worker._in_business_locale] is None  # ran without an error
    assert finished[worker._back_to_default_locale] is None
    assert during == ("America/New_York", "de")
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
    assert translation.get_language() == settings.LANGUAGE_CODE

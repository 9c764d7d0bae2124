"""My day: today, tomorrow and this week, each person's own visits, on a phone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.actions import hand_to_partner
from rightthere.field.agenda import day_start
from tests.factories import TechnicianFactory, make_case
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


def at(days, hour=10):
    """A time `days` from today, local."""
    return day_start(timezone.localdate() + timedelta(days=days)) + timedelta(hours=hour)


@pytest.fixture
def week(desk):
    """Tom's visits today, tomorrow and in four days; one in eight days; someone else's."""
    other = TechnicianFactory(username="tina")
    return {
        "today": make_visit(desk.case, technician=desk.tom, starts_at=at(0)),
        "tomorrow": make_visit(make_case(subject="Radiator cold", assignee=desk.tom),
                               technician=desk.tom, starts_at=at(1, 9)),
        "later": make_visit(make_case(subject="Tap drips"), technician=desk.tom,
                            starts_at=at(4, 14)),
        "next_week": make_visit(make_case(subject="Gutter"), technician=desk.tom,
                                starts_at=at(8)),
        "tinas": make_visit(make_case(subject="Tina's job"), technician=other, starts_at=at(0, 11)),
    }  # fmt: skip


def my_day(client, when=None):
    url = reverse("field_my_day") + (f"?when={when}" if when else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_today_shows_only_todays_own_visits(week, as_user, desk):
    page = my_day(as_user(desk.tom))

    assert "Boiler leaks" in page
    assert "Radiator cold" not in page
    assert "Tina&#x27;s job" not in page
    assert 'aria-current="page">Today<' in page


def test_tomorrow_shows_tomorrows_visits(week, as_user, desk):
    page = my_day(as_user(desk.tom), "tomorrow")

    assert "Radiator cold" in page
    assert "Boiler leaks" not in page
    assert 'aria-current="page">Tomorrow<' in page


def test_an_empty_tomorrow_says_so(desk, as_user):
    make_visit(desk.case, technician=desk.tom, starts_at=at(0))

    page = my_day(as_user(desk.tom), "tomorrow")

    assert "No visits tomorrow." in page


def test_the_week_lists_seven_days_from_today_with_empty_days_saying_so(week, as_user, desk):
    page = my_day(as_user(desk.tom), "week")

    for visit in ("Boiler leaks", "Radiator cold", "Tap drips"):
        assert visit in page
    assert "Gutter" not in page  # eight days away
    assert "Tina&#x27;s job" not in page
    assert page.count('class="dayvisits"') == 7
    empty_day = timezone.localdate() + timedelta(days=2)
    assert f"No visits on {empty_day:%A}." in page
    # In order: today, tomorrow, then the later visit.
    assert page.index("Boiler leaks") < page.index("Radiator cold") < page.index("Tap drips")


def test_a_visit_late_in_the_evening_is_on_its_own_day(desk, as_user):
    late = make_visit(desk.case, technician=desk.tom, starts_at=at(1, 0) - timedelta(minutes=30))
    late.ends_at = late.starts_at + timedelta(minutes=20)
    late.save()

    assert "Boiler leaks" in my_day(as_user(desk.tom))
    assert "Boiler leaks" not in my_day(as_user(desk.tom), "tomorrow")


def test_an_unknown_tab_shows_today(week, as_user, desk):
    page = my_day(as_user(desk.tom), "yesterday")

    assert "Boiler leaks" in page
    assert 'aria-current="page">Today<' in page


def test_a_subcontractor_sees_his_companys_visits_in_the_week(desk, as_user):
    theirs = make_case(subject="Partner job")
    hand_to_partner(theirs, actor=None, partner=desk.partner)
    make_visit(theirs, partner=desk.partner, starts_at=at(3))
    make_visit(desk.case, technician=desk.tom, starts_at=at(3, 12))

    page = my_day(as_user(desk.partner_user), "week")

    assert "Partner job" in page
    assert "Boiler leaks" not in page


def test_a_cancelled_visit_shows_as_cancelled(desk, as_user):
    make_visit(desk.case, technician=desk.tom, starts_at=at(0), status="cancelled")

    page = my_day(as_user(desk.tom))

    assert "Cancelled" in page
    assert "visit-cancelled" in page


def test_the_week_costs_the_same_queries_with_more_visits(desk, as_user, django_assert_num_queries):
    client = as_user(desk.tom)
    make_visit(desk.case, technician=desk.tom, starts_at=at(2))
    my_day(client, "week")  # the feed is made on first showing
    # the session with its person (accounts.sessions), then the week's own statements
    with django_assert_num_queries(3) as few:
        my_day(client, "week")
    for days in range(5):
        make_visit(make_case(subject=f"Job {days}"), technician=desk.tom, starts_at=at(days, 15))
    with django_assert_num_queries(len(few.captured_queries)):
        my_day(client, "week")


@pytest.mark.parametrize("role", ["owner", "agent", "technician", "subcontractor"])
def test_every_role_may_open_each_tab(role, desk, request, client):
    client.force_login(request.getfixturevalue(role))

    for when in ("today", "tomorrow", "week"):
        assert client.get(reverse("field_my_day"), {"when": when}).status_code == 200


def test_owners_see_everyones_visits_today_and_no_calendar_link(week, as_user, owner):
    page = my_day(as_user(owner))

    assert "Boiler leaks" in page and "Tina&#x27;s job" in page
    assert "Subscribe in your phone" not in page


def test_the_visit_page_links_to_the_case_only_for_who_may_open_it(desk, as_user):
    his_case = make_visit(desk.case, technician=desk.tom, starts_at=at(0))
    not_his_case = make_visit(make_case(subject="Someone else's case"), technician=desk.tom,
                              starts_at=at(0, 12))  # fmt: skip
    client = as_user(desk.tom)

    linked = client.get(reverse("field_visit", args=[his_case.pk])).content.decode()
    unlinked = client.get(reverse("field_visit", args=[not_his_case.pk])).content.decode()

    assert f'href="{reverse("case_detail", args=[desk.case.pk])}"' in linked
    assert f'href="{reverse("case_detail", args=[not_his_case.case_id])}"' not in unlinked
    assert f"Case {not_his_case.case.reference}" in unlinked

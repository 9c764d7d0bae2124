"""Open cases whose checklist has not been started in time are surfaced in "Not started"."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Case, Status
from rightthere.cases.models.case import IS_OPEN
from rightthere.checklists import actions
from rightthere.checklists.progress import not_started
from rightthere.desk import casework
from rightthere.inbox import InboxFilters, inbox_cases, view_counts
from tests.checklists.factories import make_checklist
from tests.factories import make_case

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LONG_AGO = NOW - timedelta(hours=25)
JUST_NOW = NOW - timedelta(hours=23)


@pytest.fixture
def cases(technician):
    """One case for each situation; the first two are the ones to list."""

    def case(subject, checklist_at=LONG_AGO, **kwargs):
        opened = make_case(subject=subject, opened_at=LONG_AGO - timedelta(hours=1), **kwargs)
        make_checklist(opened, at=checklist_at)
        return opened

    found = {
        "listed_untouched": case("Untouched for a day", assignee=technician),
        "listed_other_person": case("Untouched, someone else's"),
        "fresh_checklist": case("Checklist only just made", checklist_at=JUST_NOW),
        "first_step_started": case("First step started"),
        "later_step_done": case("Second step done first"),
        "solved": case("Solved without the checklist"),
        "old_steps_removed": case("Old steps removed, new one added"),
        "no_checklist": make_case(subject="No checklist at all", opened_at=LONG_AGO),
    }
    first, _ = found["first_step_started"].checklist_items.all()
    actions.start_item(first, actor=None, at=LONG_AGO + timedelta(hours=1))
    _, second = found["later_step_done"].checklist_items.all()
    actions.complete_item(second, actor=None, at=LONG_AGO + timedelta(hours=2))
    casework.change_status(found["solved"], actor=None, status=Status.SOLVED)
    for step in found["old_steps_removed"].checklist_items.all():
        actions.remove_item(step, actor=None)
    actions.add_item(found["old_steps_removed"], actor=None, text="Start again", at=JUST_NOW)
    return found


def subjects(queryset):
    return set(queryset.values_list("subject", flat=True))


def listed_case_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/cases/(\d+)/"', html)}


def test_not_started_lists_exactly_the_open_cases_with_an_old_unstarted_checklist(cases):
    found = Case.objects.filter(IS_OPEN & not_started(now=NOW))

    assert subjects(found) == {"Untouched for a day", "Untouched, someone else's"}


def test_a_checklist_becomes_late_when_the_grace_time_is_over(cases):
    a_little_later = NOW + timedelta(hours=2)

    found = Case.objects.filter(not_started(now=a_little_later))

    assert "Checklist only just made" in subjects(found)
    assert "Old steps removed, new one added" in subjects(found)


def test_the_grace_time_is_a_setting(cases, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "CHECKLIST_NOT_STARTED_HOURS": 48}

    found = Case.objects.filter(not_started(now=NOW))

    assert subjects(found) == set()


def test_the_not_started_view_lists_them_for_the_agent(cases, as_user, agent):
    response = as_user(agent).get(reverse("inbox"), {"view": "not-started"})

    assert response.status_code == 200
    assert listed_case_ids(response.content.decode()) == {
        cases["listed_untouched"].pk,
        cases["listed_other_person"].pk,
    }


def test_the_not_started_view_shows_a_technician_only_their_own(cases, as_user, technician):
    response = as_user(technician).get(reverse("inbox"), {"view": "not-started"})

    assert listed_case_ids(response.content.decode()) == {cases["listed_untouched"].pk}


def test_the_not_started_view_is_counted(cases, agent):
    assert view_counts(agent)["not-started"] == 2


def test_the_not_started_view_takes_one_query_however_many_cases(
    cases, agent, django_assert_num_queries
):
    for n in range(10):
        make_checklist(make_case(subject=f"More work {n}"), at=LONG_AGO)

    with django_assert_num_queries(1):
        found = list(inbox_cases(agent, "not-started", InboxFilters(), sort="due"))

    assert len(found) == 12


def test_the_api_lists_the_not_started_view(cases, as_user, agent):
    response = as_user(agent).get("/api/cases", {"view": "not-started"})

    assert response.status_code == 200
    assert {case["id"] for case in response.json()["items"]} == {
        cases["listed_untouched"].pk,
        cases["listed_other_person"].pk,
    }

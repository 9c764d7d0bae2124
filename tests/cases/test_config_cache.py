"""Opening a case reads the desk's configuration from a per-process cache
(rightthere.core.config_cache); an owner's change applies to the very next case.

Each test opens a case first, so the configuration is cached, then changes it
the way an owner does (the admin, or the dashboard for routing rules) and
opens the next case.
"""

from datetime import datetime, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import BusinessHours, Holiday, Kind, Priority, PriorityTarget
from rightthere.checklists.models import CaseChecklistItem
from rightthere.coach.models import CoachSettings
from rightthere.core import config_cache
from rightthere.insights.actions import route_kind_to_team
from rightthere.insights.models import RoutingRule
from tests.factories import TeamFactory, make_case

pytestmark = pytest.mark.django_db

# A Monday morning; with no business hours set the desk is always open, and a
# normal case must be answered within 4 hours (the default target).
MONDAY_10 = timezone.make_aware(datetime(2026, 11, 23, 10, 0))
FURIOUS = (
    "This is absolutely disgraceful. Your engineer never turned up, nobody called, "
    "and I am furious that I wasted a whole day off work. Terrible, awful service."
)


def answer_within(**opened) -> timedelta:
    case = make_case(priority=Priority.NORMAL, opened_at=MONDAY_10, **opened)
    return case.first_response_due - MONDAY_10


def test_a_priority_target_set_in_the_admin_applies_to_the_next_case(owner, as_user):
    admin = as_user(owner)
    assert answer_within() == timedelta(hours=4)

    admin.post(reverse("admin:cases_prioritytarget_add"), {
        "priority": "normal", "first_response_minutes": "60", "resolution_minutes": "480",
    })  # fmt: skip
    after_adding = answer_within()
    target = PriorityTarget.objects.get()
    admin.post(reverse("admin:cases_prioritytarget_change", args=[target.pk]), {
        "priority": "normal", "first_response_minutes": "30", "resolution_minutes": "480",
    })  # fmt: skip
    after_changing = answer_within()
    admin.post(reverse("admin:cases_prioritytarget_delete", args=[target.pk]), {"post": "yes"})
    after_deleting = answer_within()

    assert after_adding == timedelta(minutes=60)
    assert after_changing == timedelta(minutes=30)
    assert after_deleting == timedelta(hours=4)


def test_business_hours_and_a_holiday_set_in_the_admin_apply_to_the_next_case(owner, as_user):
    admin = as_user(owner)
    assert answer_within() == timedelta(hours=4)

    response = admin.post(reverse("admin:cases_businesshours_add"), {
        "weekday": "0", "opens": "09:00", "closes": "12:00",
    })  # fmt: skip
    open_three_hours_on_mondays = answer_within()
    admin.post(reverse("admin:cases_holiday_add"), {"date": "2026-11-23", "name": "Staff day"})
    closed_this_monday = answer_within()

    assert response.status_code == 302
    assert BusinessHours.objects.count() == 1 and Holiday.objects.count() == 1
    # 2 hours this Monday (10-12), 2 more next Monday (9-11)
    assert open_three_hours_on_mondays == timedelta(days=7, hours=1)
    # 3 hours next Monday (9-12), 1 more the Monday after (9-10)
    assert closed_this_monday == timedelta(days=14)


def test_a_routing_rule_set_on_the_dashboard_routes_the_next_case(owner, as_user):
    field_team = TeamFactory(name="Field")
    assert make_case(kind=Kind.REPAIR).team is None

    route_kind_to_team(actor=owner, kind=Kind.REPAIR, team=field_team)
    routed = make_case(kind=Kind.REPAIR)
    as_user(owner).post(
        reverse("admin:insights_routingrule_delete", args=[RoutingRule.objects.get().pk]),
        {"post": "yes"},
    )
    after_deleting = make_case(kind=Kind.REPAIR)

    assert routed.team == field_team
    assert after_deleting.team is None


def test_a_checklist_template_added_in_the_admin_goes_on_the_next_case(owner, as_user):
    assert not CaseChecklistItem.objects.filter(case=make_case(kind=Kind.REPAIR)).exists()

    as_user(owner).post(reverse("admin:checklists_checklisttemplate_add"), {
        "name": "Boiler repair", "case_kind": "repair", "apply_automatically": "on",
        "steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "100",
        "steps-0-position": "1", "steps-0-text": "Diagnose on site",
        "steps-1-position": "2", "steps-1-text": "Book the return visit",
    })  # fmt: skip
    repair = make_case(kind=Kind.REPAIR)
    question = make_case(kind=Kind.QUESTION)

    assert list(repair.checklist_items.values_list("text", flat=True)) == [
        "Diagnose on site",
        "Book the return visit",
    ]
    assert not question.checklist_items.exists()


def test_the_coach_settings_changed_in_the_admin_apply_to_the_next_message(owner, as_user):
    before = make_case(kind=Kind.REPAIR, body=FURIOUS)  # default: no complaint

    response = as_user(owner).post(reverse("admin:coach_coachsettings_add"), {
        "upset_threshold": "-0.6", "upset_marks_complaint": "on",
    })  # fmt: skip
    after = make_case(kind=Kind.REPAIR, body=FURIOUS)

    assert response.status_code == 302
    assert CoachSettings.objects.get().upset_marks_complaint
    assert (before.priority, before.kind) == ("high", "repair")
    assert (after.priority, after.kind) == ("high", "complaint")


def test_configuration_seen_in_a_transaction_that_rolled_back_is_forgotten(db):
    assert answer_within() == timedelta(hours=4)

    with pytest.raises(RuntimeError), transaction.atomic():
        PriorityTarget.objects.create(
            priority="normal", first_response_minutes=60, resolution_minutes=480
        )
        assert answer_within() == timedelta(minutes=60)  # read (and cached) in here
        raise RuntimeError("the owner's save failed")

    assert answer_within() == timedelta(hours=4)


def test_a_change_made_by_another_process_is_seen_within_the_cache_age(db, monkeypatch):
    assert answer_within() == timedelta(hours=4)
    # Another process's save sends no signal here; neither does bulk_create.
    PriorityTarget.objects.bulk_create(
        [PriorityTarget(priority="normal", first_response_minutes=60, resolution_minutes=480)]
    )
    still_cached = answer_within()
    later = config_cache.monotonic() + config_cache.DEFAULT_MAX_AGE_SECONDS
    monkeypatch.setattr(config_cache, "monotonic", lambda: later)

    assert still_cached == timedelta(hours=4)
    assert answer_within() == timedelta(minutes=60)


def test_caching_can_be_turned_off(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "CONFIG_CACHE_SECONDS": 0}
    assert answer_within() == timedelta(hours=4)

    PriorityTarget.objects.bulk_create(
        [PriorityTarget(priority="normal", first_response_minutes=60, resolution_minutes=480)]
    )

    assert answer_within() == timedelta(minutes=60)

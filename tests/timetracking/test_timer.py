"""The timer and manual entries, through the actions every page and the API call."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.desk.casework import assign_case
from rightthere.timetracking.actions import (
    NoRunningTimer,
    add_entry,
    change_entry,
    delete_entry,
    running_timer,
    start_timer,
    stop_timer,
)
from rightthere.timetracking.models import Source, TimeEntry
from rightthere.timetracking.periods import Period
from rightthere.timetracking.totals import period_totals
from tests.factories import UserFactory
from tests.timetracking.conftest import local

pytestmark = pytest.mark.django_db


def day_totals(day: date, by: str = "person") -> dict[str, int]:
    totals = period_totals(TimeEntry.objects.all(), by, Period(day, day))
    return {row.label: row.total for row in totals.rows}


def test_stopping_the_timer_records_whole_minutes_rounded_up(desk, technician):
    start = local(2026, 11, 24, 9, 0)
    start_timer(technician, desk.technician_case, now=start)

    entry = stop_timer(technician, now=start + timedelta(minutes=12, seconds=5))

    assert (entry.minutes, entry.source, entry.running) == (13, Source.TIMER, False)
    assert entry.ended_at == start + timedelta(minutes=13)
    assert running_timer(technician) is None


def test_a_timer_stopped_at_once_counts_one_minute(desk, technician):
    start = local(2026, 11, 24, 9, 0)
    start_timer(technician, desk.technician_case, now=start)

    assert stop_timer(technician, now=start).minutes == 1


def test_starting_a_timer_on_another_case_stops_the_running_one(desk, agent):
    start = local(2026, 11, 24, 9, 0)
    first = start_timer(agent, desk.technician_case, now=start).entry

    second = start_timer(agent, desk.office_case, now=start + timedelta(minutes=20))

    assert second.stopped is not None and second.stopped.pk == first.pk
    assert second.stopped.minutes == 20
    assert running_timer(agent).case_id == desk.office_case.pk
    assert TimeEntry.objects.filter(person=agent, ended_at__isnull=True).count() == 1


def test_starting_the_timer_that_already_runs_changes_nothing(desk, technician):
    start = local(2026, 11, 24, 9, 0)
    first = start_timer(technician, desk.technician_case, now=start).entry

    again = start_timer(technician, desk.technician_case, now=start + timedelta(minutes=5))

    assert again.already_running and again.entry.pk == first.pk and again.stopped is None
    assert TimeEntry.objects.count() == 1


def test_the_database_refuses_a_second_running_timer_for_one_person(desk, agent):
    start_timer(agent, desk.technician_case)
    now = local(2026, 11, 24, 9, 0)

    with pytest.raises(IntegrityError), transaction.atomic():
        TimeEntry.objects.create(person=agent, case=desk.office_case, started_at=now,
                                 source=Source.TIMER, created_at=now, updated_at=now)  # fmt: skip


def test_stopping_without_a_running_timer_is_refused_clearly(desk, agent):
    with pytest.raises(NoRunningTimer) as refused:
        stop_timer(agent)

    assert refused.value.http_status == 409
    assert refused.value.message == "You have no running timer to stop."


def test_timer_across_midnight_counts_on_each_day(london, desk, technician):
    start_timer(technician, desk.technician_case, now=local(2026, 11, 24, 23, 30))

    entry = stop_timer(technician, now=local(2026, 11, 25, 0, 45))

    assert entry.minutes == 75
    name = technician.display_name
    assert day_totals(date(2026, 11, 24)) == {name: 30}
    assert day_totals(date(2026, 11, 25)) == {name: 45}
    assert day_totals(date(2026, 11, 26)) == {}


def test_a_manual_entry_from_2330_to_0045_counts_30_and_45_minutes(london, desk, agent):
    add_entry(agent, desk.office_case, started_at=local(2026, 3, 10, 23, 30),
              ended_at=local(2026, 3, 11, 0, 45), now=local(2026, 3, 12))  # fmt: skip

    label = f"{desk.office_case.reference} Invoice question"
    assert day_totals(date(2026, 3, 10), by="case") == {label: 30}
    assert day_totals(date(2026, 3, 11), by="case") == {label: 45}


def test_the_night_the_clocks_go_forward_counts_real_minutes(london, desk, agent):
    # 29 March 2026: 01:00 GMT becomes 02:00 BST, so 23:30 to 03:00 is 2½ hours of work.
    entry = add_entry(agent, desk.office_case, started_at=local(2026, 3, 28, 23, 30),
                      ended_at=local(2026, 3, 29, 3, 0), now=local(2026, 3, 30))  # fmt: skip

    assert entry.minutes == 150
    assert day_totals(date(2026, 3, 28)) == {agent.display_name: 30}
    assert day_totals(date(2026, 3, 29)) == {agent.display_name: 120}


def test_the_night_the_clocks_go_back_counts_the_extra_hour(london, desk, agent):
    # 25 October 2026: 02:00 BST becomes 01:00 GMT; a timer from 23:00 to 02:00 runs 4 hours.
    start_timer(agent, desk.office_case, now=local(2026, 10, 24, 23, 0))

    entry = stop_timer(agent, now=local(2026, 10, 25, 2, 0))

    assert entry.minutes == 240
    assert day_totals(date(2026, 10, 24)) == {agent.display_name: 60}
    assert day_totals(date(2026, 10, 25)) == {agent.display_name: 180}


def test_manual_time_is_between_one_minute_and_a_day(desk, agent):
    worked = local(2026, 11, 20, 9, 0)

    for minutes in (0, -5, 24 * 60 + 1):
        with pytest.raises(InvalidInput):
            add_entry(agent, desk.office_case, started_at=worked, minutes=minutes)
    whole_day = add_entry(agent, desk.office_case, started_at=worked, minutes=24 * 60)

    assert whole_day.ended_at == worked + timedelta(days=1)


def test_a_manual_entry_cannot_end_before_it_starts(desk, agent):
    worked = local(2026, 11, 20, 9, 0)

    with pytest.raises(InvalidInput, match="The end must be after the start."):
        add_entry(agent, desk.office_case, started_at=worked, ended_at=worked - timedelta(hours=1))


def test_a_manual_entry_cannot_start_in_the_future(desk, agent):
    now = local(2026, 11, 20, 9, 0)

    with pytest.raises(InvalidInput, match="future"):
        add_entry(agent, desk.office_case, started_at=now + timedelta(hours=1), minutes=10,
                  now=now)  # fmt: skip


def test_time_for_an_internal_customer_is_not_billable_by_default(desk, agent):
    worked = local(2026, 11, 20, 9, 0)

    internal = add_entry(agent, desk.office_case, started_at=worked, minutes=10)
    external = add_entry(agent, desk.technician_case, started_at=worked, minutes=10)

    assert (internal.billable, external.billable) == (False, True)


def test_only_owners_and_agents_record_time_for_someone_else(desk, agent, technician):
    worked = local(2026, 11, 20, 9, 0)

    for_tech = add_entry(agent, desk.technician_case, person=technician, started_at=worked,
                         minutes=30)  # fmt: skip
    with pytest.raises(NotAllowed):
        add_entry(technician, desk.technician_case, person=agent, started_at=worked, minutes=5)

    assert for_tech.person == technician


def test_a_visit_of_another_case_is_refused(desk, technician):
    with pytest.raises(InvalidInput, match="another case"):
        start_timer(technician, desk.technician_case, visit=desk.partner_visit)


def test_correcting_an_entry_keeps_its_end_at_start_plus_minutes(desk, agent):
    entry = add_entry(agent, desk.office_case, started_at=local(2026, 11, 20, 9), minutes=30)

    change_entry(agent, entry, started_at=local(2026, 11, 20, 10), minutes=45, billable=True)
    entry.refresh_from_db()

    assert (entry.minutes, entry.billable) == (45, True)
    assert entry.ended_at == local(2026, 11, 20, 10, 45)


def test_a_running_timer_keeps_running_when_its_note_changes(desk, agent):
    entry = start_timer(agent, desk.office_case).entry

    change_entry(agent, entry, note="Calling the bank")
    with pytest.raises(InvalidInput, match="still running"):
        change_entry(agent, entry, minutes=10)
    entry.refresh_from_db()

    assert entry.running and entry.note == "Calling the bank"


def test_someone_elses_entry_is_changed_only_by_owners_and_agents(desk, owner, technician):
    other_tech = UserFactory(role="technician")
    entry = add_entry(owner, desk.technician_case, person=other_tech,
                      started_at=local(2026, 11, 20, 9), minutes=30)  # fmt: skip

    with pytest.raises(NotAllowed):
        change_entry(technician, entry, minutes=5)
    delete_entry(owner, entry)

    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


def test_a_technician_cannot_change_time_on_a_case_no_longer_theirs(desk, agent, technician):
    entry = add_entry(technician, desk.technician_case, started_at=local(2026, 11, 20, 9),
                      minutes=30)  # fmt: skip
    assign_case(desk.technician_case, actor=agent, assignee=agent)

    with pytest.raises(NotAllowed, match="no longer yours"):
        delete_entry(technician, entry)

"""The schedule board: a day and week calendar per technician and partner company, with
each one's booked hours, load and slack; the same figures in the API and the command."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rightthere.field.board import hours_text, schedule_board
from tests.factories import make_case
from tests.field.conftest import make_technician, make_visit, send

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def day():
    """A Tuesday a few weeks ahead."""
    today = timezone.localdate()
    return today + timedelta(days=(1 - today.weekday()) % 7 + 21)


def test_load_and_slack_are_booked_hours_against_the_technicians_working_hours(desk, day):
    # Tom works 08:00-17:00 (9 hours); 2 h + 1 h 30 booked, 30 minutes of it after hours.
    make_visit(desk.case, technician=desk.tom, starts_at=_at(day, 9), hours=2)
    make_visit(desk.case, technician=desk.tom, starts_at=_at(day, 16), hours=1.5)

    [row] = [r for r in schedule_board(day).rows if r.kind == "technician"]

    [load] = row.days
    assert (load.working_minutes, load.booked_minutes, load.slack_minutes) == (540, 180, 360)
    assert load.load_percent == 33
    assert (load.booked_text, load.working_text, load.slack_text) == ("3 h", "9 h", "6 h")
    assert [v.starts_at for v in load.visits] == [_at(day, 9), _at(day, 16)]


def test_a_day_off_has_no_working_hours_and_an_overbooked_day_stands_out(desk, day):
    ann = make_technician("ann", [desk.boilers], days=[1], starts=time(9), ends=time(13))
    make_visit(desk.case, technician=ann, starts_at=_at(day, 9), hours=4)  # 100% > 80%

    board = schedule_board(day, 2)

    [row] = [r for r in board.rows if r.id == ann.pk]
    tuesday, wednesday = row.days
    assert tuesday.overloaded and tuesday.slack_minutes == 0
    assert (wednesday.working_minutes, wednesday.load_percent) == (0, None)


def test_partner_companies_have_their_own_row_with_their_visits(desk, day):
    make_visit(desk.case, partner=desk.partner, starts_at=_at(day, 10))

    rows = schedule_board(day).rows

    assert [(r.kind, r.name) for r in rows] == [
        ("technician", desk.tom.display_name), ("partner", desk.partner.name)
    ]  # fmt: skip
    assert len(rows[1].days[0].visits) == 1


def test_hours_are_written_for_people():
    assert [hours_text(m) for m in (0, 45, 60, 90, 600)] == [
        "0 min", "45 min", "1 h", "1 h 30 min", "10 h"
    ]  # fmt: skip


def test_the_day_view_places_each_visit_by_time_with_the_figures(desk, day, client, agent):
    make_visit(desk.case, technician=desk.tom, starts_at=_at(day, 13), hours=2)
    client.force_login(agent)

    html = client.get(reverse("field_schedule"), {"date": day.isoformat()}).content.decode()

    assert f"{day:%A} {day.day} {day:%B %Y}" in html
    assert "2 h booked of 9 h (22%)" in html and "7 h free" in html
    assert '<th scope="row">' + desk.tom.display_name in html
    assert "13:00–15:00" in html
    assert reverse("field_change_visit", args=[desk.case.visits.get().pk]) in html
    # 13:00 on a 07:00-19:00 scale is half way.
    assert 'style="left:50.0%;width:16.67%"' in html


def test_the_week_view_starts_on_monday_and_links_each_day(desk, day, client, agent):
    make_visit(desk.case, technician=desk.tom, starts_at=_at(day + timedelta(days=2), 9))
    client.force_login(agent)

    html = client.get(reverse("field_schedule"),
                      {"date": day.isoformat(), "view": "week"}).content.decode()  # fmt: skip

    monday = day - timedelta(days=1)
    assert f"week of {monday:%a} {monday.day} {monday:%b}" in html
    assert html.count('<th scope="col"><a href="?date=') == 7
    assert 'class="board-scroll"' in html
    assert f"?date={(monday + timedelta(days=7)).isoformat()}&amp;view=week" in html  # next week


def test_an_empty_day_says_so_and_where_to_book(desk, client, agent):
    tuesday = timezone.localdate() + timedelta(days=(1 - timezone.localdate().weekday()) % 7 + 7)
    client.force_login(agent)

    html = client.get(reverse("field_schedule"), {"date": tuesday.isoformat()}).content.decode()

    assert f"No visits on {tuesday:%A} {tuesday.day} {tuesday:%b}. Book one from a" in html
    assert "9 h free" in html


def test_with_nobody_set_up_the_owner_is_sent_to_the_set_up_screen(client, owner, agent):
    from rightthere.field.models import TechnicianProfile

    TechnicianProfile.objects.all().delete()
    setup_link = f'href="{reverse("settings_technicians")}"'
    client.force_login(owner)
    html = client.get(reverse("field_schedule")).content.decode()
    assert "No technicians or partners are set up" in html
    assert setup_link in html and "Technician profiles" not in html
    client.force_login(agent)
    html = client.get(reverse("field_schedule")).content.decode()
    assert "The owner adds technicians" in html and setup_link not in html


def test_a_date_that_is_not_a_date_shows_today(desk, client, agent):
    client.force_login(agent)

    response = client.get(reverse("field_schedule"), {"date": "next tuesday"})

    assert response.status_code == 200
    assert timezone.localdate().strftime("%Y") in response.content.decode()


def _visits(desk, day, count):
    for index in range(count):
        case = make_case(subject=f"Job {index}")
        make_visit(case, technician=desk.tom, starts_at=_at(day, 8) + timedelta(minutes=20 * index),
                   hours=0.25)  # fmt: skip


def test_the_board_page_queries_do_not_grow_with_the_visits(desk, day, client, agent,
                                                           django_assert_max_num_queries):  # fmt: skip
    client.force_login(agent)
    _visits(desk, day, 2)
    url = reverse("field_schedule") + f"?date={day.isoformat()}&view=week"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _visits(desk, day + timedelta(days=1), 12)

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Move, reassign or cancel<span") == 14


def test_the_api_gives_the_board_per_technician_and_partner(desk, day, agent, api_as):
    visit = make_visit(desk.case, technician=desk.tom, starts_at=_at(day, 9), hours=2)

    response = send(api_as(agent), "get", f"/api/schedule?date={day.isoformat()}&days=2")

    board = response.json()
    assert response.status_code == 200
    [tom, partner] = board["rows"]
    assert (tom["kind"], partner["kind"]) == ("technician", "partner")
    first = tom["days"][0]
    assert (first["booked_minutes"], first["working_minutes"], first["slack_minutes"]) == (
        120,
        540,
        420,
    )
    assert [v["id"] for v in first["visits"]] == [visit.pk]
    assert first["visits"][0]["case_reference"] == desk.case.reference
    assert len(tom["days"]) == 2


@pytest.mark.parametrize(("role", "answer"), [
    ("owner", 200), ("agent", 200), ("technician", 403), ("subcontractor", 403),
])  # fmt: skip
def test_only_owners_and_agents_see_the_board_in_the_api(role, answer, desk, api_as, request):
    response = send(api_as(request.getfixturevalue(role)), "get", "/api/schedule?days=7")
    assert response.status_code == answer


def test_the_api_refuses_too_many_days(desk, agent, api_as):
    response = send(api_as(agent), "get", "/api/schedule?days=40")
    assert response.status_code == 400
    assert response.json()["detail"] == "Show 1 to 31 days."


def test_the_command_prints_the_day_per_technician(desk, day, capsys):
    visit = make_visit(desk.case, technician=desk.tom, starts_at=_at(day, 9), hours=2)

    call_command("schedule", "--date", day.isoformat())

    out = capsys.readouterr().out
    assert f"{day:%A %d %B %Y}" in out
    assert f"{desk.tom.display_name}: 2 h booked of 9 h (22%), 7 h free" in out
    assert f"09:00-11:00  {desk.case.reference}" in out and f"(visit {visit.pk})" in out
    assert f"{desk.partner.name} (partner): 0 min booked" in out


def test_the_command_says_when_a_day_is_empty_and_refuses_a_bad_date(desk, day, capsys):
    call_command("schedule", "--date", day.isoformat())
    assert f"No visits on {day:%A %d %b}." in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("schedule", "--date", "8/12/2026")


def test_a_visit_of_someone_no_longer_set_up_is_listed_not_dropped(desk, day, client, agent,
                                                                   api_as, capsys):  # fmt: skip
    visit = make_visit(desk.case, technician=desk.tom, starts_at=_at(day, 9))
    desk.tom.field_profile.active = False
    desk.tom.field_profile.save()
    client.force_login(agent)

    html = client.get(reverse("field_schedule"), {"date": day.isoformat()}).content.decode()
    board = send(api_as(agent), "get", f"/api/schedule?date={day.isoformat()}").json()
    call_command("schedule", "--date", day.isoformat())

    assert "Not on anyone's calendar" in html
    assert reverse("field_change_visit", args=[visit.pk]) in html
    assert board["unplaced_visit_ids"] == [visit.pk]
    assert "Not on anyone's calendar: " in capsys.readouterr().out

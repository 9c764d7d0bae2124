"""The visit's day as the customer hears it (issue #21 item 2): the reminder the day
before (once per visit and start, again after a move), "On my way" with the name and an
estimated arrival, "Running late" with the new window; each goes out as a customer mail
and is on the case timeline."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import CaseEvent, Direction
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.desk import visit_day, visits
from rightthere.field.booking import ChosenSlot
from rightthere.field.models import DayMessageKind, VisitDayMessage, VisitStatus
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from tests.factories import TechnicianFactory
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


def _at(day_offset: int, hour: int, minute: int = 0):
    local = timezone.localtime() + timedelta(days=day_offset)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _mails(case) -> list[str]:
    return list(
        OutboundMail.objects.filter(case=case).order_by("pk").values_list("body_text", flat=True)
    )


@pytest.fixture
def tomorrow(desk):
    desk.tom.first_name, desk.tom.last_name = "Tom", "Baker"
    desk.tom.save(update_fields=["first_name", "last_name"])
    return make_visit(desk.case, technician=desk.tom, starts_at=_at(1, 10), skill=desk.boilers)


def test_the_day_before_the_customer_is_reminded_once_with_the_window_and_the_name(tomorrow):
    morning = _at(0, 10)

    first = visit_day.send_visit_reminders(now=morning)
    again = visit_day.send_visit_reminders(now=morning + timedelta(minutes=15))

    assert (first, again) == ({"visit_reminders": 1}, {"visit_reminders": 0})
    [text] = _mails(tomorrow.case)
    assert "A reminder of your visit tomorrow" in text and "between 10:00 and 11:00" in text
    assert "Tom will come" in text and "Baker" not in text.split("Tom will come")[0][-20:]
    assert CaseEvent.objects.filter(case=tomorrow.case, field="reminder sent").count() == 1


def test_no_reminder_before_nine_in_the_morning(tomorrow):
    assert visit_day.send_visit_reminders(now=_at(0, 6)) == {"visit_reminders": 0}


def test_a_visit_that_moves_is_reminded_of_again(tomorrow, agent):
    visit_day.send_visit_reminders(now=_at(0, 10))
    visits.reschedule_visit(tomorrow, actor=agent,
                            slot=ChosenSlot("technician", tomorrow.technician_id, _at(1, 14)))  # fmt: skip

    assert visit_day.send_visit_reminders(now=_at(0, 11)) == {"visit_reminders": 1}
    assert "between 14:00 and 15:00" in _mails(tomorrow.case)[-1]
    assert VisitDayMessage.objects.filter(visit=tomorrow, kind=DayMessageKind.REMINDER).count() == 2


def test_the_periodic_job_and_the_command_send_the_same_reminders(tomorrow, monkeypatch):
    from rightthere.jobs import periodic

    ten = _at(0, 10)
    monkeypatch.setattr(timezone, "now", lambda: ten)
    assert periodic.JOBS["visit-reminders"].run() == {"visit_reminders": 1}
    call_command("visit_day", "reminders")
    assert len(_mails(tomorrow.case)) == 1


def test_on_my_way_tells_the_customer_the_name_and_the_arrival(desk, client, monkeypatch):
    visit = make_visit(desk.case, technician=desk.tom, starts_at=_at(1, 22))
    now = visit.starts_at - timedelta(minutes=20)  # the clock: on the day, before the window
    monkeypatch.setattr(timezone, "now", lambda: now)
    client.force_login(desk.tom)

    response = client.post(reverse("field_visit_on_my_way", args=[visit.pk]),
                           {"eta_minutes": "20", "back": "day"})  # fmt: skip

    assert response.status_code == 302 and response.url == reverse("field_my_day")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.ON_THE_WAY
    assert now + timedelta(minutes=19) < visit.expected_at < now + timedelta(minutes=21)
    arrival = timezone.localtime(visit.expected_at)
    text = _mails(desk.case)[-1]
    assert "is on the way to you now" in text and f"{arrival.hour}:{arrival:%M}" in text
    assert desk.tom.first_name in text
    page = client.get(status_path(desk.case)).content.decode()
    assert "should be with you at about" in page
    message = VisitDayMessage.objects.get(visit=visit, kind=DayMessageKind.ON_MY_WAY).message
    assert message.direction == Direction.OUTBOUND


def test_running_late_moves_the_window_and_tells_the_customer(eleven_today, desk, client):
    start = timezone.localtime() + timedelta(hours=1)
    visit = make_visit(
        desk.case, technician=desk.tom, starts_at=start.replace(second=0, microsecond=0)
    )
    before = visit.starts_at
    client.force_login(desk.tom)

    client.post(reverse("field_visit_late", args=[visit.pk]), {"minutes": "30"})

    visit.refresh_from_db()
    assert visit.starts_at == before + timedelta(minutes=30)
    assert visit.sequence == 1
    text = _mails(desk.case)[-1]
    assert "running about 30 minutes late" in text
    assert CaseEvent.objects.filter(case=desk.case, field="running late").exists()
    assert VisitDayMessage.objects.filter(visit=visit, kind=DayMessageKind.RUNNING_LATE).exists()


def test_only_the_visits_own_technician_or_the_office_sets_off(eleven_today, desk):
    visit = make_visit(
        desk.case, technician=desk.tom, starts_at=timezone.now() + timedelta(minutes=5)
    )
    stranger = TechnicianFactory(username="stranger")

    with pytest.raises(NotAllowed):
        visit_day.set_off_to_visit(visit, actor=stranger, eta_minutes=20)
    with pytest.raises(InvalidInput):
        visit_day.set_off_to_visit(visit, actor=desk.tom, eta_minutes=0)


def test_on_my_way_and_running_late_through_the_api(eleven_today, desk, api_as):
    visit = make_visit(
        desk.case, technician=desk.tom, starts_at=timezone.now() + timedelta(minutes=5)
    )
    api = api_as(desk.tom)

    gone = api.post(
        f"/api/visits/{visit.pk}/on-my-way", {"eta_minutes": 15}, content_type="application/json"
    )
    late = api.post(
        f"/api/visits/{visit.pk}/running-late", {"minutes": 15}, content_type="application/json"
    )
    bad = api.post(
        f"/api/visits/{visit.pk}/running-late", {"minutes": 0}, content_type="application/json"
    )

    assert (gone.status_code, gone.json()["status"]) == (200, "on_the_way")
    assert late.status_code == 200 and bad.status_code == 422
    assert len(_mails(desk.case)) == 2

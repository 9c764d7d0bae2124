""" "On my way" only around the visit's time: from three hours before its window starts
until half an hour after it ends, on the visit's day. A tap outside that (hours after the
window, or on another day) would tell the customer an arrival time that makes no sense:
it is refused with the reason, and nothing is sent. The rule is the use case's, so My day,
the API and the command all keep it. The clock is set by patching `timezone.now`."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from rightthere.core.errors import InvalidInput
from rightthere.desk import visit_day
from rightthere.field.models import VisitDayMessage, VisitStatus
from rightthere.outbox.models import OutboundMail
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


def _tomorrow_at(hour: int, minute: int = 0):
    local = timezone.localtime() + timedelta(days=1)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


@pytest.fixture
def visit(desk):
    """Tom's visit tomorrow, 10:00 to 11:00."""
    return make_visit(desk.case, technician=desk.tom, starts_at=_tomorrow_at(10),
                      skill=desk.boilers)  # fmt: skip


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_to


def _nothing_sent(visit) -> None:
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CONFIRMED and visit.expected_at is None
    assert not OutboundMail.objects.filter(case=visit.case).exists()
    assert not VisitDayMessage.objects.filter(visit=visit).exists()


@pytest.mark.parametrize("hour, minute", [(7, 0), (9, 59), (10, 30), (11, 30)])
def test_on_my_way_is_taken_from_three_hours_before_until_half_an_hour_after(
    visit, desk, hour, minute
):
    set_off = visit_day.set_off_to_visit(visit, actor=desk.tom, eta_minutes=20,
                                         now=_tomorrow_at(hour, minute))  # fmt: skip

    assert set_off.visit.status == VisitStatus.ON_THE_WAY
    assert OutboundMail.objects.filter(case=visit.case).count() == 1


@pytest.mark.parametrize(
    "hour, minute, why",
    [
        (6, 59, "It is too early for “On my way”: this visit starts at 10:00; you can tap it "
                "from 07:00."),
        (11, 31, "This visit's time ended at 11:00: “On my way” would tell the customer an "
                 "arrival after it. Ask the office to move the visit (the customer is told the "
                 "new time), or record its outcome."),
        (16, 0, "This visit's time ended at 11:00: “On my way” would tell the customer an "
                "arrival after it. Ask the office to move the visit (the customer is told the "
                "new time), or record its outcome."),
    ],
)  # fmt: skip
def test_a_tap_outside_the_visit_s_time_is_refused_with_why_and_nothing_is_sent(
    visit, desk, hour, minute, why
):
    with pytest.raises(InvalidInput) as refused:
        visit_day.set_off_to_visit(visit, actor=desk.tom, eta_minutes=20,
                                   now=_tomorrow_at(hour, minute))  # fmt: skip

    assert refused.value.message == why
    _nothing_sent(visit)


def test_a_tap_on_another_day_is_refused(visit, desk):
    day_after = _tomorrow_at(10) + timedelta(days=1)

    with pytest.raises(InvalidInput) as refused:
        visit_day.set_off_to_visit(visit, actor=desk.tom, eta_minutes=20, now=day_after)

    assert refused.value.message.startswith("This visit is on ")
    assert refused.value.message.endswith(", not today: “On my way” is for today's visits.")
    _nothing_sent(visit)


def test_my_day_says_why_hours_after_the_window_and_nothing_is_sent(visit, desk, client, clock):
    clock(_tomorrow_at(15))
    client.force_login(desk.tom)

    response = client.post(reverse("field_visit_on_my_way", args=[visit.pk]),
                           {"eta_minutes": "20", "back": "day"}, follow=True)  # fmt: skip

    assert response.redirect_chain == [(reverse("field_my_day"), 302)]
    page = response.content.decode()
    assert "This visit&#x27;s time ended at 11:00" in page
    assert "Safe trip" not in page
    _nothing_sent(visit)


def test_my_day_still_sends_within_the_visit_s_time(visit, desk, client, clock):
    clock(_tomorrow_at(9, 40))
    client.force_login(desk.tom)

    response = client.post(reverse("field_visit_on_my_way", args=[visit.pk]),
                           {"eta_minutes": "20", "back": "day"}, follow=True)  # fmt: skip

    assert (
        "Safe trip: Ada Byron has been told you&#x27;ll be there in about 20 min (by e-mail)."
        in (response.content.decode())
    )
    assert OutboundMail.objects.filter(case=visit.case).count() == 1


def test_the_api_refuses_hours_after_the_window_with_why(visit, desk, api_as, clock):
    clock(_tomorrow_at(15))

    response = api_as(desk.tom).post(f"/api/visits/{visit.pk}/on-my-way", {"eta_minutes": 20},
                                     content_type="application/json")  # fmt: skip

    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert "This visit's time ended at 11:00" in response.json()["detail"]
    _nothing_sent(visit)


def test_the_command_refuses_hours_after_the_window_with_why(visit, desk, clock):
    clock(_tomorrow_at(15))

    with pytest.raises(CommandError, match="This visit's time ended at 11:00"):
        call_command("visit_day", "on-my-way", str(visit.pk), "--as", "tom", "--eta", "20")

    _nothing_sent(visit)


def test_the_command_sends_within_the_visit_s_time(visit, desk, clock, capsys):
    clock(_tomorrow_at(10, 15))

    call_command("visit_day", "on-my-way", str(visit.pk), "--as", "tom", "--eta", "20")

    assert "on the way, there at about 10:35" in capsys.readouterr().out
    assert OutboundMail.objects.filter(case=visit.case).count() == 1

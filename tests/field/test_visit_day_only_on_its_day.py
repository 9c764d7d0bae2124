"""A visit two days ahead (user audit, item 3): "On my way" and "Running late" are for
today's visits only, so the customer is never told someone is coming days early; the
buttons are not shown and every door (visit page, the status route, the API) is refused
with the reason by the use case. Its outcome can be recorded before its day only when
the worker confirms they did it early: the visit page asks with a tick box, the API with
`early`."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.core.errors import InvalidInput
from rightthere.desk import visit_day, visits
from rightthere.field import visits as field_visits
from rightthere.field.models import Outcome, VisitStatus
from rightthere.field.visits import OutcomeBeforeItsDay
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from tests.api.conftest import send
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db

WORKERS = ["technician", "subcontractor"]
EVERYONE_WHO_RECORDS = ["technician", "subcontractor", "owner", "agent"]


def _in_two_days_at(hour: int):
    local = timezone.localtime() + timedelta(days=2)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def ahead(desk):
    """Tom's visit and Sam's company's visit, both in two days at 10:00."""
    return {
        "technician": make_visit(desk.case, technician=desk.tom, skill=desk.boilers,
                                 starts_at=_in_two_days_at(10)),
        "subcontractor": make_visit(desk.case, partner=desk.partner, skill=desk.boilers,
                                    starts_at=_in_two_days_at(10)),
    }  # fmt: skip


def _unchanged(visit) -> None:
    before = visit.starts_at
    visit.refresh_from_db()
    assert (visit.status, visit.outcome, visit.expected_at) == (VisitStatus.CONFIRMED, "", None)
    assert visit.starts_at == before
    assert not OutboundMail.objects.filter(case=visit.case).exists()


@pytest.mark.parametrize("role", WORKERS)
def test_setting_off_days_early_is_refused_by_both_use_cases(ahead, role, request):
    worker, visit = request.getfixturevalue(role), ahead[role]

    with pytest.raises(InvalidInput, match="not today: “On my way” is for today's visits"):
        visit_day.set_off_to_visit(visit, actor=worker, eta_minutes=20)
    with pytest.raises(InvalidInput, match="not today: “On my way” is for today's visits"):
        field_visits.set_visit_status(visit, actor=worker, status=VisitStatus.ON_THE_WAY)

    _unchanged(visit)


@pytest.mark.parametrize("role", WORKERS)
def test_running_late_days_early_is_refused(ahead, role, request):
    worker, visit = request.getfixturevalue(role), ahead[role]

    with pytest.raises(InvalidInput, match="not today: “Running late” is for today's visits"):
        visit_day.report_running_late(visit, actor=worker, minutes=30)

    _unchanged(visit)


@pytest.mark.parametrize("role", EVERYONE_WHO_RECORDS)
def test_an_outcome_before_the_visits_day_needs_it_confirmed_as_done_early(ahead, role,
                                                                           request):  # fmt: skip
    user = request.getfixturevalue(role)
    visit = ahead["subcontractor" if role == "subcontractor" else "technician"]

    with pytest.raises(OutcomeBeforeItsDay, match="not today: record its outcome once"):
        visits.record_visit_outcome(visit, actor=user, outcome=Outcome.FIXED)
    _unchanged(visit)
    done = visits.record_visit_outcome(visit, actor=user, outcome=Outcome.FIXED, early=True)

    assert (done.status, done.outcome) == (VisitStatus.DONE, Outcome.FIXED)


def test_on_its_day_the_outcome_needs_no_confirmation(desk):
    today = make_visit(desk.case, technician=desk.tom, skill=desk.boilers,
                       starts_at=timezone.now() + timedelta(hours=3))  # fmt: skip

    done = visits.record_visit_outcome(today, actor=desk.tom, outcome=Outcome.FIXED,
                                       now=today.ends_at + timedelta(hours=1))  # fmt: skip

    assert done.outcome == Outcome.FIXED


def test_the_visit_page_shows_no_day_buttons_and_asks_to_confirm_done_early(ahead, client,
                                                                            desk):  # fmt: skip
    client.force_login(desk.tom)

    page = client.get(reverse("field_visit", args=[ahead["technician"].pk])).content.decode()

    assert "On my way" not in page and "Running late" not in page
    assert "not today. Record its outcome only if you did it early." in page
    assert page.count('name="early" value="1" required') == 2  # Fixed, and Return needed


def test_todays_visit_page_asks_nothing_more(desk, client):
    # Today whatever the hour the suite runs (an hour ahead is tomorrow after 23:00).
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    today = make_visit(desk.case, technician=desk.tom, skill=desk.boilers, starts_at=noon)
    client.force_login(desk.tom)

    page = client.get(reverse("field_visit", args=[today.pk])).content.decode()

    assert 'name="early"' not in page and "did it early" not in page


@pytest.mark.parametrize("role", WORKERS)
def test_the_visit_page_refuses_on_the_way_and_an_unconfirmed_outcome(ahead, role, request,
                                                                      client):  # fmt: skip
    worker, visit = request.getfixturevalue(role), ahead[role]
    client.force_login(worker)

    on_the_way = client.post(reverse("field_visit_status", args=[visit.pk]),
                             {"status": "on_the_way"}, follow=True)  # fmt: skip
    late = client.post(reverse("field_visit_late", args=[visit.pk]), {"minutes": "30"},
                       follow=True)  # fmt: skip
    fixed = client.post(reverse("field_visit_outcome", args=[visit.pk]), {"outcome": "fixed"},
                        follow=True)  # fmt: skip

    assert "not today: “On my way” is for today" in on_the_way.content.decode()
    assert "not today: “Running late” is for today" in late.content.decode()
    assert "If you did it early, confirm that" in fixed.content.decode()
    _unchanged(visit)
    confirmed = client.post(reverse("field_visit_outcome", args=[visit.pk]),
                            {"outcome": "fixed", "early": "1"}, follow=True)  # fmt: skip
    assert "Well done: fixed." in confirmed.content.decode()
    visit.refresh_from_db()
    assert visit.outcome == Outcome.FIXED


def test_the_customer_is_not_told_anyone_is_on_the_way_days_early(ahead, client, desk):
    client.force_login(desk.tom)
    client.post(reverse("field_visit_status", args=[ahead["technician"].pk]),
                {"status": "on_the_way"})  # fmt: skip
    client.logout()

    page = client.get(status_path(desk.case)).content.decode()

    assert "on the way" not in page.lower()


@pytest.mark.parametrize("role", WORKERS)
def test_the_api_refuses_the_same(ahead, role, request, api_as):
    worker, visit = request.getfixturevalue(role), ahead[role]
    api = api_as(worker)

    status = send(api, "post", f"/api/visits/{visit.pk}/status", {"status": "on_the_way"})
    on_my_way = send(api, "post", f"/api/visits/{visit.pk}/on-my-way", {"eta_minutes": 20})
    late = send(api, "post", f"/api/visits/{visit.pk}/running-late", {"minutes": 30})
    fixed = send(api, "post", f"/api/visits/{visit.pk}/outcome", {"outcome": "fixed"})

    assert [r.status_code for r in (status, on_my_way, late, fixed)] == [400, 400, 400, 400]
    assert "not today" in status.json()["detail"] and "not today" in late.json()["detail"]
    assert fixed.json()["code"] == "before_its_day"
    _unchanged(visit)
    early = send(api, "post", f"/api/visits/{visit.pk}/outcome",
                 {"outcome": "fixed", "early": True})  # fmt: skip
    assert early.status_code == 200 and early.json()["outcome"] == "fixed"


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_the_office_confirms_an_early_outcome_through_the_api_too(ahead, role, request, api_as):
    api = api_as(request.getfixturevalue(role))
    visit = ahead["technician"]

    refused = send(api, "post", f"/api/visits/{visit.pk}/outcome", {"outcome": "fixed"})
    early = send(api, "post", f"/api/visits/{visit.pk}/outcome",
                 {"outcome": "fixed", "early": True})  # fmt: skip

    assert refused.status_code == 400 and refused.json()["code"] == "before_its_day"
    assert early.status_code == 200

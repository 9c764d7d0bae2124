"""Refusals of field service and the desk reach people in German (issue #21 item 5).

For a business whose language is German, a visit booking refused on the case page shows
the German reason, a technician's "On my way" on the wrong day is refused in German on
their visit page, and the same kind of refusal through the API answers German (booking,
an unknown part, an unknown bulk action). A German customer picking a time that has just
been taken, or moving a visit too late, is told in German on their status page. The tests
run in English, so each also checks that the English did not stay.
"""

import html
import re
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.profile import update_business_profile
from rightthere.accounts.tokens import create_api_token
from rightthere.desk import visit_choice, visits
from rightthere.field.models import FieldSettings, Skill, TechnicianProfile, Visit, WorkingHours
from rightthere.portal.links import status_path
from tests.factories import ContactFactory, CustomerFactory, make_case
from tests.field.conftest import make_visit, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_business(owner):
    update_business_profile(owner, language="de")


@pytest.fixture
def desk(technician):
    """Tom fixes boilers every day 08:00-17:00; Ada Byron's boiler leaks."""
    boilers = Skill.objects.create(name="Boilers")
    profile = TechnicianProfile.objects.create(user=technician)
    profile.skills.set([boilers])
    for day in range(7):
        WorkingHours.objects.create(technician=profile, weekday=day, starts=time(8), ends=time(17))
    contact = ContactFactory(customer=CustomerFactory(name="Ada Byron", address="1 Mill Lane"),
                             name="Ada Byron", email="ada@example.com")  # fmt: skip
    case = make_case(subject="Boiler leaks", contact=contact, assignee=technician)
    return SimpleNamespace(case=case, tom=technician, boilers=boilers)


def api_as(user) -> Client:
    _, key = create_api_token(user, "tests")
    return Client(headers={"authorization": f"Bearer {key}"})


def text_of(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


# -- staff: the case page, the visit page, the API ----------------------------------------


def test_a_booking_outside_working_hours_is_refused_in_german_on_the_case_page(
    desk, client, agent, german_business
):
    client.force_login(agent)
    day = timezone.localdate() + timedelta(days=3)

    response = client.post(reverse("field_book_visit", args=[desk.case.pk]),
                           {"doer": f"technician:{desk.tom.pk}",
                            "starts_at": f"{day.isoformat()}T22:00"}, follow=True)  # fmt: skip

    page = text_of(response)
    assert f"{desk.tom.display_name} arbeitet zu dieser Zeit nicht." in page
    assert "does not work then" not in page
    assert not Visit.objects.filter(case=desk.case).exists()


def test_on_my_way_on_the_wrong_day_is_refused_in_german(desk, client, german_business):
    visit = make_visit(desk.case, technician=desk.tom, starts_at=timezone.now() + timedelta(days=2))
    client.force_login(desk.tom)

    response = client.post(reverse("field_visit_on_my_way", args=[visit.pk]),
                           {"eta_minutes": "20"}, follow=True)  # fmt: skip

    page = text_of(response)
    assert "nicht heute: „Bin unterwegs“ gilt nur für heutige Einsätze." in page
    assert "not today" not in page
    visit.refresh_from_db()
    assert visit.status == "confirmed"


def test_a_booking_in_the_past_is_refused_in_german_through_the_api(desk, agent, german_business):
    response = send(api_as(agent), "post", f"/api/cases/{desk.case.pk}/visits",
                    {"starts_at": "2001-01-01T10:00:00Z", "technician_id": desk.tom.pk})  # fmt: skip

    assert response.status_code == 400
    assert response.json()["detail"] == "Ein Termin kann nur für die Zukunft gebucht werden."


def test_an_unknown_part_and_an_unknown_bulk_action_answer_german_through_the_api(
    desk, agent, german_business
):
    visit = make_visit(desk.case, technician=desk.tom)
    office = api_as(agent)

    unknown_part = send(office, "post", f"/api/visits/{visit.pk}/return-proposals",
                        {"part_id": 999999})  # fmt: skip
    unknown_action = send(office, "post", "/api/cases/bulk",
                          {"case_ids": [desk.case.pk], "action": "paint", "value": "red"})  # fmt: skip

    assert unknown_part.status_code == 400
    assert unknown_part.json()["detail"] == "Es gibt kein Teil mit der ID 999999."
    assert unknown_action.status_code == 400
    assert unknown_action.json()["detail"].startswith("Unbekannte Sammelaktion „paint“.")


def test_the_same_refusal_stays_english_for_an_english_business(desk, agent):
    response = send(api_as(agent), "post", f"/api/cases/{desk.case.pk}/visits",
                    {"starts_at": "2001-01-01T10:00:00Z", "technician_id": desk.tom.pk})  # fmt: skip

    assert response.json()["detail"] == "A visit must be booked in the future."


# -- the German customer on their status page ----------------------------------------------


@pytest.fixture
def offered_to_german_customer(desk, agent):
    customer = desk.case.customer
    customer.language = "de"
    customer.save(update_fields=["language"])
    visit_choice.offer_visit_slots(desk.case, actor=agent, skill=desk.boilers, duration_minutes=60)
    return desk


def _offered(client, case) -> list[tuple[str, str]]:
    page = client.get(status_path(case)).content.decode()
    return re.findall(
        r'name="doer" value="([a-z]+:\d+)">\s*(?:<input[^>]*>\s*)?'
        r'<input type="hidden" name="starts_at" value="([^"]+)">',
        page,
    )


def _choose(client, case, doer, starts_at, moving=False):
    token = status_path(case).strip("/").split("/")[-1]
    data = {"doer": doer, "starts_at": starts_at, **({"moving": "1"} if moving else {})}
    return client.post(reverse("status_choose_visit", args=[token]), data)


def test_a_german_customer_picking_a_time_just_taken_is_told_in_german(
    offered_to_german_customer, client, agent
):
    desk = offered_to_german_customer
    doer, starts_at = _offered(client, desk.case)[0]
    visits.book_visit(make_case(subject="Heizkörper kalt"), actor=agent,
                      starts_at=timezone.datetime.fromisoformat(starts_at), duration_minutes=60,
                      technician=desk.tom)  # fmt: skip

    response = _choose(client, desk.case, doer, starts_at)

    assert response.status_code == 409
    page = text_of(response)
    assert "Entschuldigung, diese Zeit wurde gerade vergeben." in page
    assert "has just been taken" not in page


def test_a_german_customer_moving_a_visit_too_late_is_told_in_german(
    offered_to_german_customer, client
):
    desk = offered_to_german_customer
    _choose(client, desk.case, *_offered(client, desk.case)[-1])
    visit = Visit.objects.get(case=desk.case)
    FieldSettings.objects.update_or_create(pk=1, defaults={"customer_cutoff_hours": 24 * 40})

    response = _choose(client, desk.case, f"technician:{desk.tom.pk}",
                       (visit.starts_at + timedelta(days=1)).isoformat(), moving=True)  # fmt: skip

    page = text_of(client.get(response.url))
    assert "Ihr Termin beginnt in weniger als 960 Stunden" in page
    assert "can no longer be moved" not in page
    assert Visit.objects.get(case=desk.case).starts_at == visit.starts_at

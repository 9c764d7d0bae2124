"""Set-up through the API refuses bad input with a clear message and changes nothing."""

import pytest

from rightthere.accounts.models import PartnerCompany, Team, User
from rightthere.cases.models import BusinessHours, Holiday
from rightthere.field.models import Part, Skill, TechnicianProfile, Vendor, WorkingHours
from tests.api.conftest import send

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(owner, api_as):
    return api_as(owner)


def refused(response, status=400):
    assert response.status_code == status, response.content
    return response.json()["detail"]


def test_a_skill_of_the_same_name_is_refused(office):
    send(office, "post", "/api/skills", {"name": "Electrical"})

    detail = refused(send(office, "post", "/api/skills", {"name": "electrical"}))

    assert detail == "There is already a skill called 'electrical'."
    assert Skill.objects.count() == 1


def test_only_a_technician_is_set_up_for_visits(office, agent):
    detail = refused(send(office, "put", f"/api/technicians/{agent.pk}", {"skill_ids": []}))

    assert detail == f"{agent.display_name} is not a technician."
    assert not TechnicianProfile.objects.exists()


def test_a_technician_with_a_skill_that_does_not_exist_is_refused(office, technician):
    detail = refused(send(office, "put", f"/api/technicians/{technician.pk}",
                          {"skill_ids": [999]}))  # fmt: skip

    assert detail == "There is no skill with id 999."
    assert not TechnicianProfile.objects.exists()


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ([{"weekday": 0, "starts": "17:00", "ends": "08:00"}],
         "A period must end after it starts (17:00-08:00)."),
        ([{"weekday": 1, "starts": "08:00", "ends": "13:00"},
          {"weekday": 1, "starts": "12:00", "ends": "17:00"}],
         "Two periods on the same day overlap."),
    ],
)  # fmt: skip
def test_working_hours_that_end_first_or_overlap_are_refused_and_the_old_ones_kept(
    office, owner, technician, periods, message
):
    send(office, "put", f"/api/technicians/{technician.pk}", {"skill_ids": []})
    week = [{"weekday": day, "starts": "08:00", "ends": "17:00"} for day in range(5)]
    send(office, "put", f"/api/technicians/{technician.pk}/working-hours", {"periods": week})

    detail = refused(send(office, "put", f"/api/technicians/{technician.pk}/working-hours",
                          {"periods": periods}))  # fmt: skip

    assert detail == message
    assert WorkingHours.objects.count() == 5


def test_hours_for_someone_not_set_up_as_a_technician_are_not_found(office, technician):
    week = [{"weekday": 0, "starts": "08:00", "ends": "17:00"}]

    response = send(office, "put", f"/api/technicians/{technician.pk}/working-hours",
                    {"periods": week})  # fmt: skip

    assert response.status_code == 404


def test_time_off_that_ends_before_it_starts_is_refused(office, technician):
    send(office, "put", f"/api/technicians/{technician.pk}", {"skill_ids": []})

    detail = refused(send(office, "post", f"/api/technicians/{technician.pk}/time-off",
                          {"starts_at": "2099-03-02T00:00:00Z",
                           "ends_at": "2099-03-01T00:00:00Z"}))  # fmt: skip

    assert detail == "Time off must end after it starts."


def test_a_percentage_fee_over_100_is_refused_and_no_partner_is_added(office):
    detail = refused(send(office, "post", "/api/partners",
                          {"name": "Spark & Sons", "fee_kind": "percent", "fee_amount": "120"}))  # fmt: skip

    assert detail == "A percentage fee cannot be over 100."
    assert not PartnerCompany.objects.exists()


def test_a_partner_whose_day_ends_before_it_starts_keeps_its_old_hours(office):
    partner = send(office, "post", "/api/partners", {"name": "Spark & Sons"}).json()

    detail = refused(send(office, "patch", f"/api/partners/{partner['id']}",
                          {"day_starts": "18:00", "day_ends": "08:00"}))  # fmt: skip

    assert detail == "A partner's day must end after it starts."
    assert send(office, "get", "/api/partners").json()[0]["day_starts"] == "08:00:00"


def test_a_part_with_an_unknown_vendor_or_a_taken_sku_is_refused(office):
    vendor = send(office, "post", "/api/vendors", {"name": "Wires Direct"}).json()
    send(office, "post", "/api/parts", {"sku": "RCD-30", "name": "RCD", "vendor_id": vendor["id"]})

    unknown = refused(send(office, "post", "/api/parts",
                           {"sku": "RCD-40", "name": "RCD", "vendor_id": 999}))  # fmt: skip
    taken = refused(send(office, "post", "/api/parts",
                         {"sku": "rcd-30", "name": "RCD", "vendor_id": vendor["id"]}))  # fmt: skip

    assert unknown == "There is no vendor with id 999."
    assert taken == "There is already a part with SKU 'rcd-30'."
    assert Part.objects.count() == 1


def test_a_negative_cost_is_refused_before_anything_is_saved(office):
    vendor = Vendor.objects.create(name="Wires Direct")

    response = send(office, "post", "/api/parts",
                    {"sku": "RCD-30", "name": "RCD", "vendor_id": vendor.pk, "cost": "-1"})  # fmt: skip

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cost"
    assert not Part.objects.exists()


def test_a_subcontractor_needs_their_company_and_a_taken_username_is_refused(office, agent):
    no_company = refused(send(office, "post", "/api/users",
                              {"username": "sid", "role": "subcontractor"}))  # fmt: skip
    taken = refused(send(office, "post", "/api/users",
                         {"username": agent.username.upper(), "role": "agent"}))  # fmt: skip

    assert no_company == "A subcontractor needs their partner company; nobody else has one."
    assert taken == f"The username {agent.username.upper()!r} is taken."
    assert not User.objects.filter(username="sid").exists()


def test_a_weak_password_is_refused_with_the_reason(office):
    detail = refused(send(office, "post", "/api/users",
                          {"username": "tina", "role": "technician", "password": "123"}))  # fmt: skip

    assert "too short" in detail
    assert not User.objects.filter(username="tina").exists()


def test_a_team_with_someone_from_a_partner_is_refused(office, subcontractor):
    detail = refused(send(office, "post", "/api/teams",
                          {"name": "Repairs", "member_ids": [subcontractor.pk]}))  # fmt: skip

    assert detail == f"{subcontractor.display_name} works for a partner, not in a team."
    assert not Team.objects.exists()


def test_overlapping_opening_hours_are_refused_and_the_old_week_kept(office):
    week = [{"weekday": d, "opens": "09:00", "closes": "17:00"} for d in range(5)]
    send(office, "put", "/api/business-hours", {"periods": week})

    detail = refused(send(office, "put", "/api/business-hours", {"periods": [
        {"weekday": 0, "opens": "09:00", "closes": "13:00"},
        {"weekday": 0, "opens": "12:00", "closes": "17:00"},
    ]}))  # fmt: skip

    assert detail == "Two opening periods on the same day overlap."
    assert BusinessHours.objects.count() == 5


def test_a_day_already_a_holiday_is_refused(office):
    send(office, "post", "/api/holidays", {"date": "2099-12-25", "name": "Christmas Day"})

    detail = refused(send(office, "post", "/api/holidays", {"date": "2099-12-25", "name": "Xmas"}))

    assert detail == "2099-12-25 is already a holiday."
    assert Holiday.objects.get().name == "Christmas Day"


def test_new_opening_hours_move_the_next_cases_due_time(office):
    from datetime import UTC, datetime

    from rightthere.cases.business_hours import compute_due_times

    send(office, "put", "/api/business-hours",
         {"periods": [{"weekday": d, "opens": "09:00", "closes": "17:00"} for d in range(5)]})  # fmt: skip

    # A Saturday: the first answer is due on Monday's opening hours.
    due = compute_due_times(datetime(2099, 1, 3, 12, tzinfo=UTC), "normal")

    assert due.first_response.weekday() == 0


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_set_up_lists_cost_the_same_queries_for_one_or_many(office):
    from tests.factories import TechnicianFactory

    def add_one(n):
        person = TechnicianFactory()
        skill = send(office, "post", "/api/skills", {"name": f"Skill {n}"}).json()
        send(office, "put", f"/api/technicians/{person.pk}", {"skill_ids": [skill["id"]]})
        send(office, "post", "/api/partners", {"name": f"Partner {n}", "skill_ids": [skill["id"]]})
        send(office, "post", "/api/teams", {"name": f"Team {n}", "member_ids": [person.pk]})

    add_one(1)
    one = [_queries(office, url) for url in ("/api/technicians", "/api/partners", "/api/teams")]
    add_one(2)
    add_one(3)
    many = [_queries(office, url) for url in ("/api/technicians", "/api/partners", "/api/teams")]

    assert many == one


def test_a_new_owner_can_use_the_admin_and_a_new_technician_cannot(office):
    send(office, "post", "/api/users", {"username": "oona", "role": "owner"})
    send(office, "post", "/api/users", {"username": "tina", "role": "technician"})

    assert User.objects.get(username="oona").is_staff
    assert User.objects.get(username="oona").is_superuser
    assert not User.objects.get(username="tina").is_staff
    assert not User.objects.get(username="tina").has_usable_password()

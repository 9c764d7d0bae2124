"""The owner sets a person's start date, leaving date and capacity in the browser (the
staff turnover and load-per-person signs read them), the same way as through the API."""

from datetime import date

import pytest
from django.urls import reverse

from rightthere.accounts.models import SettingsChange
from rightthere.insights.models import StaffRecord
from tests.desk.parity import api

pytestmark = pytest.mark.django_db


def test_owner_sets_a_technician_s_dates_and_capacity_from_the_staff_page(owner, technician,
                                                                           as_user):  # fmt: skip
    client = as_user(owner)

    listing = client.get(reverse("insights_staff")).content.decode()
    response = client.post(reverse("insights_staff_record", args=[technician.pk]),
                           {"started_on": "2025-03-01", "ended_on": "", "capacity": "12"})  # fmt: skip
    after = client.get(reverse("insights_staff")).content.decode()

    record = StaffRecord.objects.get(user=technician)
    assert f'data-edit-staff="{technician.pk}"' in listing
    assert response.status_code == 302
    assert (record.started_on, record.ended_on, record.capacity) == (date(2025, 3, 1), None, 12)
    assert "<td>1 Mar 2025</td><td>—</td><td>12</td>" in after
    assert SettingsChange.objects.filter(screen="staff_record").count() == 1


def test_the_person_s_settings_page_leads_to_their_staff_record(owner, agent, as_user):
    page = as_user(owner).get(reverse("settings_person", args=[agent.pk])).content.decode()

    assert reverse("insights_staff_record", args=[agent.pk]) in page


def test_a_leaving_date_before_the_start_is_refused_next_to_it_keeping_the_rest(owner, agent,
                                                                                 as_user):  # fmt: skip
    response = as_user(owner).post(
        reverse("insights_staff_record", args=[agent.pk]),
        {"started_on": "2025-03-01", "ended_on": "2025-02-01", "capacity": "17"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "The leaving date cannot be before the start date" in page
    assert 'value="17"' in page
    assert 'value="2025-03-01"' in page
    assert not StaffRecord.objects.exists()


def test_a_capacity_of_none_is_refused(owner, agent, as_user):
    response = as_user(owner).post(reverse("insights_staff_record", args=[agent.pk]),
                                   {"started_on": "2025-03-01", "capacity": "0"})  # fmt: skip

    assert response.status_code == 400
    assert not StaffRecord.objects.exists()


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_the_owner_changes_staff_records(role, request, agent, as_user):
    client = as_user(request.getfixturevalue(role))

    page = client.get(reverse("insights_staff_record", args=[agent.pk]))
    sent = client.post(reverse("insights_staff_record", args=[agent.pk]),
                       {"started_on": "2025-03-01", "capacity": "12"})  # fmt: skip

    assert page.status_code == 403
    assert sent.status_code == 403
    assert not StaffRecord.objects.exists()


def test_the_api_sets_the_same_record_and_lists_it(owner, technician):
    client = api(owner)

    response = client.put(f"/api/staff/{technician.pk}/record",
                          {"started_on": "2025-03-01", "ended_on": "2026-06-30", "capacity": 8},
                          content_type="application/json")  # fmt: skip
    listed = {p["user_id"]: p for p in client.get("/api/staff").json()}

    assert response.status_code == 200, response.content
    assert listed[technician.pk]["started_on"] == "2025-03-01"
    assert listed[technician.pk]["ended_on"] == "2026-06-30"
    assert listed[technician.pk]["capacity"] == 8


def test_the_api_refuses_a_leaving_date_before_the_start(owner, technician):
    response = api(owner).put(f"/api/staff/{technician.pk}/record",
                              {"started_on": "2025-03-01", "ended_on": "2025-01-01"},
                              content_type="application/json")  # fmt: skip

    assert response.status_code == 400
    assert "The leaving date cannot be before the start date" in response.content.decode()
    assert not StaffRecord.objects.exists()

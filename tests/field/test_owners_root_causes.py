"""A return's root cause comes from the owner's list (Settings → Root causes), the one
complaints use: the visit page offers it, the API takes it by id or name (and, for a
while, the old fixed values), and the migration mapped the old values onto it."""

import importlib

import pytest
from django.urls import reverse

from rightthere.field.models import Visit
from rightthere.recovery.models import RootCause, active_root_causes
from tests.api.conftest import send
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("rightthere.field.migrations.0004_visit_root_cause_owners_list")


def _options(html):
    select = html.split('name="root_cause"')[1].split("</select>")[0]
    return [o.split("</option>")[0] for o in select.split('">')[1:]]


def test_a_cause_the_owner_adds_in_settings_is_offered_on_the_visit_page(desk, owner, client):
    client.force_login(owner)
    client.post(reverse("settings_root_causes"), {"name": "Weather"})
    vendor = RootCause.objects.get(name="Vendor")
    vendor.active = False  # hidden by the owner: no longer offered
    vendor.save()
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)
    client.force_login(desk.tom)

    html = client.get(f"/visits/{visit.pk}/").content.decode()

    offered = list(active_root_causes().values_list("name", flat=True))
    assert _options(html) == offered
    assert offered[-1] == "Weather" and "Vendor" not in offered
    assert "Office / order error" not in html  # the old fixed list is gone

    weather = RootCause.objects.get(name="Weather")
    response = client.post(f"/visits/{visit.pk}/outcome/", {
        "outcome": "return_needed", "return_reason": "other", "root_cause": str(weather.pk),
        "early": "1",
    }, follow=True)  # fmt: skip

    visit.refresh_from_db()
    assert visit.root_cause == weather
    assert "Other, cause: Weather" in response.content.decode()


def test_a_hidden_cause_is_refused_and_nothing_is_recorded(desk, client):
    vendor = RootCause.objects.get(name="Vendor")
    vendor.active = False
    vendor.save()
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)
    client.force_login(desk.tom)

    response = client.post(f"/visits/{visit.pk}/outcome/", {
        "outcome": "return_needed", "return_reason": "other", "root_cause": str(vendor.pk),
        "early": "1",
    }, follow=True)  # fmt: skip

    assert "Unknown root cause" in response.content.decode()
    visit.refresh_from_db()
    assert (visit.outcome, visit.root_cause) == ("", None)


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"root_cause": "Weather"}, "Weather"),
        ({"root_cause": "weather"}, "Weather"),
        ({"root_cause": "office"}, "Office or order error"),
        ({"root_cause": "technician"}, "Technician"),
        ({"root_cause": "customer"}, "Customer"),
    ],
)
def test_the_api_takes_a_cause_by_name_or_old_value_and_returns_it_by_id_and_name(
    desk, api_as, sent, expected
):
    RootCause.objects.create(name="Weather", position=20)
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)

    response = send(api_as(desk.tom), "post", f"/api/visits/{visit.pk}/outcome",
                    {"outcome": "return_needed", "return_reason": "other", "early": True,
                     **sent})  # fmt: skip

    assert response.status_code == 200, response.content
    cause = RootCause.objects.get(name=expected)
    assert response.json()["root_cause"] == {"id": cause.pk, "name": expected}
    assert Visit.objects.get(pk=visit.pk).root_cause == cause


def test_the_api_takes_a_cause_by_id_and_refuses_unknown_or_hidden_ones(desk, api_as):
    weather = RootCause.objects.create(name="Weather", position=20)
    hidden = RootCause.objects.create(name="Old supplier", position=21, active=False)
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)
    tom = api_as(desk.tom)

    def outcome(**cause):
        return send(tom, "post", f"/api/visits/{visit.pk}/outcome",
                    {"outcome": "return_needed", "return_reason": "other", "early": True,
                     **cause})  # fmt: skip

    refused = [outcome(root_cause_id=hidden.pk), outcome(root_cause="gremlins"),
               outcome(root_cause_id=weather.pk, root_cause="vendor"), outcome()]  # fmt: skip
    assert [r.status_code for r in refused] == [400] * 4, [r.content for r in refused]
    assert "Unknown root cause" in refused[1].json()["detail"]
    assert "Weather" in refused[1].json()["detail"]
    assert Visit.objects.get(pk=visit.pk).outcome == ""

    done = outcome(root_cause_id=weather.pk)
    assert done.json()["root_cause"] == {"id": weather.pk, "name": "Weather"}
    listed = send(tom, "get", f"/api/visits/{visit.pk}").json()
    assert listed["root_cause"] == {"id": weather.pk, "name": "Weather"}


def test_the_migration_maps_old_values_onto_the_owners_list():
    entries = {"office or order error": 1, "vendor": 2, "diagnosis": 3, "skill": 4,
               "customer misuse": 5}  # fmt: skip

    assert MIGRATION.counterpart("office", entries) == ("Office or order error", 1)
    assert MIGRATION.counterpart("vendor", entries) == ("Vendor", 2)
    assert MIGRATION.counterpart("diagnosis", entries) == ("Diagnosis", 3)
    # No counterpart: added (a careless job is not a missing skill, an absent customer no misuse)
    assert MIGRATION.counterpart("technician", entries) == ("Technician", None)
    assert MIGRATION.counterpart("customer", entries) == ("Customer", None)
    # Rolled back: every entry gets an old value again (nearest, or none).
    assert [MIGRATION.old_value(n) for n in ("Office or order error", "VENDOR", "Diagnosis",
                                               "Technician", "Customer", "Skill",
                                               "Customer misuse", "Communication", "Other")] == [
        "office", "vendor", "diagnosis", "technician", "customer", "technician", "customer",
        "office", "",
    ]  # fmt: skip


def test_after_the_migration_the_old_values_have_their_entries_in_the_list():
    names = set(RootCause.objects.values_list("name", flat=True))

    assert {"Office or order error", "Vendor", "Diagnosis", "Technician", "Customer"} <= names


def test_a_cause_a_visit_recorded_cannot_be_removed_only_hidden(desk, owner, client):
    cause = RootCause.objects.create(name="Weather", position=20)
    make_visit(desk.case, technician=desk.tom, outcome="return_needed", return_reason="other",
               root_cause=cause)  # fmt: skip
    client.force_login(owner)

    page = client.post(reverse("settings_root_cause_remove", args=[cause.pk]), follow=True)

    assert "hide it instead" in page.content.decode().replace("&#x27;", "'")
    assert RootCause.objects.filter(pk=cause.pk).exists()

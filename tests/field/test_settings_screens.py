"""The owner's Technicians and partners screens (/settings/technicians/, /settings/partners/):
who may open them, errors next to the field, one settings change per save, and a
technician added here is offered by the slot finder."""

from datetime import time

import pytest
from django.urls import reverse

from rightthere.accounts.models import SettingsChange, User
from rightthere.field.models import FieldSettings, PartnerProfile, Skill, TechnicianProfile
from tests.factories import ContactFactory, CustomerFactory, PartnerCompanyFactory, make_case
from tests.field.conftest import make_technician

pytestmark = pytest.mark.django_db

WEEK = {f"hours_{day}": "08:00-12:00, 12:30-16:30" for day in ("mon", "tue", "wed", "thu", "fri")}


@pytest.fixture
def boilers(db):
    return Skill.objects.create(name="Gas boilers")


@pytest.fixture
def tara(boilers):
    return make_technician("tara", [boilers])


def _pages(tara, partner):
    profile_id = tara.pk
    return [
        ("get", reverse("settings_technicians"), {}),
        ("post", reverse("settings_technicians"), {"first_name": "X", "username": "x1"}),
        ("post", reverse("settings_technicians_skill"), {"name": "Roofs"}),
        ("post", reverse("settings_technicians_load"), {"max_load_percent": "70"}),
        ("get", reverse("settings_technician", args=[profile_id]), {}),
        ("post", reverse("settings_technician", args=[profile_id]), {"active": "on"}),
        ("post", reverse("settings_technician_time_off", args=[profile_id]),
         {"starts_at": "2030-01-02T08:00", "ends_at": "2030-01-03T08:00"}),
        ("get", reverse("settings_partner_new"), {}),
        ("post", reverse("settings_partner_new"), {"name": "P"}),
        ("get", reverse("settings_partner", args=[partner.pk]), {}),
        ("post", reverse("settings_partner", args=[partner.pk]), {}),
        ("post", reverse("settings_partner_user", args=[partner.pk]), {"username": "p1"}),
    ]  # fmt: skip


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_open_or_change_the_field_settings(role, request, client, tara):
    partner = PartnerCompanyFactory(name="Spark & Sons")
    client.force_login(request.getfixturevalue(role))
    answers = {url: getattr(client, method)(url, data).status_code
               for method, url, data in _pages(tara, partner)}  # fmt: skip
    assert set(answers.values()) == {403}, answers
    assert not SettingsChange.objects.exists()


def test_a_visitor_who_is_not_logged_in_is_sent_to_log_in(client, tara):
    partner = PartnerCompanyFactory(name="Spark & Sons")
    for method, url, data in _pages(tara, partner):
        answer = getattr(client, method)(url, data)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/"), url


def test_owner_sees_technicians_with_skills_and_hours(client, owner, tara):
    client.force_login(owner)
    html = client.get(reverse("settings_technicians")).content.decode()
    assert tara.display_name in html
    assert "Gas boilers" in html
    assert "Monday 08:00-17:00" in html


def test_owner_adds_a_technician_who_the_slot_finder_then_offers(client, owner, boilers):
    client.force_login(owner)
    customer = CustomerFactory()
    case = make_case(customer=customer, contact=ContactFactory(customer=customer))

    answer = client.post(reverse("settings_technicians"), {
        "first_name": "Tess", "last_name": "Okafor", "username": "tess",
        "email": "tess@example.com", "skills": [boilers.pk], **WEEK,
    })  # fmt: skip

    tess = User.objects.get(username="tess")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("settings_technician", args=[tess.pk])
    assert tess.role == "technician"
    profile = TechnicianProfile.objects.get(user=tess)
    assert list(profile.skills.all()) == [boilers]
    assert [(p.weekday, p.starts, p.ends) for p in profile.working_hours.all()][:2] == [
        (0, time(8), time(12)), (0, time(12, 30), time(16, 30))]  # fmt: skip
    slots = client.get(reverse("field_visit_slots", args=[case.pk]),
                       {"skill": boilers.pk}).content.decode()  # fmt: skip
    assert "Tess Okafor" in slots
    assert "Suggested slots" in slots
    change = SettingsChange.objects.get()
    assert change.actor == owner
    assert change.screen == "technicians"
    assert "Tess Okafor" in change.summary and "Gas boilers" in change.summary


def test_bad_hours_are_shown_next_to_the_day_and_nothing_is_saved(client, owner, boilers):
    client.force_login(owner)
    answer = client.post(reverse("settings_technicians"), {
        "first_name": "Tess", "username": "tess", "hours_mon": "8 till 5",
        "hours_tue": "12:00-09:00",
    })  # fmt: skip
    assert answer.status_code == 422
    form = answer.context["new_form"]
    # The business hours' parser and message: the owner's own numbers, rewritten.
    assert form.errors["hours_mon"] == ["Write '8 till 5' as 08:00-17:00."]
    assert "must end after it starts (12:00-09:00)" in form.errors["hours_tue"][0]
    assert not User.objects.filter(username="tess").exists()
    assert not SettingsChange.objects.exists()
    html = answer.content.decode()
    assert html.index("as 08:00-17:00.") > html.index('name="hours_mon"')


def test_technician_hours_are_read_as_the_business_hours_are(client, owner, tara):
    """ "9-13", "09:00-13:00" and "9:30–17" (an en dash) are the same hours here as on
    Settings › Business hours; a bad day gets that screen's own message."""
    client.force_login(owner)
    answer = client.post(reverse("settings_technician", args=[tara.pk]), {
        "active": "on", "hours_mon": "9-13", "hours_tue": "09:00-13:00",
        "hours_wed": "9:30\u201317",
    })  # fmt: skip
    assert answer.status_code == 302
    hours = TechnicianProfile.objects.get(user=tara).working_hours.order_by("weekday")
    assert [(p.weekday, p.starts, p.ends) for p in hours] == [
        (0, time(9), time(13)), (1, time(9), time(13)), (2, time(9, 30), time(17)),
    ]  # fmt: skip

    answer = client.post(reverse("settings_technician", args=[tara.pk]),
                         {"active": "on", "hours_mon": "nine to one"})  # fmt: skip
    business = client.post(reverse("settings_hours"), {"action": "hours", "day0": "nine to one"})

    assert answer.status_code == 422
    [error] = answer.context["form"].errors["hours_mon"]
    assert error == "Write 'nine to one' as opening and closing time, e.g. 09:00-17:30."
    assert error in business.content.decode().replace("&#x27;", "'")
    assert TechnicianProfile.objects.get(user=tara).working_hours.count() == 3


def test_a_taken_username_is_shown_next_to_the_username(client, owner, tara):
    client.force_login(owner)
    answer = client.post(reverse("settings_technicians"),
                         {"first_name": "Tara", "username": "TARA", **WEEK})  # fmt: skip
    assert answer.status_code == 422
    assert "is taken" in answer.context["new_form"].errors["username"][0]


def test_owner_changes_hours_and_skills_and_each_save_is_recorded(client, owner, tara, boilers):
    roofs = Skill.objects.create(name="Roofs")
    client.force_login(owner)
    answer = client.post(reverse("settings_technician", args=[tara.pk]), {
        "skills": [roofs.pk], "active": "on", "hours_sat": "09:00-12:00",
    })  # fmt: skip
    assert answer.status_code == 302
    profile = TechnicianProfile.objects.get(user=tara)
    assert list(profile.skills.all()) == [roofs]
    assert [(p.weekday, p.starts) for p in profile.working_hours.all()] == [(5, time(9))]
    summaries = list(SettingsChange.objects.values_list("summary", flat=True))
    assert any("skills Roofs" in s for s in summaries)
    assert any("Sat 09:00-12:00" in s for s in summaries)
    assert set(SettingsChange.objects.values_list("actor", flat=True)) == {owner.pk}


def test_time_off_that_ends_before_it_starts_is_refused_next_to_until(client, owner, tara):
    client.force_login(owner)
    answer = client.post(reverse("settings_technician_time_off", args=[tara.pk]),
                         {"starts_at": "2030-01-03T08:00", "ends_at": "2030-01-02T08:00"})  # fmt: skip
    assert answer.status_code == 422
    assert "must end after it starts" in answer.context["time_off_form"].errors["ends_at"][0]


def test_owner_adds_and_removes_time_off(client, owner, tara):
    client.force_login(owner)
    client.post(reverse("settings_technician_time_off", args=[tara.pk]),
                {"starts_at": "2030-01-02T08:00", "ends_at": "2030-01-04T18:00",
                 "reason": "Holiday"})  # fmt: skip
    off = TechnicianProfile.objects.get(user=tara).time_off.get()
    page = client.get(reverse("settings_technician", args=[tara.pk])).content.decode()
    assert "Holiday" in page and "data-confirm" in page
    client.post(reverse("settings_technician_time_off_remove", args=[off.pk]))
    assert not TechnicianProfile.objects.get(user=tara).time_off.exists()
    summaries = list(SettingsChange.objects.values_list("summary", flat=True))
    assert any(s.startswith("Added time off for") for s in summaries)
    assert any(s.startswith("Removed time off for") for s in summaries)


def test_load_ceiling_out_of_range_is_refused_next_to_it(client, owner):
    client.force_login(owner)
    answer = client.post(reverse("settings_technicians_load"), {"max_load_percent": "150"})
    assert answer.status_code == 422
    assert answer.context["load_form"].errors["max_load_percent"]
    assert client.post(reverse("settings_technicians_load"),
                       {"max_load_percent": "70"}).status_code == 302  # fmt: skip
    assert FieldSettings.current().max_load_percent == 70
    assert "80% to 70%" in SettingsChange.objects.get().summary


def test_a_duplicate_skill_is_refused_next_to_the_name(client, owner, boilers):
    client.force_login(owner)
    answer = client.post(reverse("settings_technicians_skill"), {"name": "gas boilers"})
    assert answer.status_code == 422
    assert "already a skill" in answer.context["skill_form"].errors["name"][0]


def test_owner_adds_a_partner_with_a_fee_and_a_person(client, owner, boilers):
    client.force_login(owner)
    answer = client.post(reverse("settings_partner_new"), {
        "name": "Spark & Sons", "fee_kind": "fixed", "fee_amount": "25", "visit_price": "120",
        "crews": "2", "day_starts": "08:00", "day_ends": "17:00", "skills": [boilers.pk],
        "active": "on",
    })  # fmt: skip
    profile = PartnerProfile.objects.get(partner__name="Spark & Sons")
    assert answer["Location"] == reverse("settings_partner", args=[profile.partner_id])
    assert profile.fee() == 25 and profile.crews == 2

    client.post(reverse("settings_partner_user", args=[profile.partner_id]),
                {"first_name": "Sid", "username": "sid", "email": "sid@spark.test"})  # fmt: skip

    sid = User.objects.get(username="sid")
    assert sid.role == "subcontractor" and sid.partner_id == profile.partner_id
    summaries = list(SettingsChange.objects.values_list("summary", flat=True))
    assert any("Added the partner Spark & Sons: fee 25.00 per visit" in s for s in summaries)
    assert any("Sid" in s and "user of Spark & Sons" in s for s in summaries)


def test_a_percentage_fee_over_100_is_refused_next_to_the_fee(client, owner):
    company = PartnerCompanyFactory(name="Spark & Sons")
    client.force_login(owner)
    answer = client.post(reverse("settings_partner", args=[company.pk]), {
        "fee_kind": "percent", "fee_amount": "120", "visit_price": "100", "crews": "1",
        "day_starts": "08:00", "day_ends": "17:00",
    })  # fmt: skip
    assert answer.status_code == 422
    assert "over 100" in answer.context["form"].errors["fee_amount"][0]
    assert not SettingsChange.objects.exists()


def test_the_api_adds_a_technician_as_the_screen_does(api_as, owner, agent, boilers):
    from tests.api.conftest import send

    body = {"username": "tess", "first_name": "Tess", "skill_ids": [boilers.pk],
            "periods": [{"weekday": 0, "starts": "08:00", "ends": "12:00"}]}  # fmt: skip
    assert send(api_as(agent), "post", "/api/technicians", body).status_code == 403
    answer = send(api_as(owner), "post", "/api/technicians", body)
    assert answer.status_code == 201, answer.content
    assert answer.json()["skills"] == [{"id": boilers.pk, "name": "Gas boilers"}]
    assert "Added the technician Tess" in SettingsChange.objects.get().summary
    refused = send(api_as(owner), "put", "/api/field-settings/load-ceiling",
                   {"max_load_percent": 5})  # fmt: skip
    assert refused.status_code == 422


def test_the_owner_sets_until_when_customers_move_their_visit(client, owner, agent):
    """The screen, the API and the command set the cut-off through one use case; out of
    range is refused next to the field; each change is recorded; only owners."""
    from django.core.management import call_command

    client.force_login(owner)
    page = client.get(reverse("settings_technicians")).content.decode()
    assert 'name="customer_cutoff_hours"' in page and 'value="24"' in page
    refused = client.post(reverse("settings_technicians_cutoff"), {"customer_cutoff_hours": "999"})
    assert refused.status_code == 422
    assert refused.context["cutoff_form"].errors["customer_cutoff_hours"]
    answer = client.post(reverse("settings_technicians_cutoff"), {"customer_cutoff_hours": "48"})
    assert answer.status_code == 302
    assert FieldSettings.current().customer_cutoff_hours == 48
    assert "until 48 hours before it starts (was 24)" in SettingsChange.objects.get().summary

    client.force_login(agent)
    assert client.post(reverse("settings_technicians_cutoff"),
                       {"customer_cutoff_hours": "2"}).status_code == 403  # fmt: skip

    call_command("field_setup", "settings", "--customer-cutoff", "6", "--as", owner.username)
    assert FieldSettings.current().customer_cutoff_hours == 6
    assert SettingsChange.objects.count() == 2


def test_the_api_sets_the_customer_cutoff_as_the_screen_does(api_as, owner, agent):
    from tests.api.conftest import send

    body = {"customer_cutoff_hours": 12}
    assert (
        send(api_as(agent), "put", "/api/field-settings/customer-cutoff", body).status_code == 403
    )
    answer = send(api_as(owner), "put", "/api/field-settings/customer-cutoff", body)
    assert answer.status_code == 200 and answer.json() == {"customer_cutoff_hours": 12}
    assert FieldSettings.current().customer_cutoff_hours == 12
    refused = send(api_as(owner), "put", "/api/field-settings/customer-cutoff",
                   {"customer_cutoff_hours": -1})  # fmt: skip
    assert refused.status_code == 422

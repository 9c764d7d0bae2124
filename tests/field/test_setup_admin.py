"""The admin's Add for set-up tables goes through the same function as the API's
(core.admin_adds): the same rules, a refusal on the form, nothing saved."""

import pytest
from django.urls import reverse

from rightthere.accounts.models import PartnerCompany, Team
from rightthere.cases.models import Holiday
from rightthere.field.models import Part, Skill, Vendor

pytestmark = pytest.mark.django_db


def test_owner_adds_a_skill_in_the_admin(as_user, owner):
    response = as_user(owner).post(reverse("admin:field_skill_add"), {"name": "Electrical"})

    assert response.status_code == 302, response.content
    assert Skill.objects.get().name == "Electrical"


def test_the_admin_refuses_a_skill_the_api_would_refuse_and_says_why(as_user, owner):
    Skill.objects.create(name="Electrical")

    response = as_user(owner).post(reverse("admin:field_skill_add"), {"name": "electrical"})

    assert response.status_code == 200
    assert "There is already a skill called &#x27;electrical&#x27;." in response.text
    assert Skill.objects.count() == 1


def test_a_part_added_in_the_admin_keeps_its_details(as_user, owner):
    vendor = Vendor.objects.create(name="Wires Direct")

    response = as_user(owner).post(reverse("admin:field_part_add"), {
        "sku": "RCD-30", "name": "RCD", "vendor": vendor.pk, "cost": "24.50",
        "stock_on_hand": "3", "reorder_level": "1", "lead_time_days": "2",
    })  # fmt: skip

    assert response.status_code == 302, response.content
    part = Part.objects.get()
    assert (part.sku, str(part.cost), part.stock_on_hand) == ("RCD-30", "24.50", 3)


def test_a_team_added_in_the_admin_has_its_members(as_user, owner, agent):
    response = as_user(owner).post(reverse("admin:accounts_team_add"),
                                   {"name": "Repairs", "members": [agent.pk]})  # fmt: skip

    assert response.status_code == 302, response.content
    assert list(Team.objects.get().members.all()) == [agent]


def test_vendors_partners_and_holidays_are_added_through_their_functions(as_user, owner):
    client = as_user(owner)
    PartnerCompany.objects.create(name="Spark & Sons")

    vendor = client.post(reverse("admin:field_vendor_add"), {"name": "Wires Direct"})
    partner = client.post(reverse("admin:accounts_partnercompany_add"), {"name": "spark & sons"})
    holiday = client.post(reverse("admin:cases_holiday_add"),
                          {"date": "2099-12-25", "name": "Christmas Day"})  # fmt: skip

    assert (vendor.status_code, holiday.status_code) == (302, 302)
    assert "There is already a partner company called &#x27;spark &amp; sons&#x27;." in (
        partner.text
    )
    assert Vendor.objects.get().name == "Wires Direct"
    assert Holiday.objects.get().name == "Christmas Day"
    assert PartnerCompany.objects.count() == 1

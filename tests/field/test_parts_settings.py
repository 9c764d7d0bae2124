"""Settings → Parts and vendors (owners): the catalogue with stock and reorder levels,
adding and changing parts, adding vendors, through `field.setup` as the API does."""

from decimal import Decimal

import pytest
from django.urls import reverse

from rightthere.accounts.models import SettingsChange
from rightthere.field.models import Part, Vendor

pytestmark = pytest.mark.django_db


def _part_form(vendor, **changes):
    form = {"part-sku": "B-7", "part-name": "Boiler control board", "part-vendor": vendor.pk,
            "part-cost": "89.90", "part-stock_on_hand": "0", "part-reorder_level": "1",
            "part-lead_time_days": "4"}  # fmt: skip
    form.update(changes)
    return form


def test_the_settings_hub_links_to_parts_and_vendors(client, owner):
    client.force_login(owner)
    page = client.get(reverse("settings_technicians")).content.decode()
    assert reverse("settings_parts") in page and "Parts and vendors" in page


def test_an_empty_catalogue_says_what_to_do_first(client, owner):
    client.force_login(owner)
    page = client.get(reverse("settings_parts")).content.decode()
    assert "Add a vendor first" in page and "No vendors yet." in page


def test_the_owner_lists_parts_with_stock_and_reorder_level(client, owner, desk):
    client.force_login(owner)
    page = client.get(reverse("settings_parts")).content.decode()
    assert "Diverter valve 22mm" in page and "3 in stock, reorder at 2" in page
    assert "Pumps Direct" in page


def test_the_owner_adds_a_vendor_and_a_part(client, owner):
    client.force_login(owner)
    response = client.post(reverse("settings_parts_vendor"),
                           {"vendor-name": "Heat Supplies", "vendor-email": "orders@heat.example"})  # fmt: skip
    assert response.status_code == 302
    vendor = Vendor.objects.get(name="Heat Supplies")
    response = client.post(reverse("settings_parts"), _part_form(vendor))
    assert response.status_code == 302
    part = Part.objects.get(sku="B-7")
    assert (part.name, part.vendor, part.cost, part.reorder_level, part.lead_time_days) == (
        "Boiler control board",
        vendor,
        Decimal("89.90"),
        1,
        4,
    )
    assert part.is_low
    assert SettingsChange.objects.filter(summary__contains="Added the part B-7").exists()
    page = client.get(reverse("settings_parts")).content.decode()
    assert "Boiler control board" in page and "low stock" in page


def test_a_bad_part_says_why_and_keeps_what_was_typed(client, owner, desk):
    client.force_login(owner)
    response = client.post(
        reverse("settings_parts"), _part_form(desk.vendor, **{"part-sku": "v-22"})
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is already a part with SKU" in page and 'value="Boiler control board"' in page
    negative = client.post(
        reverse("settings_parts"), _part_form(desk.vendor, **{"part-cost": "-1"})
    )
    assert negative.status_code == 422
    assert not Part.objects.filter(name="Boiler control board").exists()
    twice = client.post(reverse("settings_parts_vendor"), {"vendor-name": "valves & co"})
    assert twice.status_code == 422 and "There is already a vendor called" in twice.content.decode()


def test_the_owner_changes_stock_and_reorder_level(client, owner, desk):
    client.force_login(owner)
    url = reverse("settings_parts_edit", args=[desk.valve.pk])
    assert "Diverter valve 22mm" in client.get(url).content.decode()
    response = client.post(url, {"name": "Diverter valve 22mm", "vendor": desk.good_vendor.pk,
                                 "cost": "50.00", "stock_on_hand": "12", "reorder_level": "4",
                                 "lead_time_days": "3"})  # fmt: skip
    assert response.status_code == 302
    desk.valve.refresh_from_db()
    assert (desk.valve.stock_on_hand, desk.valve.reorder_level, desk.valve.vendor) == (
        12,
        4,
        desk.good_vendor,
    )
    bad = client.post(url, {"name": " ", "vendor": desk.vendor.pk, "cost": "1",
                            "stock_on_hand": "1", "reorder_level": "-2", "lead_time_days": "1"})  # fmt: skip
    assert bad.status_code == 422
    desk.valve.refresh_from_db()
    assert desk.valve.reorder_level == 4


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_open_or_change_parts_and_vendors(role, request, client, desk):
    client.force_login(request.getfixturevalue(role))
    for method, url, data in [
        ("get", reverse("settings_parts"), {}),
        ("post", reverse("settings_parts"), _part_form(desk.vendor)),
        ("post", reverse("settings_parts_vendor"), {"vendor-name": "Sneaky"}),
        ("get", reverse("settings_parts_edit", args=[desk.valve.pk]), {}),
        ("post", reverse("settings_parts_edit", args=[desk.valve.pk]), {"name": "X"}),
    ]:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert not Part.objects.filter(sku="B-7").exists()
    assert not Vendor.objects.filter(name="Sneaky").exists()


def test_the_schedule_points_the_owner_from_low_stock_to_the_catalogue(client, owner, desk):
    desk.valve.stock_on_hand = 0
    desk.valve.save()
    client.force_login(owner)
    page = client.get(reverse("field_schedule")).content.decode()
    assert "0 left" in page and reverse("settings_parts") in page

"""Vendors in Settings › Parts and vendors and the API: owners change a vendor's name and
e-mail, and remove one nothing refers to (`field.setup.change_vendor`, `remove_vendor`);
a part order through the API names its vendor as the order form does."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import SettingsChange
from rightthere.core.errors import InvalidField, InvalidInput, NotAllowed
from rightthere.field import parts, setup
from rightthere.field.models import PartOrder, Vendor
from tests.api.conftest import send

pytestmark = pytest.mark.django_db


@pytest.fixture
def spare(owner):
    return setup.add_vendor(owner, name="Never Ordered From", email="old@spare.example")


# The set-up functions.


def test_the_owner_renames_a_vendor_and_changes_its_email(owner, desk):
    changed = setup.change_vendor(owner, desk.vendor, name=" Valves & Co Ltd ",
                                  email="orders@valves.example")  # fmt: skip
    desk.vendor.refresh_from_db()
    assert (desk.vendor.name, desk.vendor.email) == ("Valves & Co Ltd", "orders@valves.example")
    assert changed == desk.vendor
    change = SettingsChange.objects.get(summary__startswith="Changed the vendor Valves & Co:")
    assert "name: Valves & Co -> Valves & Co Ltd" in change.summary


def test_a_vendor_name_taken_or_empty_is_refused(owner, desk):
    with pytest.raises(InvalidField, match="There is already a vendor called 'pumps direct'"):
        setup.change_vendor(owner, desk.vendor, name="pumps direct")
    with pytest.raises(InvalidField, match="Give the vendor a name."):
        setup.change_vendor(owner, desk.vendor, name="  ")
    desk.vendor.refresh_from_db()
    assert desk.vendor.name == "Valves & Co"


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_change_or_remove_vendors(request, role, desk, spare):
    user = request.getfixturevalue(role)
    with pytest.raises(NotAllowed):
        setup.change_vendor(user, desk.vendor, name="Other")
    with pytest.raises(NotAllowed):
        setup.remove_vendor(user, spare)
    assert Vendor.objects.filter(pk=spare.pk).exists()


def test_a_vendor_nothing_uses_is_removed(owner, spare):
    setup.remove_vendor(owner, spare)
    assert not Vendor.objects.filter(pk=spare.pk).exists()
    assert SettingsChange.objects.filter(summary="Removed the vendor Never Ordered From.").exists()


def test_a_vendor_with_parts_or_orders_stays_with_the_reason(owner, agent, desk, spare):
    with pytest.raises(InvalidInput, match="supplies 1 part in the catalogue"):
        setup.remove_vendor(owner, desk.vendor)
    parts.order_part(desk.case, actor=agent, part=desk.pump, vendor=spare)
    with pytest.raises(InvalidInput, match="has 1 part order on record, so it stays"):
        setup.remove_vendor(owner, spare)
    assert Vendor.objects.count() == 3


# Settings › Parts and vendors.


def test_the_parts_page_links_each_vendor_to_its_edit_page(client, owner, desk):
    client.force_login(owner)
    page = client.get(reverse("settings_parts")).content.decode()
    assert reverse("settings_parts_vendor_edit", args=[desk.vendor.pk]) in page


def test_the_owner_edits_a_vendor_on_its_page(client, owner, desk):
    client.force_login(owner)
    url = reverse("settings_parts_vendor_edit", args=[desk.vendor.pk])
    page = client.get(url).content.decode()
    assert 'value="Valves &amp; Co"' in page and "give it another vendor first" in page
    response = client.post(url, {"name": "Valves & Co Ltd", "email": "orders@valves.example"},
                           follow=True)  # fmt: skip
    assert "Vendor “Valves &amp; Co Ltd” saved." in response.content.decode()
    desk.vendor.refresh_from_db()
    assert desk.vendor.email == "orders@valves.example"


def test_a_refused_vendor_edit_keeps_what_was_typed(client, owner, desk):
    client.force_login(owner)
    url = reverse("settings_parts_vendor_edit", args=[desk.vendor.pk])
    response = client.post(url, {"name": "Pumps Direct", "email": "new@valves.example"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "There is already a vendor called" in page and 'value="new@valves.example"' in page
    response = client.post(url, {"name": "Valves", "email": "not an address"})
    assert (
        response.status_code == 422 and "Enter a valid email address." in response.content.decode()
    )
    desk.vendor.refresh_from_db()
    assert (desk.vendor.name, desk.vendor.email) == ("Valves & Co", "")


def test_the_owner_removes_an_unused_vendor_and_is_told_why_a_used_one_stays(
    client, owner, desk, spare
):
    client.force_login(owner)
    page = client.get(reverse("settings_parts_vendor_edit", args=[spare.pk])).content.decode()
    assert "Remove vendor" in page
    response = client.post(reverse("settings_parts_vendor_remove", args=[spare.pk]), follow=True)
    assert "Vendor “Never Ordered From” removed." in response.content.decode()
    assert not Vendor.objects.filter(pk=spare.pk).exists()
    response = client.post(reverse("settings_parts_vendor_remove", args=[desk.vendor.pk]))
    assert response.status_code == 422
    assert "supplies 1 part in the catalogue" in response.content.decode()
    assert Vendor.objects.filter(pk=desk.vendor.pk).exists()


@pytest.mark.parametrize("role", ["agent", "technician"])
def test_other_roles_may_not_edit_or_remove_vendors_on_the_web(client, request, role, desk, spare):
    client.force_login(request.getfixturevalue(role))
    url = reverse("settings_parts_vendor_edit", args=[desk.vendor.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Taken over"}).status_code == 403
    assert client.post(reverse("settings_parts_vendor_remove", args=[spare.pk])).status_code == 403
    desk.vendor.refresh_from_db()
    assert desk.vendor.name == "Valves & Co" and Vendor.objects.filter(pk=spare.pk).exists()


def test_an_unknown_vendor_page_is_404(client, owner, db):
    client.force_login(owner)
    assert client.get(reverse("settings_parts_vendor_edit", args=[999])).status_code == 404


# The API.


def test_the_api_changes_and_removes_a_vendor(api_as, owner, desk, spare):
    client = api_as(owner)
    response = send(client, "put", f"/api/vendors/{desk.vendor.pk}",
                    {"name": "Valves & Co Ltd", "email": "orders@valves.example"})  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json() == {"id": desk.vendor.pk, "name": "Valves & Co Ltd",
                               "email": "orders@valves.example"}  # fmt: skip
    assert send(client, "delete", f"/api/vendors/{spare.pk}").status_code == 204
    refused = send(client, "delete", f"/api/vendors/{desk.vendor.pk}")
    assert refused.status_code == 400 and "supplies 1 part" in refused.json()["detail"]
    taken = send(client, "put", f"/api/vendors/{desk.vendor.pk}", {"name": "Pumps Direct"})
    assert taken.status_code == 400
    assert send(client, "put", "/api/vendors/999", {"name": "X"}).status_code == 404


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_the_api_lets_only_owners_change_vendors(api_as, request, role, desk, spare):
    client = api_as(request.getfixturevalue(role))
    assert send(client, "put", f"/api/vendors/{desk.vendor.pk}", {"name": "X"}).status_code == 403
    assert send(client, "delete", f"/api/vendors/{spare.pk}").status_code == 403


def test_an_api_part_order_names_its_vendor_as_the_order_form_does(api_as, agent, desk):
    client = api_as(agent)
    url = f"/api/cases/{desk.case.pk}/part-orders"
    response = send(client, "post", url, {"part_id": desk.valve.pk,
                                          "vendor_id": desk.good_vendor.pk})  # fmt: skip
    assert response.status_code == 201, response.content
    order = PartOrder.objects.get(pk=response.json()["id"])
    assert order.vendor == desk.good_vendor
    # Without one, the part's own vendor, as the form's "the part's vendor".
    response = send(client, "post", url, {"part_id": desk.valve.pk})
    assert PartOrder.objects.get(pk=response.json()["id"]).vendor == desk.vendor


def test_an_api_part_order_with_an_unknown_vendor_is_refused(api_as, agent, desk):
    response = send(api_as(agent), "post", f"/api/cases/{desk.case.pk}/part-orders",
                    {"part_id": desk.valve.pk, "vendor_id": 999})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"] == "There is no vendor with id 999."
    assert not PartOrder.objects.exists()


def test_the_cases_technician_orders_from_a_vendor_in_the_api_as_on_the_web(api_as, client, desk):
    later = timezone.now() + timedelta(days=5)
    response = send(api_as(desk.tom), "post", f"/api/cases/{desk.case.pk}/part-orders",
                    {"part_id": desk.valve.pk, "vendor_id": desk.good_vendor.pk,
                     "expected_arrival": later.isoformat()})  # fmt: skip
    assert response.status_code == 201, response.content
    client.force_login(desk.tom)
    response = client.post(reverse("field_order_part", args=[desk.case.pk]),
                           {"part": desk.valve.pk, "quantity": "1",
                            "vendor": desk.good_vendor.pk})  # fmt: skip
    assert response.status_code == 302
    assert [o.vendor for o in PartOrder.objects.all()] == [desk.good_vendor] * 2

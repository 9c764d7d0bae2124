"""Parts used on a visit: the technician records them from the visit page, the API or
`rightthere visit use-part`, all through `field.parts_used`; stock goes down, the case's
timeline says so, and a part recorded by mistake comes off again."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rightthere.cases.models import CaseEvent, EventKind
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.field import parts_used
from rightthere.field.models import PartUse, VisitStatus
from tests.api.conftest import send
from tests.factories import TechnicianFactory
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(desk):
    return make_visit(desk.case, technician=desk.tom, skill=desk.boilers)


@pytest.fixture
def ted(db):
    """Another technician: not this visit's, not on its case."""
    return TechnicianFactory(username="ted")


def _stock(part):
    part.refresh_from_db()
    return part.stock_on_hand


# The use case.


def test_a_part_used_lowers_stock_and_is_on_the_timeline(desk, visit):
    use = parts_used.record_part_used(visit, actor=desk.tom, part=desk.valve, quantity=2,
                                      note="  Old valve left with the customer ")  # fmt: skip
    assert (use.quantity, use.note, use.visit) == (2, "Old valve left with the customer", visit)
    assert _stock(desk.valve) == 1
    event = CaseEvent.objects.filter(case=desk.case, kind=EventKind.PART, field="used").get()
    assert "2 x V-22 Diverter valve 22mm (stock now 1)" in event.after
    assert list(parts_used.parts_used(visit)) == [use]


@pytest.mark.parametrize("quantity", [0, -1, 1001])
def test_a_quantity_out_of_range_is_refused_and_changes_nothing(desk, visit, quantity):
    with pytest.raises(InvalidInput, match="Use 1 to 1,000 of a part."):
        parts_used.record_part_used(visit, actor=desk.tom, part=desk.valve, quantity=quantity)
    assert _stock(desk.valve) == 3 and not PartUse.objects.exists()


def test_another_technician_may_not_record_a_part(desk, visit, ted):
    with pytest.raises(NotAllowed):
        parts_used.record_part_used(visit, actor=ted, part=desk.valve, quantity=1)
    assert not PartUse.objects.exists()


def test_the_office_records_a_part_on_a_done_visit_but_not_on_a_cancelled_one(desk, agent):
    done = make_visit(desk.case, technician=desk.tom, status=VisitStatus.DONE)
    parts_used.record_part_used(done, actor=agent, part=desk.pump, quantity=1)
    assert _stock(desk.pump) == 4
    cancelled = make_visit(desk.case, technician=desk.tom, status=VisitStatus.CANCELLED)
    with pytest.raises(InvalidInput, match="This visit is cancelled"):
        parts_used.record_part_used(cancelled, actor=agent, part=desk.pump, quantity=1)


def test_a_part_recorded_by_mistake_comes_off_and_stock_goes_back(desk, visit):
    use = parts_used.record_part_used(visit, actor=desk.tom, part=desk.valve, quantity=2)
    part = parts_used.remove_part_used(use, actor=desk.tom)
    assert part.stock_on_hand == 3 == _stock(desk.valve)
    assert not PartUse.objects.exists()
    removed = CaseEvent.objects.filter(case=desk.case, kind=EventKind.PART).order_by("pk").last()
    assert (removed.before, removed.after) == ("2 x V-22 Diverter valve 22mm",
                                               "removed (stock now 3)")  # fmt: skip


def test_another_technician_may_not_remove_a_part(desk, visit, ted):
    use = parts_used.record_part_used(visit, actor=desk.tom, part=desk.valve, quantity=1)
    with pytest.raises(NotAllowed):
        parts_used.remove_part_used(use, actor=ted)
    assert PartUse.objects.filter(pk=use.pk).exists() and _stock(desk.valve) == 2


def test_the_outcome_with_its_parts_records_them_the_same_way(desk, visit):
    from rightthere.desk.visits import record_visit_outcome

    record_visit_outcome(visit, actor=desk.tom, outcome="fixed", parts_used=[(desk.pump, 2)])
    assert [(u.part, u.quantity) for u in parts_used.parts_used(visit)] == [(desk.pump, 2)]
    assert _stock(desk.pump) == 3


# The visit page.


def test_the_technician_records_a_part_on_the_visit_page_and_sees_it(client, desk, visit):
    client.force_login(desk.tom)
    page = client.get(reverse("field_visit", args=[visit.pk])).content.decode()
    assert "Record part used" in page and "Diverter valve 22mm (V-22), 3 in stock" in page
    response = client.post(reverse("field_visit_part_used", args=[visit.pk]),
                           {"part": desk.valve.pk, "quantity": "2", "note": "<b>bent</b>"})  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith("#parts-used-h")  # back to the section
    page = client.get(reverse("field_visit", args=[visit.pk])).content.decode()
    # Said under the "Parts used" heading, where the page lands, not only at its top.
    section = page[page.index('id="parts-used-h"') :]
    assert section.index("Recorded: 2 x Diverter valve 22mm.") < section.index("partsused")
    assert page.count("Recorded: 2 x Diverter valve 22mm.") == 1
    again = client.get(reverse("field_visit", args=[visit.pk])).content.decode()
    assert "Recorded: 2 x" not in again  # said once
    assert "2 × Diverter valve 22mm" in page
    assert "&lt;b&gt;bent&lt;/b&gt;" in page and "<b>bent</b>" not in page
    assert _stock(desk.valve) == 1


@pytest.mark.parametrize(
    ("part", "quantity", "said"),
    [("valve", "0", "Use 1 to 1,000 of a part."), ("valve", "-2", "Use 1 to 1,000 of a part."),
     ("valve", "two", "Use 1 to 1,000 of a part."), ("valve", "--1", "Use 1 to 1,000 of a part."),
     ("", "1", "Choose a part from the list."),
     ("99999", "1", "Choose a part from the list.")],
)  # fmt: skip
def test_a_refused_part_is_said_on_the_form_with_what_was_typed(
    client, desk, visit, part, quantity, said
):
    client.force_login(desk.tom)
    chosen = str(desk.valve.pk) if part == "valve" else part
    response = client.post(reverse("field_visit_part_used", args=[visit.pk]),
                           {"part": chosen, "quantity": quantity, "note": "Kept the old one"})  # fmt: skip
    assert response.status_code == 422
    page = response.content.decode()
    assert said in page
    assert 'value="Kept the old one"' in page and f'value="{quantity}"' in page
    if part == "valve":
        assert f'<option value="{desk.valve.pk}" selected>' in page
    assert not PartUse.objects.exists() and _stock(desk.valve) == 3


def test_the_technician_removes_a_wrong_entry_from_the_page(client, desk, visit):
    use = parts_used.record_part_used(visit, actor=desk.tom, part=desk.valve, quantity=1)
    client.force_login(desk.tom)
    response = client.post(reverse("field_visit_part_used_remove", args=[visit.pk, use.pk]),
                           follow=True)  # fmt: skip
    page = response.content.decode()
    assert 'id="parts-used-said"' in page and "Removed: 1 x Diverter valve 22mm." in page
    assert not PartUse.objects.exists() and _stock(desk.valve) == 3


def test_another_technician_gets_404_on_the_visits_parts(client, desk, visit, ted):
    use = parts_used.record_part_used(visit, actor=desk.tom, part=desk.valve, quantity=1)
    client.force_login(ted)
    assert client.post(reverse("field_visit_part_used", args=[visit.pk]),
                       {"part": desk.valve.pk, "quantity": "1"}).status_code == 404  # fmt: skip
    assert (
        client.post(reverse("field_visit_part_used_remove", args=[visit.pk, use.pk])).status_code
        == 404
    )
    assert PartUse.objects.count() == 1


def test_a_part_used_of_another_visit_is_not_found_through_this_one(client, desk, visit, agent):
    other = make_visit(desk.case, technician=desk.tom)
    use = parts_used.record_part_used(other, actor=desk.tom, part=desk.valve, quantity=1)
    client.force_login(agent)
    response = client.post(reverse("field_visit_part_used_remove", args=[visit.pk, use.pk]))
    assert response.status_code == 404 and PartUse.objects.count() == 1


def test_the_office_records_parts_from_the_visit_page_too(client, desk, visit, agent):
    client.force_login(agent)
    response = client.post(reverse("field_visit_part_used", args=[visit.pk]),
                           {"part": desk.pump.pk, "quantity": "1"})  # fmt: skip
    assert response.status_code == 302 and _stock(desk.pump) == 4


def test_anonymous_is_sent_to_log_in(client, visit, desk):
    response = client.post(reverse("field_visit_part_used", args=[visit.pk]),
                           {"part": desk.valve.pk, "quantity": "1"})  # fmt: skip
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not PartUse.objects.exists()


# The API.


def test_the_api_records_lists_and_removes_a_part_used(api_as, desk, visit):
    client = api_as(desk.tom)
    url = f"/api/visits/{visit.pk}/parts-used"
    response = send(client, "post", url,
                    {"part_id": desk.valve.pk, "quantity": 2, "note": "Old valve kept"})  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["part"]["sku"], body["quantity"], body["note"], body["visit_id"]) == (
        "V-22", 2, "Old valve kept", visit.pk)  # fmt: skip
    assert _stock(desk.valve) == 1
    listed = send(client, "get", url).json()
    assert [u["id"] for u in listed] == [body["id"]]
    assert send(client, "delete", f"{url}/{body['id']}").status_code == 204
    assert _stock(desk.valve) == 3 and send(client, "get", url).json() == []


@pytest.mark.parametrize(
    ("body", "status"),
    [({"part_id": 99999, "quantity": 1}, 400), ({"quantity": 1}, 422),
     ({"part_id": "valve", "quantity": 0}, 422), ({"part_id": "valve", "quantity": -3}, 422),
     ({"part_id": "valve", "quantity": 1, "note": "x" * 501}, 422)],
)  # fmt: skip
def test_the_api_refuses_bad_parts_used_clearly(api_as, desk, visit, body, status):
    if body.get("part_id") == "valve":
        body = {**body, "part_id": desk.valve.pk}
    response = send(api_as(desk.tom), "post", f"/api/visits/{visit.pk}/parts-used", body)
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["detail"] == "There is no part with id 99999."
    assert not PartUse.objects.exists()


def test_the_api_answers_another_technician_404(api_as, desk, visit, ted):
    response = send(api_as(ted), "post", f"/api/visits/{visit.pk}/parts-used",
                    {"part_id": desk.valve.pk, "quantity": 1})  # fmt: skip
    assert response.status_code == 404 and not PartUse.objects.exists()


# The command.


def test_the_command_records_and_removes_a_part_used(desk, visit):
    out = StringIO()
    call_command("visit", "use-part", str(visit.pk), "--as", "tom", "--part", "v-22",
                 "--quantity", "2", "--note", "Old valve kept", stdout=out)  # fmt: skip
    use = PartUse.objects.get()
    assert (use.quantity, use.note) == (2, "Old valve kept")
    assert f"Recorded 2 x V-22 Diverter valve 22mm (id {use.pk}); 1 in stock." in out.getvalue()
    out = StringIO()
    call_command("visit", "remove-part", str(visit.pk), "--as", "tom", "--use", str(use.pk),
                 stdout=out)  # fmt: skip
    assert "Removed 2 x V-22 Diverter valve 22mm; 3 in stock." in out.getvalue()
    assert not PartUse.objects.exists()


def test_the_command_says_what_is_wrong(desk, visit, ted):
    with pytest.raises(CommandError, match="There is no part with SKU 'NOPE'"):
        call_command("visit", "use-part", str(visit.pk), "--as", "tom", "--part", "NOPE")
    with pytest.raises(CommandError, match="Use 1 to 1,000 of a part."):
        call_command("visit", "use-part", str(visit.pk), "--as", "tom", "--part", "V-22",
                     "--quantity", "0")  # fmt: skip
    with pytest.raises(CommandError, match=f"There is no visit {visit.pk} that you can see."):
        call_command("visit", "use-part", str(visit.pk), "--as", "ted", "--part", "V-22")
    with pytest.raises(CommandError, match="has no part used with id 12345"):
        call_command("visit", "remove-part", str(visit.pk), "--as", "tom", "--use", "12345")
    assert not PartUse.objects.exists()

"""Handing a case to a partner company keeps our own person on it (#17 item 3).

Before, the only way in the screens was to make a subcontractor user the assignee,
which took the case off our own person. Now the case page has a "Partner company"
field and the API a `partner_id`; both go through `desk.casework.hand_to_partner`.
"""

import json

import pytest
from django.urls import reverse

from rightthere.accounts.tokens import create_api_token
from rightthere.cases.access import access_case
from rightthere.cases.models import EventKind
from rightthere.notifications.models import Notification
from tests.factories import OwnerFactory, SubcontractorFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    owner = OwnerFactory()
    adam = UserFactory(first_name="Adam")
    sam = SubcontractorFactory(first_name="Sam")
    case = make_case(subject="Radiator leaks", assignee=adam)
    return owner, adam, sam, case


def _header_post(client, case, field, value):
    return client.post(
        reverse("case_update_field", args=[case.pk, field]),
        {"value": value, "version": case.version},
        HTTP_HX_REQUEST="true",
    )


def test_the_case_page_hands_a_case_to_a_partner_and_our_person_stays(client, scene):
    owner, adam, sam, case = scene
    client.force_login(owner)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    # The partner is offered as a company, never as an assignee in place of ours.
    assert 'id="field-partner"' in page and sam.partner.name in page
    assignee_select = page.split('id="field-assignee"')[1].split("</select>")[0]
    assert sam.display_name not in assignee_select

    answer = _header_post(client, case, "partner", str(sam.partner.pk))

    assert answer.status_code == 200
    assert "Partner company saved" in answer.content.decode()
    case.refresh_from_db()
    assert case.assignee == adam
    assert case.partner == sam.partner
    assert case.events.filter(kind=EventKind.PARTNER).count() == 1
    told = Notification.objects.get(recipient=sam)
    assert case.reference in told.text and sam.partner.name in told.text
    # Sam's company now sees the case; Adam still owns it.
    assert access_case(sam, case.pk) == case


def test_the_api_hands_a_case_to_a_partner_and_our_person_stays(client, scene):
    owner, adam, sam, case = scene
    token = create_api_token(owner, name="test")[1]
    answer = client.patch(
        f"/api/cases/{case.pk}",
        json.dumps({"partner_id": sam.partner.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["assignee"]["id"] == adam.pk
    assert answer.json()["partner"]["id"] == sam.partner.pk
    assert Notification.objects.filter(recipient=sam).count() == 1

    taken_back = client.patch(
        f"/api/cases/{case.pk}",
        json.dumps({"partner_id": None}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert taken_back.json()["partner"] is None
    case.refresh_from_db()
    assert case.assignee == adam and case.partner is None


def test_an_unknown_partner_is_refused_clearly(client, scene):
    owner, adam, sam, case = scene
    token = create_api_token(owner, name="test")[1]
    answer = client.patch(
        f"/api/cases/{case.pk}",
        json.dumps({"partner_id": 999999}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 400  # as for an unknown team or person
    assert "no partner company with id 999999" in answer.content.decode()
    client.force_login(owner)
    shown = _header_post(client, case, "partner", "999999").content.decode()
    assert "no longer exists" in shown
    case.refresh_from_db()
    assert case.partner is None


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_managers_hand_a_case_to_a_partner(client, scene, role, agent, technician):
    owner, adam, sam, case = scene
    person = {"agent": agent, "technician": technician, "subcontractor": sam}[role]
    if role == "technician":
        case.assignee = technician
        case.save(update_fields=["assignee"])
    client.force_login(person)
    answer = _header_post(client, case, "partner", str(sam.partner.pk))
    case.refresh_from_db()
    if role == "agent":
        # Agents manage cases (they assign and hand over) in this desk.
        assert answer.status_code == 200 and case.partner == sam.partner
    else:
        assert answer.status_code in (403, 404)
        assert case.partner is None

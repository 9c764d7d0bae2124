"""Every field page, every role."""

import pytest
from django.urls import reverse

from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db

ROLES = ("owner", "agent", "technician", "subcontractor")


@pytest.fixture
def pages(desk, owner):
    from tests.factories import make_case

    ours = make_visit(desk.case, technician=desk.tom)
    hidden = make_visit(make_case(subject="Not yours"), technician=None, partner=None)
    return ours, hidden


@pytest.mark.parametrize(
    ("name", "answers"),
    [
        ("field_my_day", (200, 200, 200, 200)),
        ("field_schedule", (200, 200, 403, 403)),
        ("field_quality", (200, 200, 403, 403)),
    ],
)
def test_each_role_gets_its_answer_from_the_field_pages(name, answers, pages, client, request):
    for role, answer in zip(ROLES, answers, strict=True):
        client.force_login(request.getfixturevalue(role))
        assert client.get(reverse(name)).status_code == answer, role
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_a_visit_page_shows_to_who_may_see_the_visit(pages, client, request):
    ours, hidden = pages
    answers = {"owner": (200, 200), "agent": (200, 200), "technician": (200, 404),
               "subcontractor": (404, 404)}  # fmt: skip
    for role, (mine, other) in answers.items():
        client.force_login(request.getfixturevalue(role))
        got = (client.get(reverse("field_visit", args=[ours.pk])).status_code,
               client.get(reverse("field_visit", args=[hidden.pk])).status_code)  # fmt: skip
        assert got == (mine, other), role


def test_who_may_not_see_a_visit_cannot_record_its_outcome(pages, subcontractor, client):
    ours, _ = pages
    client.force_login(subcontractor)

    response = client.post(reverse("field_visit_outcome", args=[ours.pk]), {"outcome": "fixed"})

    ours.refresh_from_db()
    assert response.status_code == 404
    assert ours.outcome == ""


def test_only_managers_reassign(pages, technician, client):
    ours, _ = pages
    client.force_login(technician)

    response = client.post(reverse("field_reassign", args=[ours.pk]), {"doer": "technician:1"})

    assert response.status_code == 403


def test_the_case_page_shows_the_visits(pages, agent, client, desk):
    client.force_login(agent)

    response = client.get(reverse("case_detail", args=[desk.case.pk]))

    assert b"Visits" in response.content


def test_the_technician_sets_off_from_the_visit_page(pages, technician, client):
    ours, _ = pages
    client.force_login(technician)

    response = client.post(reverse("field_visit_status", args=[ours.pk]), {"status": "on_the_way"})

    ours.refresh_from_db()
    assert response.status_code == 302
    assert ours.status == "on_the_way"


def test_booking_a_return_without_a_chosen_slot_says_what_to_do(pages, technician, client, desk):
    ours, _ = pages
    client.force_login(technician)

    response = client.post(reverse("field_book_return", args=[ours.pk]),
                           {"part": desk.valve.pk}, follow=True)  # fmt: skip

    assert b"Choose one of the proposed slots." in response.content
    assert not ours.returns.exists()

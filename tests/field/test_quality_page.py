"""The Quality page reads like the dashboard: numbers in labelled tables, and where a
period has nothing, what would fill it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.recovery.models import RootCause, active_root_causes
from tests.factories import make_case
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_a_quiet_period_says_what_would_fill_the_quality_page(role, request, client):
    client.force_login(request.getfixturevalue(role))

    html = client.get("/field/quality/").content.decode()

    assert "of 0 cases" in html
    assert "This fills when a technician records how a visit ended." in html
    assert "No return visits in this period." in html
    assert "No part orders in this period." in html
    assert "<table><caption>By reason</caption>" not in html


def test_returns_show_as_counts_with_their_share(owner, technician, client):
    done = timezone.now() - timedelta(days=2)
    office = active_root_causes().get(name="Office or order error")
    for reason, outcome in (("wrong_part", "return_needed"), ("", "fixed")):
        make_visit(make_case(), technician=technician, starts_at=done - timedelta(hours=1),
                   status="done", done_at=done, outcome_at=done, outcome=outcome,
                   return_reason=reason, root_cause=office if reason else None)  # fmt: skip
    client.force_login(owner)

    html = " ".join(client.get("/field/quality/").content.decode().split())

    assert '<strong id="rft">50%</strong> of 2 cases' in html
    assert "No return visits in this period." not in html
    assert (
        '<th scope="row">Wrong part</th><td class="num">1</td><td class="sharecell">'
        '<span class="share" style="width: 100%"></span>'
    ) in html
    assert '<th scope="row">Office or order error</th><td class="num">1</td>' in html


def test_returns_are_grouped_by_the_owners_root_causes_in_their_order(owner, technician, client):
    """The owner's list (Settings → Root causes): every offered cause, in its order, zero
    included; a cause hidden since still shows when it was recorded."""
    done = timezone.now() - timedelta(days=2)
    weather = RootCause.objects.create(name="Weather", position=0)
    hidden = RootCause.objects.create(name="Old supplier", position=1)
    for cause in (weather, weather, hidden):
        make_visit(make_case(), technician=technician, starts_at=done - timedelta(hours=1),
                   status="done", done_at=done, outcome_at=done, outcome="return_needed",
                   return_reason="other", root_cause=cause)  # fmt: skip
    hidden.active = False
    hidden.save()
    client.force_login(owner)

    html = " ".join(client.get("/field/quality/").content.decode().split())

    rows = html.split("<caption>By root cause</caption>")[1].split("</table>")[0]
    names = [cell.split("</th>")[0] for cell in rows.split('<th scope="row">')[1:]]
    assert names == [*active_root_causes().values_list("name", flat=True), "Old supplier"]
    assert '<th scope="row">Weather</th><td class="num">2</td>' in rows
    assert '<th scope="row">Vendor</th><td class="num">0</td>' in rows
    assert '<th scope="row">Old supplier</th><td class="num">1</td>' in rows
    assert "<li>Weather: 2</li>" in html and "<li>Old supplier: 1</li>" in html

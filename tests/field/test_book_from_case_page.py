"""Booking a visit from the case page, and the return-needed form's empty choices."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.field.models import TechnicianProfile, Visit
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


def _slots(client, case):
    return client.get(reverse("field_visit_slots", args=[case.pk]))


def _first_slot(html):
    """The hidden fields of the first suggested slot's form."""
    start = html.index('name="doer" value="') + len('name="doer" value="')
    doer = html[start : html.index('"', start)]
    start = html.index('name="starts_at" value="') + len('name="starts_at" value="')
    return doer, html[start : html.index('"', start)]


def test_the_case_page_offers_booking_to_owners_and_agents_only(desk, client, owner, agent,
                                                               technician):  # fmt: skip
    for user, sees in ((owner, True), (agent, True), (technician, False)):
        client.force_login(user)
        page = client.get(reverse("case_detail", args=[desk.case.pk]))
        assert ("Book a visit" in page.content.decode()) is sees, user.role
        assert _slots(client, desk.case).status_code == (200 if sees else 403), user.role
        post = client.post(reverse("field_book_visit", args=[desk.case.pk]), {})
        assert post.status_code == (302 if sees else 403), user.role


def test_suggestions_are_earliest_first_with_the_technician(desk, client, owner):
    client.force_login(owner)
    html = _slots(client, desk.case).content.decode()
    assert "Suggested slots" in html
    starts = [datetime.fromisoformat(part.split('"')[0])
              for part in html.split('name="starts_at" value="')[1:]]  # fmt: skip
    assert starts and starts == sorted(starts)
    assert desk.tom.display_name in html
    assert "csrfmiddlewaretoken" in html


def test_one_click_books_the_slot_and_tells_the_customer(desk, client, owner):
    client.force_login(owner)
    doer, starts_at = _first_slot(_slots(client, desk.case).content.decode())

    response = client.post(reverse("field_book_visit", args=[desk.case.pk]),
                           {"doer": doer, "starts_at": starts_at, "duration": "60",
                            "suggested": "1"}, follow=True)  # fmt: skip

    visit = Visit.objects.get(case=desk.case)
    assert visit.technician == desk.tom
    assert visit.starts_at == datetime.fromisoformat(starts_at)
    html = response.content.decode()
    assert "Visit booked for" in html
    assert timezone.localtime(visit.starts_at).strftime("%H:%M") in html
    message = desk.case.messages.order_by("-pk").first()
    assert message.attachments.filter(filename__endswith=".ics").exists()


def test_a_slot_taken_meanwhile_says_so_and_shows_fresh_suggestions(desk, client, owner):
    client.force_login(owner)
    doer, starts_at = _first_slot(_slots(client, desk.case).content.decode())
    start = datetime.fromisoformat(starts_at)
    make_visit(desk.case, technician=desk.tom, starts_at=start)  # someone else was quicker

    response = client.post(reverse("field_book_visit", args=[desk.case.pk]),
                           {"doer": doer, "starts_at": starts_at, "suggested": "1"},
                           follow=True)  # fmt: skip

    assert "That slot was taken meanwhile" in response.content.decode()
    assert Visit.objects.filter(case=desk.case).count() == 1
    fresh = _first_slot(_slots(client, desk.case).content.decode())
    assert fresh != (doer, starts_at)


def test_a_time_picked_by_hand_is_booked(desk, client, agent):
    client.force_login(agent)
    day = timezone.localdate() + timedelta(days=3)
    when = datetime.combine(day, time(10, 0))

    client.post(reverse("field_book_visit", args=[desk.case.pk]),
                {"doer": f"technician:{desk.tom.pk}", "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
                 "duration": "90"})  # fmt: skip

    visit = Visit.objects.get(case=desk.case)
    assert timezone.localtime(visit.starts_at).replace(tzinfo=None) == when
    assert visit.ends_at - visit.starts_at == timedelta(minutes=90)


def test_a_time_outside_working_hours_is_refused_clearly(desk, client, agent):
    client.force_login(agent)
    day = timezone.localdate() + timedelta(days=3)

    response = client.post(reverse("field_book_visit", args=[desk.case.pk]),
                           {"doer": f"technician:{desk.tom.pk}",
                            "starts_at": f"{day.isoformat()}T22:00"}, follow=True)  # fmt: skip

    assert "Could not book that time" in response.content.decode()
    assert "does not work then" in response.content.decode()
    assert not Visit.objects.filter(case=desk.case).exists()


def test_without_technicians_it_says_so_and_where_to_set_them_up(client, owner):
    from tests.factories import make_case

    TechnicianProfile.objects.all().delete()
    case = make_case(subject="Boiler")
    client.force_login(owner)

    html = _slots(client, case).content.decode()

    assert "No technicians are set up" in html
    # The owner is sent to the set-up screen, never to the Django admin.
    assert f'href="{reverse("settings_technicians")}"' in html
    assert "/admin/" not in html


def test_an_agent_without_technicians_is_told_who_sets_them_up(client, agent):
    from tests.factories import make_case

    TechnicianProfile.objects.all().delete()
    case = make_case(subject="Boiler")
    client.force_login(agent)

    html = _slots(client, case).content.decode()

    assert "The owner adds technicians" in html
    assert reverse("settings_technicians") not in html
    assert "/admin/" not in html


def test_after_booking_the_panel_shows_the_visit(desk, client, owner):
    visit = make_visit(desk.case, technician=desk.tom)
    client.force_login(owner)

    html = client.get(reverse("case_detail", args=[desk.case.pk])).content.decode()

    assert reverse("field_visit", args=[visit.pk]) in html
    assert desk.tom.display_name in html


def test_the_return_needed_form_starts_empty_and_requires_both_choices(desk, client, owner):
    visit = make_visit(desk.case, technician=desk.tom)
    client.force_login(owner)

    html = client.get(reverse("field_visit", args=[visit.pk])).content.decode()
    for name in ("return_reason", "root_cause"):
        select = html[html.index(f'name="{name}"') :]
        select = select[: select.index("</select>")]
        assert 'required><option value="" selected>Choose…</option>' in select
        assert select.count("selected") == 1

    response = client.post(reverse("field_visit_outcome", args=[visit.pk]),
                           {"outcome": "return_needed", "return_reason": "",
                            "root_cause": ""}, follow=True)  # fmt: skip

    visit.refresh_from_db()
    assert visit.outcome == ""
    assert "Choose why a return is needed and the root cause." in response.content.decode()


def test_htmx_gets_the_panel_part_and_a_browser_without_it_a_whole_page(desk, client, owner):
    client.force_login(owner)
    url = reverse("field_visit_slots", args=[desk.case.pk])

    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    whole = client.get(url).content.decode()

    assert "<html" not in part and "Suggested slots" in part
    assert "<html" in whole and "Suggested slots" in whole


def test_a_suggested_slot_that_has_passed_says_so(desk, client, owner):
    client.force_login(owner)
    gone = timezone.localtime() - timedelta(hours=1)

    response = client.post(reverse("field_book_visit", args=[desk.case.pk]),
                           {"doer": f"technician:{desk.tom.pk}", "starts_at": gone.isoformat(),
                            "suggested": "1"}, follow=True)  # fmt: skip

    assert "That slot has passed meanwhile" in response.content.decode()
    assert not Visit.objects.filter(case=desk.case).exists()


def test_a_time_that_is_not_a_time_is_refused_clearly(desk, client, owner):
    client.force_login(owner)

    response = client.post(reverse("field_book_visit", args=[desk.case.pk]),
                           {"doer": f"technician:{desk.tom.pk}", "starts_at": "tomorrow"},
                           follow=True)  # fmt: skip

    assert "Give the date and time" in response.content.decode()

"""After "On my way" the technician sees who was told, how and when (UX audit 2, items 9
and 22): a repeated tap sends nothing twice unless the arrival changed; My day offers the
day's controls on the next visit only, with the address a maps link and the phone a tel:
link; the visit page shows what the customer reported and each part used once."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.desk import visit_day
from rightthere.field.models import DayMessageKind, VisitDayMessage, VisitStatus
from rightthere.field.parts_used import record_part_used
from rightthere.outbox.models import OutboundMail
from tests.factories import ContactFactory, TechnicianFactory, make_case
from tests.field.conftest import make_visit
from tests.sms.conftest import provider  # noqa: F401 - the provider's API on a local port

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(eleven_today, desk):
    """Tom's visit 40 minutes from now (the clock reads 11:00 today)."""
    start = (timezone.now() + timedelta(minutes=40)).replace(second=0, microsecond=0)
    return make_visit(desk.case, technician=desk.tom, starts_at=start, skill=desk.boilers)


def _mails(case) -> int:
    return OutboundMail.objects.filter(case=case).count()


def test_a_repeated_on_my_way_tells_the_customer_once(soon, desk):
    first = visit_day.set_off_to_visit(soon, actor=desk.tom, eta_minutes=20)
    again = visit_day.set_off_to_visit(soon, actor=desk.tom, eta_minutes=20,
                                       now=timezone.now() + timedelta(minutes=2))  # fmt: skip

    assert (first.told, first.channels) == (True, ("email",))
    assert (again.told, again.channels) == (False, ())
    assert again.visit.expected_at == first.visit.expected_at
    assert _mails(desk.case) == 1
    assert VisitDayMessage.objects.filter(visit=soon, kind=DayMessageKind.ON_MY_WAY).count() == 1


def test_a_changed_arrival_is_sent_again(soon, desk):
    first = visit_day.set_off_to_visit(soon, actor=desk.tom, eta_minutes=10)
    later = visit_day.set_off_to_visit(soon, actor=desk.tom, eta_minutes=45)

    assert later.told and later.visit.status == VisitStatus.ON_THE_WAY
    assert later.visit.expected_at - first.visit.expected_at >= timedelta(minutes=34)
    assert _mails(desk.case) == 2
    arrival = timezone.localtime(later.visit.expected_at)
    last = OutboundMail.objects.filter(case=desk.case).order_by("pk").last()
    assert f"{arrival.hour}:{arrival:%M}" in last.body_text


def test_the_channels_are_those_that_went(soon, desk, provider):  # noqa: F811
    contact = desk.case.contact
    contact.phone = "+447700900123"
    contact.save(update_fields=["phone"])

    set_off = visit_day.set_off_to_visit(soon, actor=desk.tom, eta_minutes=20)

    assert set_off.channels == ("sms", "email")


def test_a_customer_with_no_address_or_mobile_is_said(eleven_today, desk, client):
    case = make_case(subject="Gate sticks", contact=ContactFactory(name="Bo Ng", email=""),
                     assignee=desk.tom)  # fmt: skip
    visit = make_visit(case, technician=desk.tom, starts_at=timezone.now() + timedelta(minutes=30))
    client.force_login(desk.tom)

    page = client.post(reverse("field_visit_on_my_way", args=[visit.pk]),
                       {"eta_minutes": "20"}, follow=True).content.decode()  # fmt: skip

    assert "Bo Ng has no e-mail address or mobile number" in page


def test_the_visit_page_says_who_was_told_and_offers_what_comes_next(soon, desk, client):
    client.force_login(desk.tom)
    url = reverse("field_visit_on_my_way", args=[soon.pk])

    page = client.post(url, {"eta_minutes": "20", "back": "visit"}, follow=True).content.decode()

    told = VisitDayMessage.objects.get(visit=soon).sent_at
    assert (
        "Safe trip: Ada Byron has been told you&#x27;ll be there in about 20 min (by e-mail)."
        in page
    )
    assert f"On the way · told {timezone.localtime(told):%H:%M}" in page
    assert 'class="onmyway-go"' not in page  # the button is gone
    assert "Running late?" in page and 'id="outcome-h"' in page

    again = client.post(url, {"eta_minutes": "20", "back": "visit"}, follow=True).content.decode()

    assert "Ada Byron already knows you&#x27;ll be there at about" in again
    assert "nothing was sent again" in again
    assert _mails(desk.case) == 1


def test_my_day_says_who_was_told(soon, desk, client):
    client.force_login(desk.tom)

    page = client.post(reverse("field_visit_on_my_way", args=[soon.pk]),
                       {"eta_minutes": "30", "back": "day"}, follow=True).content.decode()  # fmt: skip

    assert (
        "Safe trip: Ada Byron has been told you&#x27;ll be there in about 30 min (by e-mail)."
        in page
    )
    assert "On the way · told " in page
    assert page.count('class="onmyway-go"') == 0 and page.count("Running late?") == 1
    assert "There: record the outcome" in page


def test_my_day_offers_the_controls_on_the_next_visit_only(eleven_today, desk, client):
    now = timezone.now().replace(second=0, microsecond=0)
    desk.case.contact.phone = "+44 7700 900106"
    desk.case.contact.save(update_fields=["phone"])
    done = make_visit(desk.case, technician=desk.tom, starts_at=now - timedelta(hours=2),
                      status=VisitStatus.DONE)  # fmt: skip
    forgotten = make_visit(desk.case, technician=desk.tom, starts_at=now - timedelta(hours=3))
    following = make_visit(desk.case, technician=desk.tom, starts_at=now + timedelta(minutes=30))
    following.address = "18 Brook Avenue, Millbrook"
    following.save(update_fields=["address"])
    after = make_visit(desk.case, technician=desk.tom, starts_at=now + timedelta(hours=2))
    client.force_login(desk.tom)

    page = client.get(reverse("field_my_day")).content.decode()

    assert page.count('class="onmyway-go"') == 1 and page.count("Running late?") == 1
    assert reverse("field_visit_on_my_way", args=[following.pk]) in page
    for other in (done, forgotten, after):
        assert f'class="open" href="{reverse("field_visit", args=[other.pk])}"' in page
    assert ('href="https://www.google.com/maps/search/?api=1&amp;query='
            '18%20Brook%20Avenue%2C%20Millbrook"') in page  # fmt: skip
    assert 'href="tel:+44 7700 900106"' in page


def test_the_visit_page_shows_what_the_customer_reported_escaped_and_cut(eleven_today, desk,
                                                                          client):  # fmt: skip
    body = "<b>Water</b> under the boiler & the pressure drops. " + "It drips all day. " * 30
    case = make_case(subject="Boiler drips", body=body, contact=desk.case.contact,
                     assignee=desk.tom)  # fmt: skip
    visit = make_visit(case, technician=desk.tom, starts_at=timezone.now() + timedelta(hours=1))
    client.force_login(desk.tom)

    page = client.get(reverse("field_visit", args=[visit.pk])).content.decode()

    assert "What the customer reported" in page
    assert "&lt;b&gt;Water&lt;/b&gt; under the boiler &amp; the pressure drops." in page
    assert "<b>Water</b>" not in page
    assert "<summary>more</summary>" in page


def test_a_part_used_is_listed_once(soon, desk, client):
    record_part_used(soon, actor=desk.tom, part=desk.pump, quantity=1)
    client.force_login(desk.tom)

    page = client.get(reverse("field_visit", args=[soon.pk])).content.decode()

    text = re.sub(r"<[^>]*>", " ", page)  # what is read on the page, the tags left out
    assert text.count("1 × Circulation pump") == 1
    assert 'aria-label="Remove 1 × Circulation pump"' in page


def test_only_the_visits_own_technician_or_the_office_sets_off_from_the_page(soon, desk, client,
                                                                             agent):  # fmt: skip
    url = reverse("field_visit_on_my_way", args=[soon.pk])
    assert client.post(url, {"eta_minutes": "20"}).status_code == 302  # to the log-in page
    client.force_login(TechnicianFactory(username="stranger"))
    assert client.post(url, {"eta_minutes": "20"}).status_code == 404
    assert _mails(desk.case) == 0
    client.force_login(agent)
    page = client.post(url, {"eta_minutes": "20"}, follow=True).content.decode()
    assert "Ada Byron has been told" in page and _mails(desk.case) == 1

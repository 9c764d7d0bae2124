"""A time the customer picks themselves is agreed with them: the visit is Confirmed (on
the technician's visit page, in the calendar invite the customer gets), not Tentative
like a time the office books on its own, which waits for someone to confirm it with the
customer. A visit still waiting for a part stays tentative until the part is in."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.desk import visit_choice, visits
from rightthere.field.models import Visit, VisitStatus
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from tests.field.test_customer_choice import _choose, _offered_slots

pytestmark = pytest.mark.django_db


def _invite(case) -> str:
    mail = OutboundMail.objects.filter(case=case).latest("pk")
    return mail.message.attachments.get().file.read().decode()


def _status_on_the_technicians_page(client, visit) -> str:
    page = client.get(reverse("field_visit", args=[visit.pk])).content.decode()
    return re.search(r'<span id="visit-status">([^<]*)</span>', page)[1]


@pytest.fixture
def offered(desk, agent):
    visit_choice.offer_visit_slots(desk.case, actor=agent, skill=desk.boilers, duration_minutes=60)
    return desk


def test_a_time_the_customer_picks_is_confirmed(offered, client, as_user):
    _choose(client, offered.case, *_offered_slots(client, offered.case)[0])

    visit = Visit.objects.get(case=offered.case)
    assert visit.status == VisitStatus.CONFIRMED
    assert "STATUS:CONFIRMED" in _invite(offered.case)
    assert _status_on_the_technicians_page(as_user(offered.tom), visit) == "Confirmed"


def test_a_time_the_customer_moves_an_office_booking_to_is_confirmed(desk, agent, client):
    booked = visits.book_visit(desk.case, actor=agent, technician=desk.tom, skill=desk.boilers,
                               starts_at=timezone.localtime().replace(
                                   hour=10, minute=0, second=0, microsecond=0
                               ) + timezone.timedelta(days=3), duration_minutes=60)  # fmt: skip
    assert booked.status == VisitStatus.TENTATIVE  # the office's own time, not agreed yet
    page = client.get(status_path(desk.case) + "?move=1").content.decode()
    new = re.findall(r'name="starts_at" value="([^"]+)">\s*<input type="hidden" name="moving"',
                     page)  # fmt: skip

    _choose(client, desk.case, f"technician:{desk.tom.pk}", new[0], moving=True)

    booked.refresh_from_db()
    assert booked.starts_at.isoformat() == new[0]
    assert booked.status == VisitStatus.CONFIRMED
    assert "STATUS:CONFIRMED" in _invite(desk.case)

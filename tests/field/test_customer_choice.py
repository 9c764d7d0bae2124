"""The customer chooses, and moves, their own visit on their status page (issue #21 item 1).

Staff let the customer choose; the mail and the status page offer the slot finder's best
times; a pick books through the same use case as staff booking (promise, mail with the
calendar invite), is on the timeline as the customer's and tells the technician; a time
taken meanwhile is refused with fresh ones; moving offers new times until the owner's
cut-off."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import CaseEvent
from rightthere.core.errors import InvalidInput, NotAllowed
from rightthere.desk import visit_choice, visits
from rightthere.field import choosing
from rightthere.field.booking import ChosenSlot
from rightthere.field.models import FieldSettings, Visit, VisitOffer
from rightthere.field.part_orders import create_order
from rightthere.notifications.models import Notification
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from rightthere.promises.models import PromiseSource
from tests.factories import make_case
from tests.field.conftest import make_technician

pytestmark = pytest.mark.django_db


def _token(case) -> str:
    return status_path(case).strip("/").split("/")[-1]


def _offered_slots(client, case) -> list[tuple[str, str]]:
    """The (doer, start) of every time the status page offers, in order."""
    page = client.get(status_path(case)).content.decode()
    return re.findall(
        r'name="doer" value="([a-z]+:\d+)">\s*(?:<input[^>]*>\s*)?'
        r'<input type="hidden" name="starts_at" value="([^"]+)">',
        page,
    )


def _choose(client, case, doer, starts_at, moving=False):
    data = {"doer": doer, "starts_at": starts_at, **({"moving": "1"} if moving else {})}
    return client.post(reverse("status_choose_visit", args=[_token(case)]), data)


@pytest.fixture
def offered(desk, agent):
    visit_choice.offer_visit_slots(desk.case, actor=agent, skill=desk.boilers, duration_minutes=60)
    return desk


def test_letting_the_customer_choose_mails_them_the_best_times_and_their_page(offered):
    mail = OutboundMail.objects.filter(case=offered.case).latest("pk")
    times = re.findall(r"^- \w+day \d+ \w+, \d+:\d\d–\d+:\d\d$", mail.body_text, re.MULTILINE)

    assert 3 <= len(times) <= 5
    assert _token(offered.case) in mail.body_text
    assert CaseEvent.objects.filter(case=offered.case, field="offered").exists()


def test_the_status_page_offers_three_to_five_times_with_the_skill(offered, client):
    make_technician("eli", skills=[offered.electrics], first_name="Eli")  # no boiler skill

    slots = _offered_slots(client, offered.case)

    assert 3 <= len(slots) <= 5
    assert {doer for doer, _ in slots} == {f"technician:{offered.tom.pk}"}
    assert "Choose the time of your visit" in client.get(status_path(offered.case)).content.decode()


def test_the_customer_picks_a_time_and_it_is_booked_as_staff_book_it(offered, client):
    doer, starts_at = _offered_slots(client, offered.case)[0]

    response = _choose(client, offered.case, doer, starts_at)

    assert response.status_code == 302
    visit = Visit.objects.get(case=offered.case)
    assert (visit.technician, visit.starts_at.isoformat()) == (offered.tom, starts_at)
    assert visit.promise.source == PromiseSource.VISIT  # the same use case as staff booking
    mail = OutboundMail.objects.filter(case=offered.case).latest("pk")
    assert "Your visit is booked for" in mail.body_text
    assert [a.filename for a in mail.message.attachments.all()] == [f"visit-{visit.pk}.ics"]
    chosen = CaseEvent.objects.get(case=offered.case, field="chosen by the customer")
    assert chosen.actor is None and "Ada Byron (status page)" in chosen.after
    told = Notification.objects.get(recipient=offered.tom)
    assert "The customer chose their visit" in told.text
    assert VisitOffer.objects.get(case=offered.case).visit == visit


def test_a_time_taken_meanwhile_is_refused_with_the_times_free_now(offered, client, agent):
    doer, starts_at = _offered_slots(client, offered.case)[0]
    other = make_case(subject="Radiator cold")
    visits.book_visit(other, actor=agent, starts_at=timezone.datetime.fromisoformat(starts_at),
                      duration_minutes=60, technician=offered.tom)  # fmt: skip

    response = _choose(client, offered.case, doer, starts_at)

    assert response.status_code == 409
    page = response.content.decode()
    assert "that time has just been taken" in page
    fresh = re.findall(r'name="starts_at" value="([^"]+)"', page)
    assert fresh and starts_at not in fresh
    assert not Visit.objects.filter(case=offered.case).exists()


def test_a_time_never_offered_is_refused(offered, client):
    three_am = (timezone.localtime() + timedelta(days=2)).replace(hour=3, minute=0, second=0,
                                                                  microsecond=0)  # fmt: skip

    response = _choose(client, offered.case, f"technician:{offered.tom.pk}", three_am.isoformat())

    assert response.status_code == 409
    assert not Visit.objects.filter(case=offered.case).exists()


def test_the_customer_moves_the_visit_to_a_new_time(offered, client):
    _choose(client, offered.case, *_offered_slots(client, offered.case)[-1])  # days ahead
    visit = Visit.objects.get(case=offered.case)
    page = client.get(status_path(offered.case) + "?move=1").content.decode()
    new = re.findall(
        r'name="starts_at" value="([^"]+)">\s*<input type="hidden" name="moving"', page
    )
    assert 3 <= len(new) <= 5 and visit.starts_at.isoformat() not in new

    response = _choose(client, offered.case, f"technician:{offered.tom.pk}", new[-1], moving=True)

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.starts_at.isoformat() == new[-1]
    assert CaseEvent.objects.filter(case=offered.case, field="moved by the customer").exists()
    mail = OutboundMail.objects.filter(case=offered.case).latest("pk")
    assert "As you chose, your visit on" in mail.body_text
    assert (
        "moved their visit" in Notification.objects.filter(recipient=offered.tom).latest("pk").text
    )


def test_after_the_owners_cutoff_the_visit_cannot_be_moved_on_the_page(offered, client):
    _choose(client, offered.case, *_offered_slots(client, offered.case)[-1])
    assert "Change the time" in client.get(status_path(offered.case)).content.decode()
    visit = Visit.objects.get(case=offered.case)
    FieldSettings.objects.update_or_create(pk=1, defaults={"customer_cutoff_hours": 24 * 40})
    page = client.get(status_path(offered.case)).content.decode()
    assert "Change the time" not in page

    response = _choose(client, offered.case, f"technician:{offered.tom.pk}",
                       (visit.starts_at + timedelta(days=1)).isoformat(), moving=True)  # fmt: skip

    assert response.status_code == 302
    assert "can no longer be moved here" in client.get(response.url).content.decode()
    assert Visit.objects.get(case=offered.case).starts_at == visit.starts_at


def test_the_offered_times_come_after_the_part_is_here(desk, agent):
    arrival = timezone.now() + timedelta(days=4)
    create_order(desk.case, actor=agent, part=desk.valve, quantity=1, expected_arrival=arrival,
                 now=timezone.now())  # fmt: skip
    offer = visit_choice.offer_visit_slots(desk.case, actor=agent, skill=desk.boilers)

    slots = choosing.slots_for_offer(offer, now=timezone.now()).slots

    ready = arrival + timedelta(hours=FieldSettings.current().handling_buffer_hours)
    assert slots and all(s.starts_at >= ready for s in slots)


def test_the_load_ceiling_holds_for_the_customers_times(desk, agent):
    FieldSettings.objects.update_or_create(
        pk=1, defaults={"max_load_percent": 15}
    )  # 1 h of a 9 h day is 11 %
    offer = visit_choice.offer_visit_slots(desk.case, actor=agent, skill=desk.boilers)
    first = choosing.slots_for_offer(offer, now=timezone.now()).slots[0]
    visit_choice.choose_visit_slot(
        desk.case, slot=ChosenSlot(first.kind, first.id, first.starts_at), who="Ada"
    )
    other = make_case(subject="Second boiler")
    second = visit_choice.offer_visit_slots(other, actor=agent, skill=desk.boilers)

    slots = choosing.slots_for_offer(second, now=timezone.now()).slots

    toms_days = {timezone.localdate(s.starts_at) for s in slots if s.kind == "technician"}
    assert toms_days and timezone.localdate(first.starts_at) not in toms_days


def test_only_owners_and_agents_let_the_customer_choose(desk):
    with pytest.raises(NotAllowed):
        visit_choice.offer_visit_slots(desk.case, actor=desk.tom, skill=desk.boilers)


def test_a_case_with_a_visit_to_come_is_not_offered_another(offered, client, agent):
    _choose(client, offered.case, *_offered_slots(client, offered.case)[0])

    with pytest.raises(InvalidInput, match="has a visit to come already"):
        visit_choice.offer_visit_slots(offered.case, actor=agent, skill=offered.boilers)

"""The customer is offered each free time once, whoever does it (user audit, item 1).

Tom, Theo and Tara all work the same hours with the skill: the mail, the status page and
the API offer each time once, without anyone's name. The customer picks a time and the
booking takes whoever is free then: the technician offered with it, or another one free
then when he was booked meanwhile; a time nobody is free at any more is still "just
taken"."""

import re
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.desk import visit_choice, visits
from rightthere.field.models import Visit
from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from tests.factories import make_case
from tests.field.conftest import make_technician

pytestmark = pytest.mark.django_db


def _token(case) -> str:
    return status_path(case).strip("/").split("/")[-1]


def _offered(client, case) -> list[tuple[str, str]]:
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
def three(desk):
    """Theo and Tara work Tom's hours (every day, 8 to 17) with the boiler skill."""
    for name in ("theo", "tara"):
        make_technician(name, [desk.boilers], days=range(7), first_name=name.title())
    desk.tom.first_name = "Tom"
    desk.tom.save(update_fields=["first_name"])
    return desk


@pytest.fixture
def offered(three, agent):
    visit_choice.offer_visit_slots(three.case, actor=agent, skill=three.boilers)
    return three


def test_the_mail_lists_each_free_time_once(offered):
    body = OutboundMail.objects.filter(case=offered.case).latest("pk").body_text
    times = re.findall(r"^- \w+day \d+ \w+, \d+:\d\d–\d+:\d\d$", body, re.MULTILINE)

    assert 3 <= len(times) <= 5
    assert len(set(times)) == len(times)
    assert not {"Tom", "Theo", "Tara"} & set(re.findall(r"\w+", body))


def test_the_status_page_offers_each_time_once_with_no_name(offered, client):
    offered_times = [starts_at for _, starts_at in _offered(client, offered.case)]
    page = client.get(status_path(offered.case)).content.decode()
    picker = page[page.index('<ol class="slots"') : page.index("</ol>")]

    assert 3 <= len(offered_times) <= 5
    assert len(set(offered_times)) == len(offered_times)
    assert not {"Tom", "Theo", "Tara"} & set(re.findall(r"\w+", picker))


def test_the_api_offer_answers_each_time_once(three, api_as, agent, owner):
    for who in (agent, owner):
        response = api_as(who).post(f"/api/cases/{three.case.pk}/visit-offer",
                                    {"skill_id": three.boilers.pk}, content_type="application/json")  # fmt: skip

        assert response.status_code == 201, response.content
        starts = [slot["starts_at"] for slot in response.json()["slots"]]
        assert 3 <= len(starts) <= 5 and len(set(starts)) == len(starts)


def test_picking_a_time_books_the_technician_offered_with_it(offered, client):
    doer, starts_at = _offered(client, offered.case)[0]

    response = _choose(client, offered.case, doer, starts_at)

    assert response.status_code == 302
    visit = Visit.objects.get(case=offered.case)
    assert (f"technician:{visit.technician_id}", visit.starts_at.isoformat()) == (doer, starts_at)


def test_a_time_whose_technician_was_booked_meanwhile_goes_to_another_free_then(
    offered, client, agent
):
    doer, starts_at = _offered(client, offered.case)[0]
    offered_with = User.objects.get(pk=int(doer.split(":")[1]))
    visits.book_visit(make_case(subject="Radiator cold"), actor=agent,
                      starts_at=datetime.fromisoformat(starts_at), duration_minutes=60,
                      technician=offered_with)  # fmt: skip

    response = _choose(client, offered.case, doer, starts_at)

    assert response.status_code == 302
    visit = Visit.objects.get(case=offered.case)
    assert visit.starts_at.isoformat() == starts_at
    assert visit.technician.username in {"tom", "theo", "tara"} - {offered_with.username}
    assert "Thank you: your visit is booked for" in client.get(response.url).content.decode()


def test_a_time_nobody_is_free_at_any_more_is_just_taken(offered, client, agent):
    doer, starts_at = _offered(client, offered.case)[0]
    at = datetime.fromisoformat(starts_at)
    for technician in User.objects.filter(username__in=["tom", "theo", "tara"]):
        visits.book_visit(make_case(subject=f"Boiler of {technician.username}"), actor=agent,
                          starts_at=at, duration_minutes=60, technician=technician)  # fmt: skip

    response = _choose(client, offered.case, doer, starts_at)

    assert response.status_code == 409
    page = response.content.decode()
    assert "that time has just been taken" in page
    fresh = re.findall(r'name="starts_at" value="([^"]+)"', page)
    assert fresh and starts_at not in fresh and len(set(fresh)) == len(fresh)
    assert not Visit.objects.filter(case=offered.case).exists()


def test_moving_offers_each_new_time_once_and_not_the_one_booked(offered, client):
    _choose(client, offered.case, *_offered(client, offered.case)[-1])  # days ahead
    visit = Visit.objects.get(case=offered.case)

    page = client.get(status_path(offered.case) + "?move=1").content.decode()
    new = re.findall(
        r'name="starts_at" value="([^"]+)">\s*<input type="hidden" name="moving"', page
    )

    assert 3 <= len(new) <= 5 and len(set(new)) == len(new)
    assert visit.starts_at.isoformat() not in new
    response = _choose(client, offered.case, f"technician:{visit.technician_id}", new[0],
                       moving=True)  # fmt: skip
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.starts_at.isoformat() == new[0]
    assert timezone.is_aware(visit.starts_at)

"""The technician's calendar feed: what it carries, its secret address, new links, doors."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from rightthere.cases.actions import hand_to_partner
from rightthere.field import feeds
from rightthere.field.models import CalendarFeed
from tests.api.conftest import api_as  # noqa: F401 - the API client fixture
from tests.factories import ContactFactory, CustomerFactory, TechnicianFactory, make_case
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


def soon(days, hour=10):
    return timezone.now().replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(
        days=days
    )


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def feed_url(user):
    return feeds.feed_path(feeds.feed_of(user))


@pytest.fixture
def visits(desk):
    other = TechnicianFactory(username="tina")
    grace = ContactFactory(customer=CustomerFactory(name="Grace Hopper"), name="Grace Hopper",
                           phone="01632 960123")  # fmt: skip
    return {
        "coming": make_visit(desk.case, technician=desk.tom, starts_at=soon(2)),
        "cancelled": make_visit(make_case(subject="Tap drips", contact=grace),
                                technician=desk.tom, starts_at=soon(3), status="cancelled"),
        "long_ago": make_visit(make_case(subject="Old job"), technician=desk.tom,
                               starts_at=soon(-30)),
        "tinas": make_visit(make_case(subject="Tina's job"), technician=other, starts_at=soon(2)),
    }  # fmt: skip


def uid(visit):
    return f"visit-{visit.pk}@rightthere.invalid"


def test_the_feed_carries_the_technicians_upcoming_visits_with_what_he_needs(
    visits, desk, client, settings
):
    settings.DEFAULT_FROM_EMAIL = "desk@rightthere.invalid"
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BUSINESS_NAME": "Brightside Home Repairs"}
    coming = visits["coming"]

    response = client.get(feed_url(desk.tom))

    calendar = Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Brightside Home Repairs: my visits"
    assert "METHOD" not in calendar  # a subscription, not an invitation
    event = events(response)[uid(coming)]
    assert str(event["summary"]) == f"Ada Byron · {desk.case.reference}"
    assert str(event["location"]) == "1 Mill Lane"
    assert event["status"] == "CONFIRMED"
    assert event.decoded("dtstart") == coming.starts_at
    visit_page = f"{settings.RIGHTTHERE['BASE_URL']}{reverse('field_visit', args=[coming.pk])}"
    assert str(event["url"]) == visit_page
    description = str(event["description"])
    assert "Boiler leaks" in description
    assert f"Case {desk.case.reference}" in description
    assert "Customer: Ada Byron" in description
    assert visit_page in description


def test_a_cancelled_visit_stays_in_the_feed_as_cancelled(visits, desk, client, settings):
    settings.DEFAULT_FROM_EMAIL = "desk@rightthere.invalid"

    event = events(client.get(feed_url(desk.tom)))[uid(visits["cancelled"])]

    assert event["status"] == "CANCELLED"
    assert "Contact: Grace Hopper · 01632 960123" in str(event["description"])


def test_the_feed_has_only_his_own_recent_and_coming_visits(visits, desk, client, settings):
    settings.DEFAULT_FROM_EMAIL = "desk@rightthere.invalid"

    found = events(client.get(feed_url(desk.tom)))

    assert set(found) == {uid(visits["coming"]), uid(visits["cancelled"])}


def test_a_subcontractors_feed_has_his_companys_visits(desk, client):
    case = make_case(subject="Partner job")
    hand_to_partner(case, actor=None, partner=desk.partner)
    theirs = make_visit(case, partner=desk.partner, starts_at=soon(1))
    make_visit(desk.case, technician=desk.tom, starts_at=soon(1, 14))

    found = events(client.get(feed_url(desk.partner_user)))

    assert [str(e["summary"]) for e in found.values()] == [
        f"{case.customer.name} · {case.reference}"
    ]
    assert str(next(iter(found.values()))["url"]).endswith(f"/visits/{theirs.pk}/")


def test_the_feed_needs_no_login_and_records_when_it_was_read(desk, client):
    url = feed_url(desk.tom)

    response = client.get(url)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert CalendarFeed.objects.get(user=desk.tom).last_fetched_at is not None


@pytest.mark.parametrize(
    "secret", ["wrong", "x" * 64, "y" * 65, "", "%20"], ids=["wrong", "64", "65", "empty", "space"]
)
def test_a_wrong_secret_is_not_found(desk, client, secret):
    feeds.feed_of(desk.tom)

    assert client.get(f"/calendar/{secret}.ics").status_code == 404


def test_a_new_link_stops_the_old_one(desk, client):
    old = feed_url(desk.tom)

    feeds.rotate_feed(desk.tom)
    new = feed_url(desk.tom)

    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_user_who_left_or_stopped_going_out_loses_the_feed(desk, client):
    tom_url, sam_url = feed_url(desk.tom), feed_url(desk.partner_user)
    desk.tom.is_active = False
    desk.tom.save()
    desk.partner_user.role = "agent"
    desk.partner_user.save()

    assert client.get(tom_url).status_code == 404
    assert client.get(sam_url).status_code == 404


def test_owners_and_agents_have_no_feed(owner, agent):
    for user in (owner, agent):
        with pytest.raises(feeds.NotAllowed):
            feeds.feed_of(user)
    assert not CalendarFeed.objects.exists()


# --- The doors: My day, the API, the command ------------------------------------------


def test_my_day_shows_the_link_to_subscribe(desk, as_user, settings):
    """The link starts with BASE_URL, as the links in mail do, whatever address the
    page was opened at."""
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "https://desk.example.com/"}
    response = as_user(desk.tom).get(reverse("field_my_day"))

    page = response.content.decode()
    assert "Subscribe in your phone's calendar" in page
    url = feed_url(desk.tom)
    assert f'value="https://desk.example.com{url}"' in page
    assert f'href="webcal://desk.example.com{url}"' in page


def test_new_link_on_my_day_replaces_the_old_one(desk, as_user, client):
    old = feed_url(desk.tom)

    response = as_user(desk.tom).post(reverse("field_new_feed_link"), follow=True)

    assert "the old one no longer works" in response.content.decode()
    assert feed_url(desk.tom) != old
    client.logout()
    assert client.get(old).status_code == 404


@pytest.mark.parametrize(("role", "answer"), [("owner", 403), ("agent", 403),
                                              ("technician", 302), ("subcontractor", 302)])  # fmt: skip
def test_who_may_make_a_new_link_on_the_page(role, answer, desk, request, client):
    client.force_login(request.getfixturevalue(role))

    assert client.post(reverse("field_new_feed_link")).status_code == answer


def test_a_new_link_needs_a_login_and_a_post(desk, client):
    response = client.post(reverse("field_new_feed_link"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(desk.tom)
    assert client.get(reverse("field_new_feed_link")).status_code == 405


def test_the_api_shows_the_same_link_each_time_and_post_makes_a_new_one(desk, api_as, settings):  # noqa: F811
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "http://desk.example.com"}
    client = api_as(desk.tom)

    first = client.get("/api/me/calendar-feed").json()
    again = client.get("/api/me/calendar-feed").json()
    rotated = client.post("/api/me/calendar-feed").json()

    assert first == again
    assert rotated["url"] != first["url"]
    assert rotated["url"] == f"http://desk.example.com{feed_url(desk.tom)}"
    assert rotated["webcal_url"] == f"webcal://desk.example.com{feed_url(desk.tom)}"
    assert client.get(first["url"].removeprefix("http://desk.example.com")).status_code == 404


def test_the_api_refuses_owners_a_feed(owner, api_as):  # noqa: F811
    response = api_as(owner).get("/api/me/calendar-feed")

    assert response.status_code == 403
    assert "Only technicians and subcontractors" in response.json()["detail"]


def test_the_command_prints_the_address_and_makes_a_new_one(desk, capsys, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "https://desk.example.com/"}

    call_command("calendar_feed", "--user", "tom")
    shown = capsys.readouterr().out.strip()
    call_command("calendar_feed", "--user", "tom", "--rotate")
    rotated = capsys.readouterr().out

    assert shown.startswith("https://desk.example.com/calendar/")
    assert "the old one no longer works" in rotated
    assert rotated.strip().endswith(f"https://desk.example.com{feed_url(desk.tom)}")
    assert feed_url(desk.tom) not in shown


@pytest.mark.parametrize(("username", "message"), [("nobody", "There is no user called 'nobody'"),
                                                   ("olivia", "Only technicians")])  # fmt: skip
def test_the_command_says_what_is_wrong(username, message, owner):
    with pytest.raises(CommandError, match=message):
        call_command("calendar_feed", "--user", username)


def test_a_calendar_may_ask_with_head_but_not_post(desk, client):
    url = feed_url(desk.tom)

    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405

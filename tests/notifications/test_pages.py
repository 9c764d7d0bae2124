"""The notifications pages and the bell, for every role, anonymous, and another's."""

import pytest
from django.urls import reverse

from rightthere.notifications.models import Notification, NotificationPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["owner", "agent", "technician", "subcontractor"]


@pytest.fixture(params=ROLES)
def person(request):
    return request.getfixturevalue(request.param)


def test_anonymous_visitors_are_sent_to_log_in_and_the_bell_answers_401(client):
    for name in ["notification_list", "notification_settings"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    assert client.post(reverse("notification_read_all")).status_code == 302
    assert client.get(reverse("notification_open", args=[1])).status_code == 302
    assert client.get(reverse("notification_bell")).status_code == 401


def test_each_role_sees_only_their_own_notifications_newest_first_the_unread_marked(
    person, as_user, tell
):
    older = tell(person, "Older: Mrs Cole replied")
    newer = tell(person, "Newer: Mr Jones replied")
    tell(UserFactory(), "Someone else's news")
    Notification.objects.filter(pk=older.pk).update(read_at=older.created_at)

    page = as_user(person).get(reverse("notification_list"))

    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("Newer: Mr Jones") < text.index("Older: Mrs Cole")
    assert "Someone else" not in text
    assert "1 unread" in text
    assert (
        f'href="{reverse("notification_open", args=[newer.pk])}"><span class="unread-dot"' in text
    )
    assert "Mark all read" in text


def test_the_unread_filter_shows_only_the_unread(agent, as_user, tell):
    read = tell(agent, "Seen already")
    tell(agent, "Still to see")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)

    text = as_user(agent).get(reverse("notification_list"), {"unread": "1"}).content.decode()

    assert "Still to see" in text
    assert "Seen already" not in text


def test_with_none_the_list_says_what_will_show_up_there(technician, as_user):
    text = as_user(technician).get(reverse("notification_list")).content.decode()

    assert "No notifications yet." in text
    assert "a customer replies on your case" in text
    assert "@tom" in text
    assert "Mark all read" not in text


def test_the_list_is_paged_25_at_a_time(agent, as_user, tell):
    for number in range(30):
        tell(agent, f"News number {number:02d}")
    client = as_user(agent)

    first = client.get(reverse("notification_list")).content.decode()
    second = client.get(reverse("notification_list"), {"page": 2}).content.decode()

    assert "News number 29" in first and "News number 05" in first
    assert "News number 04" not in first
    assert "News number 04" in second and "News number 00" in second
    assert "Page 2 of 2" in second


def test_opening_one_marks_it_read_and_goes_to_its_place(person, as_user, tell):
    row = tell(person)

    response = as_user(person).get(reverse("notification_open", args=[row.pk]))

    row.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == row.url
    assert row.read_at is not None


def test_another_persons_notification_is_404_and_stays_unread(agent, owner, as_user, tell):
    theirs = tell(owner)

    response = as_user(agent).get(reverse("notification_open", args=[theirs.pk]))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.read_at is None


def test_a_place_off_the_site_is_never_followed(agent, as_user, tell):
    row = tell(agent)
    Notification.objects.filter(pk=row.pk).update(url="https://evil.example/")

    response = as_user(agent).get(reverse("notification_open", args=[row.pk]))

    assert response["Location"] == reverse("notification_list")


def test_mark_all_read_marks_only_ones_own(person, owner, as_user, tell):
    mine = [tell(person), tell(person)]
    other = tell(UserFactory())

    response = as_user(person).post(reverse("notification_read_all"), follow=True)

    assert "Marked 2 as read." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_mark_all_read_is_a_post(agent, as_user):
    assert as_user(agent).get(reverse("notification_read_all")).status_code == 405


def test_the_settings_page_has_a_labelled_choice_per_kind_with_the_defaults(person, as_user):
    text = as_user(person).get(reverse("notification_settings")).content.decode()

    assert '<label for="pref-customer_replied">A customer replied on my case</label>' in text
    assert '<select id="pref-visit_moved" name="visit_moved">' in text
    assert text.count("<select") == 10
    assert '<option value="now" selected>' in text  # replies, assignments and bounces
    assert text.count(" selected>") == 10


def test_saving_the_settings_says_so_and_keeps_them(agent, as_user):
    client = as_user(agent)

    response = client.post(reverse("notification_settings"),
                           {"customer_replied": "digest", "visit_moved": "off"},
                           follow=True)  # fmt: skip

    text = response.content.decode()
    assert "Saved." in text
    assert (
        dict(NotificationPreference.objects.filter(user=agent).values_list("kind", "delivery"))[
            "customer_replied"
        ]
        == "digest"
    )
    assert '<option value="off" selected>Off</option>' in text  # visit_moved


def test_a_wrong_choice_is_refused_saving_nothing_and_keeping_what_was_chosen(agent, as_user):
    response = as_user(agent).post(reverse("notification_settings"),
                                   {"customer_replied": "pigeon", "visit_moved": "off"})  # fmt: skip

    text = response.content.decode()
    assert response.status_code == 400
    assert "“pigeon” is not a way to deliver customer_replied" in text
    assert "Nothing was saved." in text
    assert NotificationPreference.objects.filter(user=agent).count() == 0
    assert '<option value="off" selected>Off</option>' in text  # visit_moved as chosen


def test_the_bell_shows_the_unread_count_in_three_queries_without_touching_the_session(
    agent, as_user, tell, django_assert_num_queries
):
    for _ in range(3):
        tell(agent)
    Notification.objects.filter(pk=tell(agent).pk).update(
        read_at=Notification.objects.first().created_at
    )
    tell(UserFactory())
    client = as_user(agent)

    # the session with its person (accounts.sessions), one COUNT on the (recipient,
    # read_at) index
    with django_assert_num_queries(2) as queries:
        response = client.get(reverse("notification_bell"))

    text = response.content.decode()
    assert response.status_code == 200
    assert '<span class="bell-count">3</span>' in text
    assert "Notifications," in text and " unread" in text
    assert "COUNT(" in queries.captured_queries[-1]["sql"].upper()
    assert "sessionid" not in response.cookies  # the session was not saved again
    assert len(response.content) < 400


def test_the_bell_without_unread_has_no_count(technician, as_user):
    text = as_user(technician).get(reverse("notification_bell")).content.decode()

    assert "bell-count" not in text
    assert "none unread" in text


def test_every_page_has_the_bell_polling_every_30_seconds(agent, as_user):
    text = as_user(agent).get(reverse("notification_list")).content.decode()

    assert (
        f'hx-get="{reverse("notification_bell")}" hx-trigger="load, every 30s, notifications-changed from:body"'
        in text
    )


def test_a_page_of_the_list_takes_four_queries_however_many_there_are(
    agent, as_user, tell, django_assert_num_queries
):
    for number in range(40):
        tell(agent, f"News number {number}")
    client = as_user(agent)

    # the session with its person, the pager's COUNT, the page's rows, the unread COUNT
    with django_assert_num_queries(4):
        response = client.get(reverse("notification_list"), {"page": 2})

    assert response.status_code == 200

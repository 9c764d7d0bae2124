"""'Customer replied' (or 'New' when the opening message is all the customer wrote):
a customer message the assignee has not opened yet."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rightthere.desk import messages as desk_messages
from rightthere.presence.actions import mark_seen
from rightthere.presence.unread import unread_case_ids
from tests.factories import UserFactory, make_case

pytestmark = pytest.mark.django_db

MARK = "Customer replied"
NEW = 'badge-unread">New</strong>'  # unread, but the opening message is all there is
BADGE = 'class="badge badge-unread"'


def customer_writes(case, text="Any news on the repair?"):
    return desk_messages.add_customer_message(case, actor=None, body_text=text)


def seen_a_minute_ago(user, case):
    mark_seen(user, case, at=timezone.now() - timedelta(minutes=1))


def test_a_case_its_assignee_never_opened_is_unread(agent):
    case = make_case(assignee=agent)

    assert unread_case_ids([case.pk]) == {case.pk}


def test_opening_the_case_marks_it_read_until_the_customer_writes_again(agent):
    case = make_case(assignee=agent)
    mark_seen(agent, case)
    assert unread_case_ids([case.pk]) == set()

    customer_writes(case)

    assert unread_case_ids([case.pk]) == {case.pk}


def test_only_the_assignees_visit_counts_in_the_inbox(agent, owner):
    case = make_case(assignee=agent)

    mark_seen(owner, case)  # the owner looked, the assignee did not

    assert unread_case_ids([case.pk]) == {case.pk}
    assert unread_case_ids([case.pk], reader=owner) == set()


def test_an_unassigned_case_is_never_marked(agent):
    case = make_case(assignee=None)

    assert unread_case_ids([case.pk]) == set()


def test_the_assignees_own_reply_does_not_mark_the_case_unread(agent):
    case = make_case(assignee=agent)
    seen_a_minute_ago(agent, case)

    desk_messages.send_reply(case, actor=agent, body_text="The part arrives on Thursday.")
    desk_messages.add_note(case, actor=agent, body_text="Ordered from the usual vendor.")

    assert unread_case_ids([case.pk]) == set()


def test_a_call_the_assignee_typed_in_for_the_customer_is_not_unread_for_them(agent):
    case = make_case(assignee=agent)
    seen_a_minute_ago(agent, case)

    desk_messages.add_customer_message(case, actor=agent, body_text="Rang: is Thursday sure?")

    assert unread_case_ids([case.pk]) == set()


def test_answering_a_customer_without_opening_the_page_counts_as_read(agent):
    case = make_case(assignee=agent)  # never opened; the assignee answers through the API
    customer_writes(case)

    desk_messages.send_reply(case, actor=agent, body_text="Thursday morning, yes.")

    assert unread_case_ids([case.pk]) == set()


def test_another_agents_reply_does_not_mark_it_read_for_the_assignee(agent):
    case = make_case(assignee=agent)
    seen_a_minute_ago(agent, case)
    customer_writes(case)

    desk_messages.send_reply(case, actor=UserFactory(), body_text="Covering for Adam: Thursday.")

    assert unread_case_ids([case.pk]) == {case.pk}


def test_no_cases_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert unread_case_ids([]) == set()


# --- The inbox ------------------------------------------------------------------------


def inbox_row(html, subject):
    """The <tr> of the row that shows `subject`."""
    at = html.index(subject)
    return html[html.rindex("<tr", 0, at) : html.index("</tr>", at)]


def test_inbox_shows_customer_replied_until_the_assignee_opens_the_case(agent, as_user):
    waiting = make_case(subject="Leaking tap in the kitchen", assignee=agent)
    read = make_case(subject="Radiator cold upstairs", assignee=agent)
    mark_seen(agent, read)
    client = as_user(agent)

    html = client.get(reverse("inbox"), {"view": "mine"}).content.decode()

    assert NEW in inbox_row(html, "Leaking tap in the kitchen")
    assert 'class="unread"' in inbox_row(html, "Leaking tap in the kitchen")
    assert BADGE not in inbox_row(html, "Radiator cold upstairs")

    # Opening the page sends its first heartbeat (presence.js): the case is read.
    client.post(reverse("case_presence", args=[waiting.pk]), {"state": "viewing", "opened": "1"})
    customer_writes(read)

    html = client.get(reverse("inbox"), {"view": "mine"}).content.decode()
    assert BADGE not in inbox_row(html, "Leaking tap in the kitchen")
    assert MARK in inbox_row(html, "Radiator cold upstairs")  # the customer wrote again


def test_other_people_see_the_assignees_state_not_their_own(agent, owner, as_user):
    make_case(subject="Leaking tap in the kitchen", assignee=agent)

    html = as_user(owner).get(reverse("inbox"), {"view": "open"}).content.decode()

    assert NEW in inbox_row(html, "Leaking tap in the kitchen")


def test_the_marks_cost_one_query_for_the_whole_page(agent, as_user, django_assert_num_queries):
    """The inbox's pinned query counts (tests/web/test_query_counts.py) include it;
    here: as many queries for 2 marked rows as for 20."""
    client = as_user(agent)
    client.get(reverse("inbox"))  # what a first visit reads once (the per-process caches)
    for _ in range(2):
        make_case(assignee=agent)
    with CaptureQueriesContext(connection) as few:
        few_marks = client.get(reverse("inbox"), {"view": "mine"}).content.decode().count(BADGE)
    for _ in range(18):
        make_case(assignee=agent)

    with django_assert_num_queries(len(few)):
        many_marks = client.get(reverse("inbox"), {"view": "mine"}).content.decode().count(BADGE)

    assert (few_marks, many_marks) == (2, 20)


# --- The API's case list --------------------------------------------------------------


def test_api_case_list_says_unread_for_the_person_asking(api_as, agent, owner):
    case = make_case(subject="Leaking tap in the kitchen", assignee=agent)
    mark_seen(owner, case)

    mine = api_as(agent).get("/api/cases").json()["items"]
    theirs = api_as(owner).get("/api/cases").json()["items"]

    assert [item["unread"] for item in mine] == [True]
    assert [item["unread"] for item in theirs] == [False]

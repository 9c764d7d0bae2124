"""The inbox's list of views and its counts (cases.views.view_list, #23): rendered once
per process for each language, view and set of counts, and still what the template
says, with counts that follow every change on the next request."""

import re

from django.template.loader import render_to_string
from django.urls import reverse

from rightthere.accounts.profile import update_business_profile
from rightthere.cases.models import Status
from rightthere.cases.views.view_list import view_list
from rightthere.desk import casework
from rightthere.inbox import VIEWS, VIEWS_BY_SLUG
from tests.factories import make_case


def counts_of(client, view="open"):
    html = client.get(reverse("inbox_counts"), {"view": view}).content.decode()
    return {slug: int(n) for slug, n in re.findall(r'data-view-count="([\w-]+)">(\d+)<', html)}


def test_the_remembered_list_is_the_templates_own(db):
    counts = {view.slug: n for n, view in enumerate(VIEWS)}

    for current, numbers in (("open", None), ("mine", counts), ("all", counts)):
        rows = [(view, None if numbers is None else numbers.get(view.slug)) for view in VIEWS]
        expected = render_to_string(
            "cases/_view_counts.html",
            {
                "view_rows": rows,
                "counted": numbers is not None,
                "current_view": VIEWS_BY_SLUG[current],
            },
        )
        assert view_list(current, numbers) == expected


def test_counts_follow_a_new_case_its_assignment_and_its_closing_at_once(as_user, owner, agent):
    client = as_user(owner)
    make_case(assignee=None)
    assert counts_of(client)["open"] == 1

    case = make_case(assignee=None)  # a new case
    assert counts_of(client)["open"] == 2
    assert counts_of(client)["unassigned"] == 2
    assert counts_of(client)["mine"] == 0

    casework.assign_case(case, actor=owner, assignee=owner)
    assert counts_of(client)["unassigned"] == 1
    assert counts_of(client)["mine"] == 1

    casework.change_status(case, actor=owner, status=Status.CLOSED)
    assert counts_of(client)["open"] == 1
    assert counts_of(client)["mine"] == 0


def test_a_technician_counts_only_his_own_cases_after_an_owner_asked(as_user, owner, technician):
    make_case(assignee=None)
    make_case(assignee=owner)
    assert counts_of(as_user(owner))["open"] == 2

    make_case(assignee=technician)
    technicians = counts_of(as_user(technician))

    assert technicians["open"] == 1
    assert technicians["mine"] == 1
    assert technicians["unassigned"] == 0


def test_the_list_is_in_german_after_english(as_user, owner):
    client = as_user(owner)
    assert ">All open</span>" in client.get(reverse("inbox")).content.decode()
    assert ">All open</span>" in client.get(reverse("inbox_counts")).content.decode()

    update_business_profile(owner, language="de")

    assert ">All open</span>" not in client.get(reverse("inbox")).content.decode()
    assert ">All open</span>" not in client.get(reverse("inbox_counts")).content.decode()


def test_the_open_view_is_marked_and_an_unknown_one_counts_as_the_default(as_user, owner):
    client = as_user(owner)

    mine = client.get(reverse("inbox_counts"), {"view": "mine"}).content.decode()
    unknown = client.get(reverse("inbox_counts"), {"view": "nonsense"}).content.decode()

    assert re.search(r'\?view=mine" aria-current="page"', mine)
    assert re.search(r'\?view=open" aria-current="page"', unknown)
    assert 'id="views-current-count" hx-swap-oob="true">(0)</span>' in mine

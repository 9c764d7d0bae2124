"""The satisfaction panel on the case page: the answer and comment, for whoever sees the case."""

from datetime import timedelta

import pytest
from django.urls import reverse

from rightthere.satisfaction.actions import answer_case
from rightthere.satisfaction.sending import send_due_requests
from tests.factories import ContactFactory, make_case
from tests.satisfaction.conftest import AFTER_THE_DELAY, MAY_NOT_SEE, MAY_SEE, solve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", MAY_SEE)
def test_everyone_who_sees_the_case_sees_the_answer_and_comment(role, desk, web_as):
    case = desk.case(role)

    response = web_as(desk.person(role)).get(
        reverse("case_lazy_panel", args=[case.pk, "satisfaction"])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Customer satisfaction"' in page
    assert f"About {case.subject}" in page
    assert case.satisfaction_answer.get_rating_display() in page


@pytest.mark.parametrize("role", MAY_NOT_SEE)
def test_technicians_and_subcontractors_do_not_see_other_cases_answers(role, desk, web_as):
    case = desk.case(role)

    response = web_as(desk.person(role)).get(
        reverse("case_lazy_panel", args=[case.pk, "satisfaction"])
    )

    assert response.status_code == 404
    assert f"About {case.subject}" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(desk, web_as):
    url = reverse("case_detail", args=[desk.case("anonymous").pk])

    response = web_as(None).get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_an_open_case_has_no_satisfaction_panel(as_user, agent):
    case = make_case()

    page = (
        as_user(agent)
        .get(reverse("case_lazy_panel", args=[case.pk, "satisfaction"]))
        .content.decode()
    )

    assert 'aria-label="Customer satisfaction"' not in page


def test_the_panel_says_when_the_customer_will_be_asked(as_user, agent, solved_case):
    case = solved_case()

    page = (
        as_user(agent)
        .get(reverse("case_lazy_panel", args=[case.pk, "satisfaction"]))
        .content.decode()
    )

    assert "The customer will be asked" in page


def test_the_panel_says_the_customer_was_asked_and_has_not_answered(
    as_user, agent, solved_case, now
):
    case = solved_case()
    send_due_requests(now + AFTER_THE_DELAY)

    page = (
        as_user(agent)
        .get(reverse("case_lazy_panel", args=[case.pk, "satisfaction"]))
        .content.decode()
    )

    assert "no answer yet" in page


def test_the_panel_says_why_a_customer_without_email_is_not_asked(as_user, agent):
    case = solve(make_case(contact=ContactFactory(email="")))

    page = (
        as_user(agent)
        .get(reverse("case_lazy_panel", args=[case.pk, "satisfaction"]))
        .content.decode()
    )

    assert "no e-mail address to ask" in page


def test_the_answer_and_its_change_are_on_the_case_timeline(as_user, agent, solved_case, now):
    case = solved_case()
    answer_case(case, actor=None, via="email", rating="good", now=now)
    answer_case(case, actor=None, via="status_page", rating="bad", now=now + timedelta(hours=1))

    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "Good (by the customer, e-mail link)" in page
    assert "Not good (by the customer, status page)" in page


def test_the_case_page_loads_the_panel_once_shown(as_user, agent, solved_case):
    case = solved_case()

    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    assert reverse("case_lazy_panel", args=[case.pk, "satisfaction"]) in page
    assert 'hx-trigger="revealed"' in page
    assert "The customer will be asked" not in page


def test_an_unknown_panel_is_not_found(as_user, agent, solved_case):
    case = solved_case()

    response = as_user(agent).get(reverse("case_lazy_panel", args=[case.pk, "nothing"]))

    assert response.status_code == 404

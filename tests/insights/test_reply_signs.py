"""The excuses and blame signs count sent replies the reply coach found them in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.coach.actions import record_sent_findings
from rightthere.desk import messages as desk_messages
from rightthere.insights.signs import telltale_signs
from tests.factories import make_case

pytestmark = pytest.mark.django_db
NOW = timezone.now()
EXCUSE = "Sorry, we were very busy and it is company policy to wait."  # two excuses, one reply
BLAME = "You should have read the manual before switching it on."


def sent(case, agent, text, days_ago):
    message = desk_messages.add_message(case, actor=agent, direction="outbound", body_text=text,
                                  at=NOW - timedelta(days=days_ago))  # fmt: skip
    record_sent_findings(message)
    return message


@pytest.fixture
def replies(agent):
    cases = [make_case(subject=f"Case {n}", opened_at=NOW - timedelta(days=60)) for n in range(5)]
    for case in cases[:4]:
        sent(case, agent, EXCUSE, days_ago=2)
    sent(cases[0], agent, "We will call you on Friday at 10:00.", days_ago=2)  # no finding
    sent(cases[4], agent, EXCUSE, days_ago=45)  # before the last four weeks
    sent(cases[4], agent, BLAME, days_ago=1)
    return cases


def test_excuses_count_replies_not_phrases_and_turn_amber(replies):
    signs = {s.key: s for s in telltale_signs(NOW)}

    # 4 replies with excuses in the last 4 weeks; amber from 3, red from 8.
    assert (signs["excuses"].value, signs["excuses"].level) == (4.0, "amber")
    assert sum(value for _, value in signs["excuses"].series) == 5.0
    assert (signs["blame"].value, signs["blame"].level) == (1.0, "amber")


def test_excuses_sign_links_to_the_cases_with_those_replies(replies, owner, as_user):
    page = as_user(owner).get(reverse("insights_sign", args=["excuses"]))

    assert sorted(c.subject for c in page.context["cases"]) == [f"Case {n}" for n in range(4)]


def test_blame_sign_links_to_the_case_blamed_in(replies, owner, as_user):
    page = as_user(owner).get(reverse("insights_sign", args=["blame"]))

    assert [c.subject for c in page.context["cases"]] == ["Case 4"]

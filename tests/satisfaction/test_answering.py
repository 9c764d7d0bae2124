"""The customer answers with one click from the e-mail; the answer may change for 7 days."""

from datetime import timedelta

import pytest
from django.test import Client

from rightthere.cases.models import EventKind
from rightthere.portal.links import link_for_token, revoke_links, rotate_link
from rightthere.satisfaction.actions import AnswerFinal, answer_case
from rightthere.satisfaction.links import status_token
from rightthere.satisfaction.models import SatisfactionAnswer
from tests.factories import make_case
from tests.satisfaction.conftest import answer_path, email_link

pytestmark = pytest.mark.django_db


def satisfaction_events(case):
    return list(
        case.events.filter(kind=EventKind.SATISFACTION).values_list("field", "before", "after")
    )


def test_customer_rates_a_solved_case_from_the_email(client, asked_case):
    case = asked_case(subject="Boiler bangs")

    response = client.get(email_link(case, "good"))

    answer = SatisfactionAnswer.objects.get(case=case)
    page = response.content.decode()
    assert response.status_code == 200
    assert (answer.rating, answer.answered_via, answer.changed_at) == ("good", "email", None)
    assert "Thank you!" in page
    assert 'name="comment"' in page
    assert 'value="bad"' in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert satisfaction_events(case) == [("rating", "", "Good (by the customer, e-mail link)")]


def test_customer_adds_a_comment_after_the_one_click(client, asked_case):
    case = asked_case()
    client.get(email_link(case, "bad"))

    response = client.post(answer_path(case), {"comment": "The engineer came two hours late."})

    answer = SatisfactionAnswer.objects.get(case=case)
    assert response.status_code == 302
    assert (answer.rating, answer.comment) == ("bad", "The engineer came two hours late.")
    assert answer.changed_at is None
    assert answer.commented_at is not None
    assert satisfaction_events(case)[-1] == (
        "comment",
        "",
        "comment “The engineer came two hours late.”",
    )


def test_a_second_answer_within_seven_days_overrides_the_first(client, asked_case, now):
    case = asked_case()
    answer_case(case, actor=None, via="email", rating="good", now=now - timedelta(days=6))

    response = client.get(email_link(case, "bad"))

    answer = SatisfactionAnswer.objects.get(case=case)
    assert response.status_code == 200
    assert answer.rating == "bad"
    assert answer.answered_at == now - timedelta(days=6)
    assert answer.changed_at > now
    assert satisfaction_events(case)[-1] == (
        "rating",
        "Good",
        "Not good (by the customer, e-mail link)",
    )


def test_a_second_answer_after_seven_days_is_rejected_and_the_first_stands(client, asked_case, now):
    case = asked_case()
    answer_case(case, actor=None, via="email", rating="good", now=now - timedelta(days=8))

    response = client.get(email_link(case, "bad"))

    answer = SatisfactionAnswer.objects.get(case=case)
    assert response.status_code == 409
    assert "can be changed for 7 days only" in response.content.decode()
    assert (answer.rating, answer.changed_at) == ("good", None)
    assert len(satisfaction_events(case)) == 1


def test_the_change_period_is_a_setting(asked_case, now, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "CSAT_CHANGE_DAYS": 1}
    case = asked_case()
    answer_case(case, actor=None, via="email", rating="good", now=now)

    with pytest.raises(AnswerFinal, match="changed for 1 day only"):
        answer_case(case, actor=None, via="email", rating="bad", now=now + timedelta(days=2))


def test_a_comment_after_the_change_period_is_refused_too(asked_case, now):
    case = asked_case()
    answer_case(case, actor=None, via="email", rating="good", now=now)

    with pytest.raises(AnswerFinal):
        answer_case(
            case,
            actor=None,
            via="status_page",
            rating=None,
            comment="Late thought",
            now=now + timedelta(days=8),
        )


def test_clicking_the_same_link_again_records_nothing_new(client, asked_case, now):
    case = asked_case()
    answer_case(case, actor=None, via="email", rating="good", now=now - timedelta(days=30))

    response = client.get(email_link(case, "good"))

    assert response.status_code == 200
    assert "You told us" in response.content.decode()
    assert len(satisfaction_events(case)) == 1


TAMPERINGS = {
    "altered signature": lambda token: token[:-3] + "xyz",
    "no signature": lambda token: token.rsplit(":", 1)[0],
    "garbage": lambda token: "garbage",
    "forged link id": lambda token: "99999." + token.split(".", 1)[1],
}


@pytest.mark.parametrize("tamper", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_a_tampered_or_forged_link_gives_404_and_records_nothing(client, asked_case, tamper):
    case = asked_case()

    response = client.get(f"/s/{tamper(status_token(case))}/rate/good/")

    assert response.status_code == 404
    assert not SatisfactionAnswer.objects.exists()


def test_an_unknown_rating_in_the_link_gives_404(client, asked_case):
    case = asked_case()

    response = client.get(f"/s/{status_token(case)}/rate/excellent/")

    assert response.status_code == 404
    assert not SatisfactionAnswer.objects.exists()


def test_a_link_for_one_case_never_records_on_another(client, asked_case):
    mine = asked_case(subject="My washing machine")
    other = asked_case(subject="Neighbour's boiler")
    my_token = status_token(mine)
    other_link_id = link_for_token(status_token(other)).pk
    spliced = f"{other_link_id}.{my_token.split('.', 1)[1]}"

    spliced_response = client.get(f"/s/{spliced}/rate/bad/")
    mine_response = client.get(email_link(mine, "good"))

    assert spliced_response.status_code == 404
    assert mine_response.status_code == 200
    assert list(SatisfactionAnswer.objects.values_list("case_id", "rating")) == [(mine.pk, "good")]
    assert "Neighbour" not in mine_response.content.decode()


def test_rotating_or_revoking_the_status_link_stops_the_mailed_links(client, asked_case):
    case = asked_case()
    mailed = email_link(case, "good")

    rotate_link(case)
    after_rotation = client.get(mailed)
    fresh = email_link(case, "good")
    revoke_links(case)
    after_revocation = client.get(fresh)

    assert (after_rotation.status_code, after_revocation.status_code) == (404, 404)
    assert not SatisfactionAnswer.objects.exists()


def test_a_mail_scanner_probing_the_link_with_head_records_nothing(client, asked_case):
    case = asked_case()

    response = client.head(email_link(case, "bad"))

    assert response.status_code == 200
    assert not SatisfactionAnswer.objects.exists()


def test_signed_in_staff_following_the_customers_link_records_nothing(as_user, agent, asked_case):
    case = asked_case()

    response = as_user(agent).get(email_link(case, "good"))

    assert response.status_code == 403
    assert "nothing was recorded" in response.content.decode()
    assert not SatisfactionAnswer.objects.exists()


def test_an_open_case_cannot_be_rated_through_a_hand_made_link(client):
    case = make_case()

    response = client.get(email_link(case, "good"))

    assert response.status_code == 400
    assert "once it is solved" in response.content.decode()
    assert not SatisfactionAnswer.objects.exists()


def test_an_asked_case_reopened_since_can_still_be_rated_from_the_email(client, asked_case):
    case = asked_case()
    Client().post(f"/s/{status_token(case)}/reply/", {"text": "Actually it leaks again."})

    response = client.get(email_link(case, "bad"))

    case.refresh_from_db()
    assert case.status == "open"
    assert response.status_code == 200
    assert SatisfactionAnswer.objects.get(case=case).rating == "bad"


def test_answers_to_a_case_are_recorded_one_at_a_time(asked_case, now):
    case = asked_case()

    first = answer_case(case, actor=None, via="email", rating="good", now=now)
    second = answer_case(case, actor=None, via="email", rating="bad", now=now + timedelta(hours=1))

    assert first.pk == second.pk
    assert SatisfactionAnswer.objects.count() == 1

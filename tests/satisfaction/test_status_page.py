"""The status page of a solved case: two buttons, a comment box and the current answer."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from rightthere.satisfaction.actions import answer_case
from rightthere.satisfaction.models import MAX_COMMENT_CHARS, SatisfactionAnswer
from tests.factories import make_case
from tests.satisfaction.conftest import answer_path, status_page_path

pytestmark = pytest.mark.django_db


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_status_page_of_a_solved_case_offers_the_two_buttons(client, solved_case):
    case = solved_case()

    page = client.get(status_page_path(case)).content.decode()

    assert "How did we do?" in page
    assert f'action="{answer_path(case)}"' in page
    assert 'name="rating" value="good"' in page
    assert 'name="rating" value="bad"' in page
    assert 'name="comment"' in page


def test_rating_buttons_draw_their_thumbs_without_an_emoji_font(client, solved_case, now):
    """Emoji showed as empty boxes on machines without an emoji font: the icons are inline SVG."""
    case = solved_case()

    page = client.get(status_page_path(case)).content.decode()
    good = page.split('value="good"', 1)[1].split("</button>", 1)[0]
    bad = page.split('value="bad"', 1)[1].split("</button>", 1)[0]

    assert "👍" not in page and "👎" not in page
    assert '<svg class="rating-icon"' in good and 'aria-hidden="true"' in good
    assert good.rstrip().endswith("Good") and bad.rstrip().endswith("Not good")

    answer_case(case, actor=None, via="email", rating="bad", now=now)
    answered = client.get(status_page_path(case)).content.decode()
    told = answered.split('id="satisfaction-rating">', 1)[1].split("</strong>", 1)[0]
    assert '<svg class="rating-icon"' in told and told.rstrip().endswith("Not good")


def test_status_page_of_an_open_case_has_no_buttons(client):
    case = make_case()

    page = client.get(status_page_path(case)).content.decode()

    assert "How did we do?" not in page
    assert 'name="rating"' not in page


def test_customer_rates_with_one_click_on_the_status_page(client, solved_case):
    case = solved_case()

    response = client.post(answer_path(case), {"rating": "bad", "comment": "Took three visits."})

    answer = SatisfactionAnswer.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == status_page_path(case) + "#satisfaction"
    assert (answer.rating, answer.comment, answer.answered_via) == (
        "bad",
        "Took three visits.",
        "status_page",
    )
    assert flashed(response) == [
        "Thank you for telling us, and we are sorry it was not right. Your request is open "
        "again and our team has been told."
    ]


def test_status_page_shows_the_current_answer_and_comment(client, solved_case, now):
    case = solved_case()
    answer_case(case, actor=None, via="email", rating="good", comment="Quick and tidy.", now=now)

    page = client.get(status_page_path(case)).content.decode()

    assert "You told us" in page
    assert 'value="good" class="rating rating-good" aria-pressed="true"' in page
    assert 'value="bad" class="rating rating-bad" aria-pressed="false"' in page
    assert "Quick and tidy." in page
    assert "You can change your answer or your comment until" in page


def test_changing_the_answer_on_the_status_page_overrides_it(client, solved_case, now):
    case = solved_case()
    answer_case(case, actor=None, via="email", rating="good", now=now - timedelta(days=3))

    client.post(answer_path(case), {"rating": "bad", "comment": ""})

    answer = SatisfactionAnswer.objects.get(case=case)
    assert (answer.rating, answer.answered_via) == ("bad", "status_page")
    assert answer.changed_at > answer.answered_at


def test_after_the_change_period_the_page_shows_the_answer_without_buttons(
    client, solved_case, now
):
    case = solved_case()
    answer_case(
        case, actor=None, via="email", rating="good", comment="Fine.", now=now - timedelta(days=8)
    )

    page = client.get(status_page_path(case)).content.decode()

    assert "You told us" in page
    assert "Fine." in page
    assert 'name="rating"' not in page


def test_a_change_after_the_change_period_is_refused_with_a_clear_message(client, solved_case, now):
    case = solved_case()
    answer_case(case, actor=None, via="email", rating="good", now=now - timedelta(days=8))

    response = client.post(answer_path(case), {"rating": "bad"})

    assert SatisfactionAnswer.objects.get(case=case).rating == "good"
    assert flashed(response) == [
        f"The answer “Good” given on {timezone.localtime(now - timedelta(days=8)):%d %B %Y} stands: "
        "an answer can be changed for 7 days only."
    ]


BAD_INPUT = {
    "unknown rating": ({"rating": "excellent"}, "Unknown rating 'excellent'"),
    "rating too long": ({"rating": "x" * 500}, "Unknown rating 'xxxxxxxxxxxxxxxxxxxx'"),
    "oversize comment": (
        {"rating": "good", "comment": "x" * (MAX_COMMENT_CHARS + 1)},
        "The comment is too long",
    ),
    "comment without a rating": ({"comment": "Hello"}, "Choose “Good” or “Not good”."),
    "NUL in the comment": ({"rating": "good", "comment": "a\x00b"}, "cannot store"),
}


@pytest.mark.parametrize(("form", "error"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_on_the_status_page_records_nothing_and_says_why(
    client, solved_case, form, error
):
    case = solved_case()

    response = client.post(answer_path(case), form)

    assert response.status_code == 302
    assert error in flashed(response)[0]
    assert not SatisfactionAnswer.objects.exists()
    assert not case.events.filter(kind="satisfaction").exists()


def test_an_open_case_cannot_be_rated_by_posting_to_it(client):
    case = make_case()

    response = client.post(answer_path(case), {"rating": "good"})

    assert flashed(response) == ["A request can be rated once it is solved."]
    assert not SatisfactionAnswer.objects.exists()


def test_the_answer_form_needs_a_post(client, solved_case):
    case = solved_case()

    assert client.get(answer_path(case)).status_code == 405


def test_a_forged_token_on_the_answer_form_gives_404(client, solved_case):
    solved_case()

    assert client.post("/s/1.forged:sig/satisfaction/", {"rating": "good"}).status_code == 404
    assert not SatisfactionAnswer.objects.exists()

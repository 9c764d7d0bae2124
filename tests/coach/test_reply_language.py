"""The reply check's rules are English: a reply in another language is not checked, and
the writer is told so plainly, instead of being given findings that would be wrong
(issue #21 item 5). The language is guessed from the reply's words, else it is the
customer's."""

import pytest

from rightthere.coach.actions import check_draft, not_checked_because
from rightthere.coach.language import guess_language
from rightthere.customers.actions import update_customer
from tests.api.conftest import send

GERMAN = (
    "Hallo Frau Byron, kein Problem! Es tut mir leid, dass Sie warten mussten. Wir schicken "
    "Ihnen das Teil bis Freitag, und ich melde mich bei Ihnen, sobald es da ist."
)
ENGLISH = "No problem, we'll get back to you soon"


def test_the_words_of_a_reply_tell_its_language():
    assert guess_language(GERMAN) == "de"
    assert (
        guess_language("Thank you for the photo. We will send the part to you by Friday.") == "en"
    )
    assert guess_language("Merci pour votre message, nous avons la pièce pour vous.") == "fr"
    assert guess_language("OK, Freitag") == ""  # too short to tell


@pytest.mark.django_db
def test_a_german_reply_is_not_checked_and_the_writer_is_told_why(shared_case):
    assert check_draft(GERMAN, case=shared_case) == []
    assert not_checked_because(GERMAN, shared_case) == (
        "The reply check's rules are English; this reply looks German, so it was not "
        "checked. Read it over yourself for excuses, blame and vague dates."
    )


@pytest.mark.django_db
def test_an_english_reply_to_a_german_customer_is_still_checked(shared_case):
    update_customer(shared_case.customer, language="de")

    found = check_draft(ENGLISH, case=shared_case)

    assert [f.category for f in found][:1] == ["no_problem"]
    assert not_checked_because(ENGLISH, shared_case) == ""


@pytest.mark.django_db
def test_a_reply_too_short_to_tell_is_in_the_customer_language(shared_case):
    short = "Bis Freitag!"
    assert not_checked_because(short, shared_case) == ""  # an English customer: checked

    update_customer(shared_case.customer, language="de")

    assert "this reply looks German" in not_checked_because(short, shared_case)


def test_the_composer_says_the_rules_are_english(agent, client, shared_case):
    client.force_login(agent)

    response = client.post("/coach/check/", {"body": GERMAN, "case": shared_case.pk})

    assert response.status_code == 200
    assert b"coach-finding" not in response.content
    assert b"The reply check&#x27;s rules are English; this reply looks German" in response.content


def test_the_api_says_the_rules_are_english(api_as, agent, shared_case):
    response = send(api_as(agent), "post", "/api/coach/check",
                    {"text": GERMAN, "case_id": shared_case.pk})  # fmt: skip

    assert response.status_code == 200
    assert response.json()["findings"] == []
    assert "rules are English; this reply looks German" in response.json()["not_checked"]


def test_the_api_checks_english_as_before(api_as, agent, shared_case):
    response = send(api_as(agent), "post", "/api/coach/check",
                    {"text": ENGLISH, "case_id": shared_case.pk})  # fmt: skip

    assert response.json()["findings"][0]["category"] == "no_problem"
    assert response.json()["not_checked"] == ""


def test_no_english_reply_of_the_labelled_sets_is_taken_for_another_language():
    from benchmarks.reply_language_eval import HELD_OUT, OWN, measure, rows

    own = measure([example for path in OWN for example in rows(path, "en")])
    held_out = measure(rows(HELD_OUT))

    assert (own.get("wrong", 0), own.get("check wrong", 0)) == (0, 0)
    assert held_out.get("wrong", 0) == 0
    assert held_out.get("right", 0) >= 0.9 * held_out["n"]

"""A bad review opens a complaint case; an unsure author waits for a person to confirm."""

from rightthere.cases.models import Channel, Kind
from rightthere.desk.reviews import confirm_customer, receive_review
from rightthere.reviews.actions import respond_to_review
from rightthere.reviews.models import Match
from rightthere.reviews.parsing import validate_row
from tests.factories import ContactFactory, CustomerFactory


def review(**fields):
    return validate_row({"platform": "google", "id": "r1", "author": "Ann Reid", **fields})


def test_a_one_star_review_opens_a_complaint_case_with_recovery(db):
    contact = ContactFactory(name="Ann Reid", email="ann@example.com")

    stored, created = receive_review(
        review(rating=1, text="Nobody turned up.", email="ANN@example.com")
    )

    assert created
    assert (stored.customer, stored.match) == (contact.customer, Match.EMAIL)
    case = stored.case
    assert (case.kind, case.channel, case.customer) == (Kind.COMPLAINT, Channel.REVIEW,
                                                        contact.customer)  # fmt: skip
    assert case.recovery is not None


def test_strongly_negative_words_open_a_case_even_with_three_stars(db):
    stored, _ = receive_review(
        review(rating=3, text="Horrible, rude staff. Terrible, awful experience. Avoid!")
    )

    assert stored.case is not None


def test_a_good_review_opens_nothing_and_a_repeat_is_a_duplicate(db):
    first, created = receive_review(review(rating=5, text="Great job, thank you!"))
    again, created_again = receive_review(review(rating=1, text="changed"))

    assert (created, created_again) == (True, False)
    assert first == again and first.case is None


def test_an_unknown_author_becomes_a_new_customer_for_the_case(db):
    stored, _ = receive_review(review(author="Zed Unknown", rating=2, text="Meh."))

    assert stored.customer.name == "Zed Unknown"
    assert stored.case.customer == stored.customer


def test_an_unsure_match_waits_for_a_person_to_confirm(agent):
    customer = CustomerFactory(name="Sarah Kent")

    stored, _ = receive_review(review(author="Sarah K.", rating=1, text="Late again."))

    assert (stored.match, stored.suggested_customer, stored.case) == (Match.UNSURE, customer, None)
    confirmed = confirm_customer(stored, actor=agent, customer=customer)
    assert confirmed.case.customer == customer


def test_answering_runs_the_reply_check_and_notes_it_on_the_case(agent, db):
    stored, _ = receive_review(review(rating=1, text="Nobody came."))

    answered = respond_to_review(stored, actor=agent, text="No problem, we'll get back to you.")

    assert {f["category"] for f in answered.response_findings} == {
        "no_problem", "vague_commitment", "missing_apology"
    }  # fmt: skip
    assert answered.case.messages.filter(direction="note").exists()

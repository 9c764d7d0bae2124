"""Placeholders are filled from the case, the person replying and the next promise."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from rightthere.canned.picker import fill_for_case
from rightthere.canned.placeholders import (
    PLACEHOLDERS,
    Piece,
    suggestion_for,
    unfilled,
    unknown_names,
)
from tests.canned.conftest import promise_on
from tests.factories import ContactFactory, CustomerFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db

EVERY_PLACEHOLDER = " | ".join("{" + name + "}" for name in PLACEHOLDERS)


def test_every_placeholder_is_filled_from_the_case_the_agent_and_the_next_promise(
    write, shared_case, settings
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BUSINESS_NAME": "Hot Water Ltd"}
    agent = UserFactory(first_name="Ada", last_name="Byron")
    promise_on(shared_case)
    reply = write(agent, title="All", body=EVERY_PLACEHOLDER, save_anyway=True)
    shared_case.refresh_from_db()
    first_due = timezone.localtime(shared_case.first_response_due)
    resolution_due = timezone.localtime(shared_case.resolution_due)

    filled = fill_for_case(reply, shared_case, agent)

    assert filled.missing == ()
    assert filled.text.split(" | ") == [
        "Hopper Family",
        "Grace",
        "Grace Hopper",
        "Grace",
        shared_case.reference,
        "Boiler bangs",
        f"{first_due:%A} {first_due.day} {first_due:%B}, {first_due:%H:%M}",
        f"{resolution_due:%A} {resolution_due.day} {resolution_due:%B}, {resolution_due:%H:%M}",
        "Ada Byron",
        "Ada",
        "Wednesday 1 July, 14:00",
        "Fit the new valve",
        "Hot Water Ltd",
    ]


def test_promise_dates_are_written_in_the_desks_time_zone(write, agent, shared_case):
    promise_on(shared_case, due=datetime(2099, 1, 7, 23, 30, tzinfo=UTC))  # London: GMT
    reply = write(agent, body="We will be there by {promise.due}.")

    with timezone.override("Australia/Sydney"):
        filled = fill_for_case(reply, shared_case, agent)

    assert filled.text == "We will be there by Thursday 8 January, 10:30."


def test_a_value_the_case_lacks_stays_as_the_placeholder_and_is_reported_missing(
    write, agent, shared_case
):
    reply = write(agent, body="Dear {contact.first_name}, we come by {promise.due}.")

    filled = fill_for_case(reply, shared_case, agent)

    assert filled.text == "Dear Grace, we come by {promise.due}."
    assert filled.missing == ("promise.due",)
    assert Piece("{promise.due}", missing="promise.due") in filled.pieces


def test_the_first_answer_promise_is_not_the_promise_a_reply_talks_about(write, agent, shared_case):
    # Opening the case promised the first answer; the reply being written keeps that one.
    assert shared_case.promises.filter(source="first_response").exists()
    reply = write(agent, body="By {promise.due}: {promise.what}.")

    filled = fill_for_case(reply, shared_case, agent)

    assert filled.missing == ("promise.due", "promise.what")


def test_the_earliest_open_promise_is_the_one_filled_in(write, agent, shared_case):
    promise_on(shared_case, due=datetime(2099, 7, 3, 9, 0, tzinfo=UTC), what="Send the invoice")
    promise_on(shared_case, due=datetime(2099, 7, 1, 13, 0, tzinfo=UTC), what="Fit the valve")
    reply = write(agent, body="{promise.what} by {promise.due}.")

    filled = fill_for_case(reply, shared_case, agent)

    assert filled.text == "Fit the valve by Wednesday 1 July, 14:00."


def test_a_firm_without_a_contact_has_no_first_name_to_greet(write, agent):
    firm = CustomerFactory(name="Acme Plumbing", kind="organisation")
    case = make_case(contact=ContactFactory(customer=firm))
    case.contact = None
    reply = write(agent, body="Dear {customer.first_name} at {customer.name},")

    filled = fill_for_case(reply, case, agent)

    assert filled.text == "Dear {customer.first_name} at Acme Plumbing,"
    assert filled.missing == ("customer.first_name",)


def test_a_person_without_a_contact_is_greeted_by_their_own_first_name(write, agent):
    case = make_case(customer=CustomerFactory(name="Linus Pauling"))
    case.contact = None

    filled = fill_for_case(write(agent, body="Hi {customer.first_name}"), case, agent)

    assert filled.text == "Hi Linus"


def test_an_agent_without_a_first_name_leaves_that_placeholder_to_fill(write, shared_case):
    nameless = UserFactory(username="desk", first_name="", last_name="")
    reply = write(nameless, body="Regards, {agent.first_name} ({agent.name})")

    filled = fill_for_case(reply, shared_case, nameless)

    assert filled.text == "Regards, {agent.first_name} (desk)"
    assert filled.missing == ("agent.first_name",)


def test_spaces_inside_the_braces_are_allowed(write, agent, shared_case):
    filled = fill_for_case(write(agent, body="About { case.reference }"), shared_case, agent)

    assert filled.text == f"About {shared_case.reference}"


def test_only_word_names_in_braces_count_as_placeholders():
    text = "Hi {customer.firstname} :-{ see {Case.Reference} or {a b} or {} or {1st}"

    assert unknown_names(text) == ["customer.firstname", "Case.Reference"]
    assert unfilled(text) == []


def test_a_misspelt_name_gets_the_known_one_suggested():
    assert suggestion_for("customer.firstname") == "customer.first_name"
    assert suggestion_for("Case.Reference") == "case.reference"
    assert suggestion_for("weather.today") is None


def test_unfilled_lists_each_known_placeholder_left_in_a_message_once():
    text = "Dear {contact.name}, by {promise.due} ({promise.due}); {not.known}"

    assert unfilled(text) == ["contact.name", "promise.due"]

"""Similar past cases on a small hand-made desk: the expected neighbours come first."""

import pytest

from rightthere.cases.models import Status
from rightthere.core.errors import InvalidInput
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.similar.lookup import MAX_LIMIT, similar_cases, solution_excerpt
from rightthere.similar.terms import query_words
from tests.factories import make_case
from tests.similar.conftest import solved_case

pytestmark = pytest.mark.django_db

# (subject, first message, the solved cases expected first, in any order among them)
LOOKUPS = [
    pytest.param(
        "Boiler pressure drops",
        "Our boiler loses pressure every night, the gauge is below one bar.",
        {"boiler-pressure", "boiler-pressure-2"},
        id="boiler losing pressure",
    ),
    pytest.param(
        "Gutter overflows when it rains",
        "Rain water spills over the gutter above the kitchen window.",
        {"gutter-overflow", "gutter-blocked"},
        id="gutter overflowing",
    ),
    pytest.param(
        "Charged twice for one invoice",
        "You took the payment for the invoice twice from my card.",
        {"invoice-twice"},
        id="invoice paid twice",
    ),
    pytest.param(
        "Washing machine full of water",
        "The washing machine will not drain after the wash.",
        {"washer-drain"},
        id="washing machine not draining",
    ),
    pytest.param(
        "No hot water, F28 on the display",
        "The boiler shows F28 and will not light.",
        {"boiler-f28"},
        id="boiler error code",
    ),
]


@pytest.mark.parametrize(("subject", "body", "expected"), LOOKUPS)
def test_the_expected_solved_cases_come_first(subject, body, expected, desk, agent):
    case = make_case(subject=subject, body=body)

    found = similar_cases(agent, case)

    first = {desk.name_of(item.case.pk) for item in found[: len(expected)]}
    assert first == expected, [desk.name_of(item.case.pk) for item in found]


def test_boiler_pressure_cases_rank_above_other_boiler_cases_and_those_above_the_rest(desk, agent):
    case = make_case(
        subject="Boiler pressure drops",
        body="Our boiler loses pressure every night, the gauge is below one bar.",
    )

    names = [desk.name_of(item.case.pk) for item in similar_cases(agent, case)]

    assert names[:3] in (
        ["boiler-pressure", "boiler-pressure-2", "boiler-f28"],
        ["boiler-pressure-2", "boiler-pressure", "boiler-f28"],
    )


def test_open_cases_and_the_case_itself_are_never_suggested(desk, agent):
    case = desk.solved["boiler-pressure"]

    found = similar_cases(agent, case, limit=MAX_LIMIT)

    ids = {item.case.pk for item in found}
    assert case.pk not in ids
    assert desk.still_open.pk not in ids
    assert {item.case.status for item in found} == {Status.SOLVED}


def test_closed_cases_are_suggested_like_solved_ones(desk, agent):
    closed = solved_case(
        "Boiler pressure low after service",
        "Since the service the boiler pressure is low.",
        "Bled the radiators and topped up the boiler pressure.",
        solver=agent,
        status=Status.CLOSED,
    )
    case = make_case(subject="Boiler pressure low", body="The boiler pressure is low.")

    found = similar_cases(agent, case)

    assert closed.pk in {item.case.pk for item in found}


def test_each_suggestion_says_how_when_and_by_whom_it_was_solved(desk, agent):
    case = make_case(subject="Front door lock stiff again", body="The key will not turn.")

    best = similar_cases(agent, case)[0]

    assert best.case.pk == desk.solved["door-lock"].pk
    assert best.solution == "Lubricated the lock and adjusted the keeper on the frame."
    assert best.solution_kind == "reply"
    assert best.solved_by == agent
    assert best.solved_at == desk.solved["door-lock"].solved_at
    assert {"front", "door", "lock", "stiff"} <= set(best.shared_words)


def test_a_case_solved_without_a_reply_shows_its_last_note(agent):
    silent = solved_case(
        "Skylight leaking",
        "Water drips from the skylight when it rains.",
        note="Resealed the skylight flashing; customer happy.",
        solver=agent,
    )
    case = make_case(subject="Skylight leaks in the rain", body="Drips from the skylight.")

    [found] = similar_cases(agent, case)

    assert found.case.pk == silent.pk
    assert found.solution == "Resealed the skylight flashing; customer happy."
    assert found.solution_kind == "note"


def test_the_automatic_acknowledgement_is_not_taken_for_the_solution(agent):
    solved = solved_case("Skylight leaking", "Water drips from the skylight.", solver=agent)
    desk_messages.send_automatic_message(
        solved, body_text="We have your message and will answer within a day."
    )
    case = make_case(subject="Skylight leaks", body="Drips from the skylight.")

    [found] = similar_cases(agent, case)

    assert (found.solution, found.solution_kind) == ("", "")


def test_who_solved_it_falls_back_to_the_assignee_when_the_system_solved_it(agent, technician):
    solved = solved_case(
        "Skylight leaking", "Water drips from the skylight.", "Resealed it.", assignee=technician
    )
    case = make_case(subject="Skylight leaks", body="Drips from the skylight.")

    [found] = similar_cases(agent, case)

    assert found.case.pk == solved.pk
    assert found.solved_by == technician


def test_a_case_with_no_telling_words_has_no_suggestions(desk, agent):
    case = make_case(subject="Help", body="")

    assert similar_cases(agent, case) == []


def test_words_no_solved_case_has_find_nothing(desk, agent):
    case = make_case(subject="Zeppelin mooring mast", body="Our zeppelin drifts off its mast.")

    assert similar_cases(agent, case) == []


def test_at_most_the_asked_number_of_cases_come_back(desk, agent):
    case = make_case(subject="Boiler pressure", body="Boiler pressure boiler gutter invoice.")

    assert len(similar_cases(agent, case, limit=2)) == 2


@pytest.mark.parametrize("limit", [0, MAX_LIMIT + 1])
def test_a_limit_out_of_range_is_refused_with_a_clear_message(limit, desk, agent):
    case = make_case(subject="Boiler pressure")

    with pytest.raises(InvalidInput, match=f"between 1 and {MAX_LIMIT}"):
        similar_cases(agent, case, limit=limit)


def test_the_customers_own_name_and_address_do_not_count(agent):
    from tests.factories import ContactFactory, CustomerFactory

    customer = CustomerFactory(name="Kestrel Lettings", address="4 Orchard Close")
    contact = ContactFactory(customer=customer, name="Priya Walsh")
    solved_case(
        "Orchard Close: Kestrel fence",
        "Priya Walsh of Kestrel Lettings here about the fence at Orchard Close.",
        "Fixed.",
        solver=agent,
    )
    case = make_case(
        subject="Kestrel Lettings: tap dripping",
        body="Hello, Priya Walsh from Kestrel Lettings, 4 Orchard Close. The tap drips.",
        contact=contact,
    )

    assert similar_cases(agent, case) == []


# --- the words a case is looked up by -------------------------------------------------


def test_greetings_signatures_stop_words_and_numbers_are_not_query_words():
    words = query_words(
        "Boiler at 12 Mill Lane",
        "Hello Rebecca,\n\nThe boiler is leaking since 2019 and we have no heating.\n\nColin",
    )

    assert [(w.word, w.in_subject) for w in words] == [
        ("boiler", True),
        ("mill", True),
        ("lane", True),
        ("leaking", False),
        ("heating", False),
    ]


# --- the solution excerpt -------------------------------------------------------------


def test_the_excerpt_drops_the_greeting_and_the_quoted_customer_mail():
    reply = (
        "Hello Ann,\n\nWe replaced the pump.\nAll working now.\n\n"
        "On Tue, 3 Mar 2026 Ann <ann@example.com> wrote:\n> It is broken\n> again"
    )

    assert solution_excerpt(reply) == "We replaced the pump. All working now."


def test_a_long_solution_is_cut_at_a_word_with_an_ellipsis():
    excerpt = solution_excerpt("word " * 200, limit=50)

    assert excerpt.endswith("word…")
    assert len(excerpt) <= 51


def test_a_case_merged_into_another_is_not_offered_as_a_separate_solution(desk, agent):
    from rightthere.merging.actions import merge_cases

    survivor = desk.solved["boiler-pressure"]
    duplicate = make_case(
        subject="Boiler pressure drops at night",
        body="Our boiler loses pressure every night.",
        customer=survivor.customer,
    )
    # Solved too (an open duplicate would reopen the solved survivor).
    casework.change_status(duplicate, actor=agent, status=Status.SOLVED)
    merge_cases(duplicate, into=survivor, actor=agent)
    case = make_case(subject="Boiler pressure drops", body="The boiler loses pressure.")

    found = [item.case.pk for item in similar_cases(agent, case)]

    assert survivor.pk in found
    assert duplicate.pk not in found

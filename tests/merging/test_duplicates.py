"""Likely duplicates: open cases of the same customer or contact, opened within a window
of days, with a similar subject or first message, best first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case, Status
from rightthere.desk import casework
from rightthere.merging.actions import merge_cases
from rightthere.merging.duplicates import likely_duplicates, subject_similarity
from tests.factories import ContactFactory, CustomerFactory, make_case

pytestmark = pytest.mark.django_db


def suggested(case):
    return [s.case for s in likely_duplicates(case, Case.objects.all())]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_similar_open_case_of_the_same_contact_is_suggested_with_its_reasons(contact):
    first = make_case(
        subject="Boiler bangs at night",
        body="It bangs every night.",
        contact=contact,
        opened_at=days_ago(2),
    )
    second = make_case(
        subject="Re: boiler banging at night", body="Loud noise again.", contact=contact
    )

    [suggestion] = likely_duplicates(second, Case.objects.all())

    assert suggestion.case == first
    assert suggestion.score >= 0.5
    assert suggestion.reasons == ["same contact", "similar subject", "opened 2 days apart"]


def test_best_match_comes_first(contact):
    close = make_case(subject="Boiler bangs at night", contact=contact, opened_at=days_ago(1))
    loose = make_case(
        subject="Boiler service",
        body="Please service the boiler at night.",
        contact=contact,
        opened_at=days_ago(1),
    )
    case = make_case(subject="Boiler bangs at night again", contact=contact)

    assert suggested(case) == [close, loose]


def test_same_customer_through_another_contact_counts(contact):
    colleague = ContactFactory(customer=contact.customer)
    first = make_case(subject="Printer jams on floor 2", contact=colleague)
    case = make_case(subject="Printer on floor 2 jams", contact=contact)

    [suggestion] = likely_duplicates(case, Case.objects.all())

    assert suggestion.case == first
    assert suggestion.reasons[0] == "same customer"


def test_the_same_email_address_under_another_customer_counts():
    twin = ContactFactory(customer=CustomerFactory(), email="JO@example.com")
    first = make_case(subject="Heating is off", contact=twin)
    case = make_case(subject="Heating is off", contact=ContactFactory(email="jo@example.com"))

    [suggestion] = likely_duplicates(case, Case.objects.all())

    assert suggestion.case == first
    assert suggestion.reasons[0] == "same e-mail address, another customer"


def test_unrelated_subjects_are_not_suggested(contact):
    make_case(subject="Invoice charged twice", body="We paid the invoice twice.", contact=contact)
    case = make_case(subject="Boiler bangs at night", contact=contact)

    assert suggested(case) == []


def test_cases_of_other_customers_are_not_suggested():
    make_case(subject="Boiler bangs at night")
    case = make_case(subject="Boiler bangs at night")

    assert suggested(case) == []


def test_closed_and_merged_cases_are_not_suggested(contact, agent):
    closed = make_case(subject="Boiler bangs at night", contact=contact)
    casework.change_status(closed, actor=agent, status=Status.CLOSED)
    merged = make_case(subject="Boiler bangs at night", contact=contact)
    survivor = make_case(subject="Boiler bangs at night", contact=contact)
    merge_cases(merged, into=survivor, actor=agent)
    case = make_case(subject="Boiler bangs at night", contact=contact)
    merged.refresh_from_db()

    assert suggested(case) == [survivor]
    assert suggested(merged) == []


def test_only_cases_opened_within_the_window_are_suggested(contact):
    make_case(subject="Boiler bangs at night", contact=contact, opened_at=days_ago(15))
    recent = make_case(subject="Boiler bangs at night", contact=contact, opened_at=days_ago(13))
    case = make_case(subject="Boiler bangs at night", contact=contact)

    assert suggested(case) == [recent]


def test_the_window_is_a_setting(contact, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "DUPLICATE_WINDOW_DAYS": 3}
    make_case(subject="Boiler bangs at night", contact=contact, opened_at=days_ago(4))
    recent = make_case(subject="Boiler bangs at night", contact=contact, opened_at=days_ago(2))
    case = make_case(subject="Boiler bangs at night", contact=contact)

    assert suggested(case) == [recent]


def test_a_similar_first_message_is_enough_when_the_subjects_differ(contact):
    first = make_case(
        subject="Help please",
        body="The kitchen tap drips constantly and the washer looks worn.",
        contact=contact,
    )
    case = make_case(
        subject="Dripping",
        body="Kitchen tap drips constantly, the washer is worn I think.",
        contact=contact,
    )

    [suggestion] = likely_duplicates(case, Case.objects.all())

    assert suggestion.case == first
    assert "similar message" in suggestion.reasons


def test_subject_similarity_ignores_reply_prefixes_and_references():
    assert subject_similarity("Re: Boiler bangs [RT-000012]", "boiler bangs") == 1.0
    assert subject_similarity("", "boiler bangs") == 0.0

"""The promise chip under the composer says the reply's promise will be recorded when it
is sent, and "Not a promise" (the composer's read_promises=0) says nothing will be."""

import pytest
from django.urls import reverse

from tests.factories import make_case

pytestmark = pytest.mark.django_db

DRAFT = "We will send the engineer by Friday. We will email you the invoice tomorrow."


def test_the_chip_says_the_promise_is_recorded_when_sent(agent, client):
    client.force_login(agent)
    case = make_case(assignee=agent)

    chip = client.post(
        reverse("coach_promise_read"), {"body": DRAFT, "case": str(case.pk)}
    ).content.decode()

    assert "Will be recorded as a promise when you send" in chip
    assert "(and 1 more commitment with a date)" in chip
    assert ">Edit</button>" in chip
    assert 'data-read="0">Not a promise</button>' in chip


def test_the_chip_after_not_a_promise_says_nothing_is_recorded(agent, client):
    client.force_login(agent)
    case = make_case(assignee=agent)

    chip = client.post(
        reverse("coach_promise_read"), {"body": DRAFT, "case": str(case.pk), "read_promises": "0"}
    ).content.decode()

    assert "Nothing is recorded when you send." in chip
    assert "Will be recorded" not in chip
    assert 'data-read="1">Record it after all</button>' in chip


def test_a_vague_time_is_named_once_by_the_check_and_otherwise_by_the_chip(agent, client):
    client.force_login(agent)
    case = make_case(assignee=agent)

    def read(body):
        chip = client.post(reverse("coach_promise_read"), {"body": body, "case": str(case.pk)})
        check = client.post(reverse("coach_check"), {"body": body, "case": str(case.pk)})
        return chip.content.decode(), check.content.decode()

    # The check flags it, with "Use “… by <date>”" filling in the promise: the chip is quiet.
    chip, check = read("We'll get back to you soon.")
    assert "data-promise-vague" not in chip
    assert check.count("Vague time") == 1
    assert "we&#x27;ll get back to you by" in check.lower()

    # A commitment the check's patterns do not flag still gets the chip's "has no date".
    chip, check = read("I will email you the invoice.")
    assert "data-promise-vague" in chip
    assert "has no date" in chip
    assert "Vague time" not in check

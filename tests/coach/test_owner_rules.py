"""Owners extend the reply check in Settings → Reply check, the API and a command."""

import pytest
from django.core.management import call_command
from django.test import Client

from rightthere.coach import owner_rules
from rightthere.coach.actions import check_draft
from rightthere.coach.models import CoachPhrase
from rightthere.core.errors import InvalidInput, NotAllowed

URL = "/settings/reply-check/"


def test_a_pattern_is_tried_on_the_labelled_set_and_a_sentence(db):
    trial = owner_rules.try_rule(
        "excuse", "(we|I) (be|have been) (run|worked) off our feet", "We were run off our feet."
    )

    assert trial.replies >= 300
    assert trial.sentence_findings == ["We were run off our feet"]
    assert trial.false_alarms == 0


def test_a_pattern_that_flags_clean_replies_shows_its_false_alarms(db):
    trial = owner_rules.try_rule("vague_commitment", "will")

    assert trial.false_alarms > 0 and trial.false_examples


def test_an_added_pattern_is_checked_and_a_turned_off_one_is_not(owner, db):
    owner_rules.add_rule(owner, "excuse", "the van broke down")
    owner_rules.turn_off_shipped(owner, "no_problem", "=np")

    found = {(f.category, f.text) for f in check_draft("Np. The van broke down again.")}

    assert ("excuse", "The van broke down") in found
    assert not any(c == "no_problem" for c, _ in found)


@pytest.mark.parametrize(
    ("category", "pattern", "message"),
    [
        ("excuse", "(we were", "cannot be read"),
        ("shouting", "loud", "Choose a category"),
        ("excuse", "  ", "Give the words"),
    ],
)
def test_a_bad_rule_is_refused_with_the_reason(owner, category, pattern, message):
    with pytest.raises(InvalidInput, match=message):
        owner_rules.add_rule(owner, category, pattern)
    assert not CoachPhrase.objects.exists()


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners_change_rules(role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(NotAllowed):
        owner_rules.add_rule(user, "excuse", "the van broke down")


def test_the_owner_tries_then_saves_on_the_settings_page(owner):
    client = Client()
    client.force_login(owner)
    data = {
        "category": "excuse",
        "pattern": "the van broke down",
        "sentence": "The van broke down.",
    }

    tried = client.post(URL, {**data, "action": "try"})
    assert tried.status_code == 200
    assert b"newly flag" in tried.content and b"<mark>The van broke down</mark>" in tried.content
    assert not CoachPhrase.objects.exists()

    saved = client.post(URL, {**data, "action": "save"})
    assert saved.status_code == 302
    assert CoachPhrase.objects.get().phrase == "the van broke down"


def test_a_bad_pattern_on_the_page_keeps_the_input_and_says_why(owner):
    client = Client()
    client.force_login(owner)

    response = client.post(URL, {"category": "excuse", "pattern": "(we were", "action": "save"})

    assert response.status_code == 400
    assert b"cannot be read" in response.content and b'value="(we were"' in response.content


@pytest.mark.parametrize(
    ("role", "status"),
    [("owner", 200), ("agent", 403), ("technician", 403), ("subcontractor", 403)],
)
def test_the_settings_page_is_for_owners(role, status, request):
    client = Client()
    client.force_login(request.getfixturevalue(role))

    assert client.get(URL).status_code == status


def test_anonymous_is_sent_to_log_in(db):
    assert Client().get(URL).status_code == 302


@pytest.mark.parametrize(
    ("role", "status"),
    [("owner", 201), ("agent", 403), ("technician", 403), ("subcontractor", 403)],
)
def test_the_api_adds_a_rule_for_owners_only(role, status, request, api_as):
    client = api_as(request.getfixturevalue(role))

    response = client.post(
        "/api/coach/rules",
        {"category": "excuse", "pattern": "the van broke down"},
        content_type="application/json",
    )

    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["trial"]["replies"] >= 300


def test_the_api_refuses_a_bad_pattern_with_422(owner, api_as):
    response = api_as(owner).post(
        "/api/coach/rules/try",
        {"category": "excuse", "pattern": "(we were"},
        content_type="application/json",
    )

    assert response.status_code in (400, 422)
    assert "cannot be read" in response.content.decode()


def test_the_command_tries_and_adds(owner, capsys):
    call_command("coach_rule", "add", "excuse", "the van broke down", "--as", owner.email,
                 "--sentence", "The van broke down.")  # fmt: skip

    out = capsys.readouterr().out
    assert "labelled replies" in out and "Saved as rule" in out
    assert CoachPhrase.objects.get().created_by == owner

"""Saving canned replies: known placeholders only, the reply check, and who may save what."""

import pytest

from rightthere.canned.access import visible_canned_replies
from rightthere.canned.actions import (
    ReplyCheckFindings,
    UnknownPlaceholder,
    delete_canned_reply,
)
from rightthere.canned.models import CannedReply
from rightthere.core.errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db


def test_an_unknown_placeholder_is_refused_with_the_known_one_suggested(write, agent):
    with pytest.raises(UnknownPlaceholder) as refused:
        write(agent, body="Hello {customer.firstname}, about {weather.today}.")

    assert refused.value.message == (
        "Unknown placeholders: {customer.firstname} (did you mean {customer.first_name}?), "
        "{weather.today}. Use one from the list of placeholders, or remove the braces."
    )
    assert not CannedReply.objects.exists()


def test_the_reply_check_runs_on_save_and_its_findings_block_it(write, agent):
    with pytest.raises(ReplyCheckFindings) as refused:
        write(agent, body="No problem, we'll get back to you soon.")

    assert [f.category for f in refused.value.findings] == ["no_problem", "vague_commitment"]
    assert "“No problem”" in refused.value.message
    assert "save anyway" in refused.value.message
    assert not CannedReply.objects.exists()


def test_saving_anyway_keeps_the_wording_and_counts_the_findings(write, agent):
    reply = write(agent, body="No problem, we'll get back to you soon.", save_anyway=True)

    assert reply.body == "No problem, we'll get back to you soon."
    assert reply.reply_check_findings == 2


def test_a_date_placeholder_counts_as_a_date_for_the_reply_check(write, agent):
    reply = write(agent, body="We'll get back to you by {promise.due}.")

    assert reply.reply_check_findings == 0


def test_fixing_the_wording_clears_the_count(write, agent):
    reply = write(agent, body="No problem at all.", save_anyway=True)

    fixed = write(agent, title="Thanks", body="You're welcome.", reply=reply)

    assert fixed.pk == reply.pk
    assert fixed.reply_check_findings == 0


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("  ", "Hello", "Give the reply a title."),
        ("Hi", "   ", "Give the reply a text."),
        ("x" * 121, "Hello", "Keep the title to at most 120 characters."),
        ("Hi", "x" * 10_001, "Keep the text to at most 10000 characters."),
        ("Hi", "Hello\x00", "The text must not contain NUL characters."),
    ],
)
def test_a_blank_or_oversized_reply_is_refused(write, agent, title, body, message):
    with pytest.raises(InvalidInput, match=message):
        write(agent, title=title, body=body)


def test_anyone_keeps_personal_replies_that_only_they_see(write, technician, agent):
    reply = write(technician, title="My sign-off", body="Cheers, {agent.first_name}")

    assert reply.owner == technician
    assert list(visible_canned_replies(technician)) == [reply]
    assert list(visible_canned_replies(agent)) == []


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
@pytest.mark.parametrize("scope", ["team", "everyone"])
def test_only_owners_and_agents_save_shared_replies(write, teams, request, role, scope):
    team = teams["boiler"] if scope == "team" else None

    with pytest.raises(NotAllowed, match="save it as your own"):
        write(request.getfixturevalue(role), scope=scope, team=team)


def test_a_team_reply_needs_its_team(write, agent):
    with pytest.raises(InvalidInput, match="Choose the team"):
        write(agent, scope="team", team=None)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("owner", ["Boiler parts", "Desk hello", "Office only", "Olivia's own"]),
        ("agent", ["Boiler parts", "Desk hello", "Office only"]),
        ("technician", ["Boiler parts", "Desk hello"]),
        ("subcontractor", ["Desk hello"]),
    ],
)
def test_each_role_sees_its_own_its_teams_and_the_desks_replies(library, request, role, sees):
    user = request.getfixturevalue(role)

    assert [r.title for r in visible_canned_replies(user)] == sees


def test_a_team_member_who_is_no_manager_may_use_but_not_change_the_team_reply(
    write, library, technician
):
    with pytest.raises(NotAllowed):
        write(technician, reply=library["boiler"], title="Mine now", scope="personal")
    with pytest.raises(NotAllowed):
        delete_canned_reply(technician, library["boiler"])

    assert CannedReply.objects.filter(title="Boiler parts").exists()


def test_an_agent_moves_a_team_reply_to_the_whole_desk(write, library, agent):
    moved = write(agent, reply=library["office"], title="Office only", scope="everyone",
                  body="Hello from the office.")  # fmt: skip

    assert (moved.team, moved.owner, moved.updated_by) == (None, None, agent)


def test_the_owner_of_a_personal_reply_deletes_it(library, owner):
    delete_canned_reply(owner, library["personal"])

    assert not CannedReply.objects.filter(title="Olivia's own").exists()


def test_placeholders_are_not_read_as_words_by_the_reply_check():
    """ "{agent.first_name}" once read as "agent first name": five words, enough for the
    learned scorer to guess at a bare sign-off. Names and references are left out, dates
    read as a date."""
    from rightthere.canned.actions import wording_findings

    assert wording_findings("Best wishes, {agent.first_name}") == []
    assert wording_findings("Kind regards, {agent.name}, {business.name} ({case.reference})") == []
    assert wording_findings("We'll be with you soon.")  # the check still reads the words
    assert not wording_findings("We'll be with you on {promise.due}.")  # a date, not "soon"

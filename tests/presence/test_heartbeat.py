"""The case page's heartbeat: who else is on the case, and who may say they are."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from rightthere.jobs.periodic import JOBS
from rightthere.presence.actions import heartbeat
from rightthere.presence.models import CaseSeen, Presence
from tests.factories import UserFactory, make_case

pytestmark = pytest.mark.django_db


def beat(client, case, state="viewing", **extra):
    return client.post(reverse("case_presence", args=[case.pk]), {"state": state, **extra})


@pytest.fixture
def anna():
    return UserFactory(username="anna", first_name="Anna", last_name="Berg")


def test_the_line_names_the_others_on_the_case_and_what_they_do(agent, owner, anna, as_user):
    case = make_case(assignee=agent)
    heartbeat(anna, case, "writing")
    heartbeat(owner, case, "viewing")

    line = beat(as_user(agent), case).content.decode()

    assert "Anna Berg is writing a reply" in line
    assert f"{owner.display_name} is viewing" in line
    assert line.index("Anna Berg") < line.index(owner.display_name)  # writers first
    assert agent.display_name not in line  # never yourself


def test_someone_not_heard_from_for_45_seconds_has_left(agent, anna, as_user):
    case = make_case(assignee=agent)
    heartbeat(anna, case, "writing", at=timezone.now() - timedelta(seconds=46))

    assert beat(as_user(agent), case).content.decode() == ""


def test_a_heartbeat_is_one_upsert_and_one_select(agent, anna, as_user, django_assert_num_queries):
    case = make_case(assignee=agent)
    heartbeat(anna, case, "viewing")
    client = as_user(agent)
    beat(client, case)

    # the session with its person, the case (permission-checked), the upsert, the others
    with django_assert_num_queries(4):
        response = beat(client, case, "writing")

    assert "Anna Berg is viewing" in response.content.decode()
    assert Presence.objects.get(user=agent, case=case).state == "writing"


def test_the_first_beat_after_opening_the_page_marks_the_case_read(agent, as_user):
    case = make_case(assignee=agent)
    client = as_user(agent)

    beat(client, case)
    assert not CaseSeen.objects.filter(user=agent, case=case).exists()

    beat(client, case, opened="1")
    assert CaseSeen.objects.filter(user=agent, case=case).exists()


def test_an_unknown_state_is_refused_with_a_reason(agent, as_user):
    case = make_case(assignee=agent)

    response = beat(as_user(agent), case, state="dancing")

    assert response.status_code == 400
    assert "viewing or writing" in response.content.decode()
    assert not Presence.objects.exists()


# --- Who may beat --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "agent"])
def test_owners_and_agents_beat_on_any_case(role, request, as_user):
    case = make_case(assignee=UserFactory())

    response = beat(as_user(request.getfixturevalue(role)), case)

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_technicians_and_partners_beat_only_on_the_cases_they_can_see(role, request, as_user):
    user = request.getfixturevalue(role)
    theirs = make_case(assignee=user)
    someone_elses = make_case(assignee=UserFactory())
    client = as_user(user)

    assert beat(client, theirs).status_code == 200
    assert beat(client, someone_elses).status_code == 404
    assert not Presence.objects.filter(case=someone_elses).exists()


def test_anonymous_is_sent_to_log_in(client):
    case = make_case()

    response = client.post(reverse("case_presence", args=[case.pk]), {"state": "viewing"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Presence.objects.exists()


def test_a_heartbeat_must_be_posted(agent, as_user):
    case = make_case(assignee=agent)

    assert as_user(agent).get(reverse("case_presence", args=[case.pk])).status_code == 405


# --- Pruning -------------------------------------------------------------------------


def test_the_command_lists_who_is_on_which_case_and_prunes_the_rest(agent, anna, capsys):
    case = make_case(assignee=agent)
    heartbeat(anna, case, "writing")
    heartbeat(agent, case, "viewing", at=timezone.now() - timedelta(minutes=5))

    call_command("presence")
    listed = capsys.readouterr().out
    call_command("presence", "--prune")
    pruned = capsys.readouterr().out

    assert f"{case.reference}  Anna Berg is writing a reply" in listed
    assert agent.display_name not in listed
    assert pruned.strip() == "Deleted 1 presence row."
    assert list(Presence.objects.values_list("user__username", flat=True)) == ["anna"]


def test_the_command_refuses_a_negative_age(agent):
    with pytest.raises(CommandError, match="0 or more seconds"):
        call_command("presence", "--prune", "--older-than", "-5")


def test_a_periodic_job_prunes_stale_presence(agent, anna):
    case = make_case(assignee=agent)
    heartbeat(anna, case, "viewing", at=timezone.now() - timedelta(hours=1))
    heartbeat(agent, case, "viewing")

    result = JOBS["prune-presence"].run()

    assert result == {"presence_pruned": 1}
    assert list(Presence.objects.values_list("user_id", flat=True)) == [agent.pk]

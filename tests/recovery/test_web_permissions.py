"""Who may press the recovery buttons and open the improvements pages."""

import pytest
from django.urls import reverse

from rightthere.recovery.models import Recovery
from tests.world import open_case_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaints(technician, subcontractor):
    people = {"technician": technician, "subcontractor": subcontractor}
    own = open_case_for("technician", people, kind="complaint")
    partners = open_case_for("partner", people, kind="complaint")
    other = open_case_for("managers", people, kind="complaint")
    return {"own": own, "partners": partners, "other": other}


@pytest.mark.parametrize(
    ("role", "case_key", "answer"),
    [
        ("owner", "other", 302), ("agent", "other", 302),
        ("technician", "own", 302), ("technician", "other", 404),
        ("subcontractor", "partners", 302), ("subcontractor", "other", 404),
    ],
)  # fmt: skip
def test_feedback_step_for_each_role(role, case_key, answer, complaints, as_user, request):
    case = complaints[case_key]
    client = as_user(request.getfixturevalue(role))

    response = client.post(
        reverse("recovery_step", args=[case.pk, "feedback"]), {"feedback": "Call first"}
    )

    assert response.status_code == answer
    recorded = Recovery.objects.get(case=case).feedback == "Call first"
    assert recorded is (answer == 302)


def test_only_an_owner_can_waive_a_step(complaints, owner, agent, as_user):
    case = complaints["other"]

    as_user(agent).post(
        reverse("recovery_step", args=[case.pk, "waive"]), {"step": 2, "reason": "x"}
    )
    assert not case.recovery.waivers.exists()
    as_user(owner).post(
        reverse("recovery_step", args=[case.pk, "waive"]), {"step": 2, "reason": "x"}
    )
    assert case.recovery.waivers.get().step == 2


def test_anonymous_is_sent_to_log_in(complaints, client):
    case = complaints["other"]

    response = client.post(reverse("recovery_step", args=[case.pk, "feedback"]), {"feedback": "x"})

    assert response.status_code == 302
    assert Recovery.objects.get(case=case).feedback == ""


@pytest.mark.parametrize(
    ("role", "answer"),
    [("owner", 200), ("agent", 200), ("technician", 403), ("subcontractor", 403)],
)
def test_improvements_pages_are_for_owners_and_agents(role, answer, as_user, request, owner):
    from rightthere.recovery.actions import create_improvement
    from rightthere.recovery.models import RootCause

    improvement = create_improvement(
        actor=owner, title="Check part numbers", root_cause=RootCause.objects.first()
    )
    client = as_user(request.getfixturevalue(role))

    assert client.get(reverse("improvement_list")).status_code == answer
    assert client.get(reverse("improvement_detail", args=[improvement.pk])).status_code == answer


def test_agent_records_an_improvement_from_the_page(agent, as_user):
    from rightthere.recovery.models import RootCause

    cause = RootCause.objects.get(name="Vendor")
    response = as_user(agent).post(reverse("improvement_list"), {
        "title": "Second supplier for valves", "root_cause": cause.pk, "changed_on": "2026-11-01",
    })  # fmt: skip

    assert response.status_code == 302
    page = as_user(agent).get(response["Location"]).content.decode()
    assert "Second supplier for valves" in page
    assert "in the 8 weeks before the change" in page

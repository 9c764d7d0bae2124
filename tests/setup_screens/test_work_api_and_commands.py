"""The work set-up screens' twins: /api/checklist-templates, /api/root-causes,
/api/relationship-rules (and /api/integrations for review sources) and the commands
`rightthere checklists`, `root_causes`, `relationship_rules`, through the same functions:
owners only, bad input refused with its message, each change in the change log."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from rightthere.accounts.models import SettingsChange
from rightthere.accounts.tokens import create_api_token
from rightthere.checklists.models import ChecklistTemplate
from rightthere.insights.models import RelationshipRules
from rightthere.recovery.models import RootCause

pytestmark = pytest.mark.django_db

REPAIRS = {"name": "Boiler repair", "case_kind": "repair", "apply_automatically": True,
           "steps": ["Check the pressure", "Bleed the radiators"]}  # fmt: skip


def api(client, user):
    _, key = create_api_token(user, "test")
    return lambda method, path, body=None: getattr(client, method)(
        f"/api{path}", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def test_owner_sets_up_a_checklist_through_the_api(client, owner):
    call = api(client, owner)
    made = call("post", "/checklist-templates", REPAIRS)
    template_id = made.json()["id"]
    changed = call("put", f"/checklist-templates/{template_id}",
                   {**REPAIRS, "steps": ["Check the pressure", "Fit the part"]})  # fmt: skip
    removed = call("delete", f"/checklist-templates/{template_id}")

    assert made.status_code == 201
    assert made.json()["steps"] == ["Check the pressure", "Bleed the radiators"]
    assert changed.json()["steps"] == ["Check the pressure", "Fit the part"]
    assert removed.status_code == 204
    assert not ChecklistTemplate.objects.exists()
    assert SettingsChange.objects.filter(screen="checklists", actor=owner).count() == 3


def test_a_checklist_without_steps_is_refused_with_its_message(client, owner):
    response = api(client, owner)("post", "/checklist-templates", {**REPAIRS, "steps": [" "]})
    assert response.status_code == 400
    assert response.json()["detail"] == "Write at least one step, one per line."


def test_owner_sets_up_root_causes_through_the_api(client, owner):
    call = api(client, owner)
    made = call("post", "/root-causes", {"name": "Weather"})
    cause_id = made.json()["id"]
    hidden = call("patch", f"/root-causes/{cause_id}", {"active": False})
    twice = call("post", "/root-causes", {"name": "weather"})
    removed = call("delete", f"/root-causes/{cause_id}")

    assert made.status_code == 201
    assert hidden.json() == {"id": cause_id, "name": "Weather", "active": False}
    assert twice.status_code == 400
    assert "There is already a root cause" in twice.json()["detail"]
    assert removed.status_code == 204
    assert not RootCause.objects.filter(pk=cause_id).exists()
    assert SettingsChange.objects.filter(screen="root_causes").count() == 3


def test_owner_changes_the_relationship_rules_through_the_api(client, owner):
    call = api(client, owner)
    changed = call("patch", "/relationship-rules", {"call_every_days_lost": 14})
    refused = call("patch", "/relationship-rules", {"lost_after_days": 0})

    assert changed.status_code == 200
    assert changed.json()["call_every_days_lost"] == 14
    assert call("get", "/relationship-rules").json()["lost_after_days"] == 365
    assert refused.status_code == 422
    assert RelationshipRules.current().lost_after_days == 365
    assert SettingsChange.objects.filter(screen="relationship_rules").count() == 1


def test_adding_a_review_source_through_the_api_is_in_the_change_log(client, owner):
    response = api(client, owner)("post", "/integrations", {"name": "Google", "kind": "reviews"})
    assert response.status_code == 201
    assert SettingsChange.objects.get().summary.startswith("Added the review platform “Google”")


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_only_owners_change_the_work_set_up_through_the_api(request, client, who):
    call = api(client, request.getfixturevalue(who))
    cause = RootCause.objects.create(name="Supplier late")

    statuses = [
        call("post", "/checklist-templates", REPAIRS).status_code,
        call("post", "/root-causes", {"name": "Weather"}).status_code,
        call("patch", f"/root-causes/{cause.pk}", {"active": False}).status_code,
        call("delete", f"/root-causes/{cause.pk}").status_code,
        call("patch", "/relationship-rules", {"lost_after_days": 9}).status_code,
        call("get", "/relationship-rules").status_code,
        call("post", "/integrations", {"name": "Google", "kind": "reviews"}).status_code,
    ]

    assert statuses == [403] * 7
    assert not ChecklistTemplate.objects.exists()
    assert RootCause.objects.get(pk=cause.pk).active
    assert not RootCause.objects.filter(name="Weather").exists()
    assert not SettingsChange.objects.exists()


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_owner_sets_up_checklists_from_the_command_line(owner):
    run("checklists", "add", "Boiler repair", "--kind", "repair", "--automatic",
        "--step", "Check the pressure", "--step", "Bleed the radiators", "--as", "olivia")  # fmt: skip

    assert "Boiler repair\trepair\tautomatic\tCheck the pressure; Bleed the radiators" in run(
        "checklists", "list"
    )
    run("checklists", "remove", "boiler repair", "--as", "olivia")
    assert not ChecklistTemplate.objects.exists()
    assert SettingsChange.objects.filter(screen="checklists", actor=owner).count() == 2


def test_the_checklists_command_refuses_with_the_screens_message(owner, agent):
    with pytest.raises(CommandError, match="Write at least one step"):
        run("checklists", "add", "Empty", "--as", "olivia")
    with pytest.raises(CommandError, match="Only owners can set up checklists"):
        run("checklists", "add", "X", "--step", "One", "--as", "adam")


def test_owner_keeps_root_causes_from_the_command_line(owner):
    run("root_causes", "add", "Wether", "--as", "olivia")
    run("root_causes", "rename", "Wether", "Weather", "--as", "olivia")
    run("root_causes", "hide", "Weather", "--as", "olivia")

    assert "Weather\thidden" in run("root_causes", "list")
    with pytest.raises(CommandError, match="There is already a root cause"):
        run("root_causes", "add", "weather", "--as", "olivia")
    assert SettingsChange.objects.filter(screen="root_causes").count() == 3


def test_owner_changes_the_relationship_rules_from_the_command_line(owner):
    shown = run("relationship_rules", "--lost-after-days", "200", "--as", "olivia")

    assert "Days without completed work before a customer is Lost: 200" in shown
    with pytest.raises(CommandError, match="A whole number from 1 to 3650"):
        run("relationship_rules", "--call-every-days-bad", "0", "--as", "olivia")
    assert RelationshipRules.current().call_every_days_bad == 60

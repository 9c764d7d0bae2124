"""/api/automation-rules: the screen's twin through the same functions (automation.setup),
owners only, bad input refused naming the field, and the command doing the same."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from rightthere.accounts.models import SettingsChange
from rightthere.automation.models import Rule
from rightthere.cases.models import Channel
from tests.desk.parity import api
from tests.factories import make_case

pytestmark = pytest.mark.django_db

RULE = {
    "name": "Reviews to the owner", "trigger": "case_opened",
    "conditions": [{"field": "channel", "op": "is", "value": "review"}],
    "actions": [{"type": "tag", "value": "review"}],
}  # fmt: skip


def send(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body) if body is not None else None,
                                   content_type="application/json")  # fmt: skip


def test_an_owner_sets_up_a_rule_through_the_api(owner):
    client = api(owner)
    made = send(client, "post", "/api/automation-rules", RULE)
    assert made.status_code == 201, made.content
    rule_id = made.json()["id"]
    assert made.json()["description"].startswith("when a case is opened and Channel is Review")

    second = send(client, "post", "/api/automation-rules",
                  {**RULE, "name": "Urgent", "conditions": [],
                   "actions": [{"type": "priority", "value": "urgent"}]})  # fmt: skip
    send(client, "post", f"/api/automation-rules/{second.json()['id']}/move", {"direction": "up"})
    send(client, "patch", f"/api/automation-rules/{rule_id}", {"active": False})
    changed = send(client, "put", f"/api/automation-rules/{rule_id}",
                   {**RULE, "name": "Reviews to Olivia", "active": False})  # fmt: skip

    assert changed.status_code == 200
    listed = client.get("/api/automation-rules").json()
    assert [(r["name"], r["active"]) for r in listed] == [
        ("Urgent", True), ("Reviews to Olivia", False),
    ]  # fmt: skip
    assert send(client, "delete", f"/api/automation-rules/{rule_id}").status_code == 204
    assert list(Rule.objects.values_list("name", flat=True)) == ["Urgent"]
    assert SettingsChange.objects.filter(screen="automation", actor=owner).count() == 6


def test_bad_input_names_the_row_at_fault_and_saves_nothing(owner):
    answer = send(api(owner), "post", "/api/automation-rules", {
        **RULE, "conditions": [{"field": "channel", "op": "is", "value": "pigeon"}]})  # fmt: skip
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("condition_1: Choose a value")
    missing = send(api(owner), "post", "/api/automation-rules", {**RULE, "actions": []})
    assert missing.status_code == 422
    assert not Rule.objects.exists()


def test_preview_lists_the_matching_recent_cases_and_writes_nothing(owner):
    review = make_case(channel=Channel.REVIEW)
    make_case(channel=Channel.PHONE)

    answer = send(api(owner), "post", "/api/automation-rules/preview",
                  {"trigger": "case_opened", "conditions": RULE["conditions"]})  # fmt: skip

    assert answer.status_code == 200
    body = answer.json()
    assert (body["checked"], body["matched"]) == (2, 1)
    assert body["cases"][0]["reference"] == review.reference
    assert not Rule.objects.exists()


def test_the_vocabulary_lists_what_a_rule_can_say(owner):
    body = api(owner).get("/api/automation-rules/vocabulary").json()
    assert body["conditions"]["channel"]["values"]["review"] == "Review"
    assert body["actions"]["tag"]["values"] is None
    assert "no_reply" in body["triggers"]


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_only_owners(role, request, owner):
    made = send(api(owner), "post", "/api/automation-rules", RULE).json()["id"]
    client = api(request.getfixturevalue(role))
    for method, url, body in [
        ("get", "/api/automation-rules", None),
        ("post", "/api/automation-rules", {**RULE, "name": "Mine"}),
        ("post", "/api/automation-rules/preview", {"trigger": "case_opened"}),
        ("get", f"/api/automation-rules/{made}", None),
        ("put", f"/api/automation-rules/{made}", {**RULE, "name": "Mine"}),
        ("patch", f"/api/automation-rules/{made}", {"active": False}),
        ("post", f"/api/automation-rules/{made}/move", {"direction": "up"}),
        ("delete", f"/api/automation-rules/{made}", None),
    ]:
        assert send(client, method, url, body).status_code == 403, (role, method, url)
    assert Rule.objects.get().name == "Reviews to the owner"


def one_rule_routes(rule_id):
    return [
        ("get", f"/api/automation-rules/{rule_id}", None),
        ("put", f"/api/automation-rules/{rule_id}", {**RULE, "name": "Mine"}),
        ("patch", f"/api/automation-rules/{rule_id}", {"active": False}),
        ("post", f"/api/automation-rules/{rule_id}/move", {"direction": "up"}),
        ("delete", f"/api/automation-rules/{rule_id}", None),
    ]


def test_anonymous_is_refused(owner):
    made = send(api(owner), "post", "/api/automation-rules", RULE).json()["id"]
    assert Client().get("/api/automation-rules").status_code == 401
    for method, url, body in one_rule_routes(made):
        assert send(Client(), method, url, body).status_code == 401, (method, url)
    assert Rule.objects.get().active


def test_an_owner_reads_one_rule_and_a_missing_one_is_not_found(owner):
    made = send(api(owner), "post", "/api/automation-rules", RULE).json()["id"]

    read = api(owner).get(f"/api/automation-rules/{made}")

    assert (read.status_code, read.json()["name"]) == (200, "Reviews to the owner")
    for method, url, body in one_rule_routes(made + 1):
        answer = send(api(owner), method, url, body)
        assert (answer.status_code, answer.json()["detail"]) == (404, "No such rule."), url


@pytest.mark.parametrize("role", ["agent", "technician"])
def test_others_are_refused_before_the_rule_is_looked_up(role, request):
    client = api(request.getfixturevalue(role))
    for method, url, body in one_rule_routes(12345):
        answer = send(client, method, url, body)
        assert answer.status_code == 403, (role, method, url)
        assert answer.json()["detail"] == "Only owners can set up automation rules."


def test_the_command_goes_through_the_same_functions(owner, capsys):
    call_command("automation", "add", "--name", "Reviews to the owner", "--when", "case_opened",
                 "--if", "channel:is:review", "--then", "tag:review",
                 "--then", f"assign:{owner.pk}", "--as", owner.username)  # fmt: skip
    made = Rule.objects.get()
    assert made.actions == [{"type": "tag", "value": "review"},
                            {"type": "assign", "value": str(owner.pk)}]  # fmt: skip
    make_case(channel=Channel.REVIEW)
    call_command("automation", "preview", "--when", "case_opened", "--if", "channel:is:review",
                 "--as", owner.username)  # fmt: skip
    call_command("automation", "list")
    out = capsys.readouterr().out
    assert "1 of the last 1 cases match" in out
    assert "1. Reviews to the owner (on): when a case is opened and Channel is Review" in out
    assert SettingsChange.objects.get(screen="automation").actor == owner

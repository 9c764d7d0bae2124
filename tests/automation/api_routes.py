"""This app's API routes for the project-wide permission matrix (tests/api/test_permissions.py):
automation rules are owners' set-up."""

from tests.api.matrix import OWNERS, OWNERS_ADD, OWNERS_REMOVE, route

ONE = "/api/automation-rules/{rule_id}"


def rule(name):
    return {"name": name, "trigger": "case_opened",
            "conditions": [{"field": "channel", "op": "is", "value": "review"}],
            "actions": [{"type": "tag", "value": "review"}]}  # fmt: skip


ROUTES: list = [
    route("get", "/api/automation-rules", OWNERS),
    route("get", "/api/automation-rules/vocabulary", OWNERS),
    # Each role's try has its own name: the owner's first one must not make the rest 400.
    route("post", "/api/automation-rules", OWNERS_ADD, body=lambda w: rule("Matrix new rule")),
    route("post", "/api/automation-rules/preview", OWNERS,
          body=lambda w: {"trigger": "case_opened", "conditions": []}),
    route("get", ONE, OWNERS, rule_id="automation_rule"),
    route("put", ONE, OWNERS, rule_id="automation_rule", body=lambda w: rule("Matrix rule")),
    route("patch", ONE, OWNERS, rule_id="automation_rule", body=lambda w: {"active": True}),
    route("post", ONE + "/move", OWNERS, rule_id="automation_rule",
          body=lambda w: {"direction": "up"}),
    route("delete", ONE, OWNERS_REMOVE, rule_id="spare_automation_rule"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A rule to read and change, and one to remove."""
    from rightthere.automation.setup import create_rule

    kept = create_rule(owner, **rule("Matrix rule"))
    spare = create_rule(owner, **{**rule("Spare rule"), "conditions": []})
    return {"automation_rule": kept.pk, "spare_automation_rule": spare.pk}

"""The checklist templates' set-up routes for the project-wide permission matrix
(tests/api/test_permissions.py): owners set up the checklists (everyone on the staff
reads them, and works on cases' checklists: tests/checklists/test_permissions.py)."""

from tests.api.matrix import OWNERS, OWNERS_ADD, OWNERS_REMOVE, route

ONE = "/api/checklist-templates/{template_id}"
TEMPLATE = {"name": "Gas safety check", "case_kind": "repair",
            "steps": ["Check the flue", "Test for leaks"]}  # fmt: skip

ROUTES = [
    route("post", "/api/checklist-templates", OWNERS_ADD, body=lambda w: TEMPLATE),
    route("put", ONE, OWNERS, template_id="checklist_template", body=lambda w: TEMPLATE),
    route("delete", ONE, OWNERS_REMOVE, template_id="checklist_template"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A checklist template with two steps."""
    from rightthere.checklists import setup

    template = setup.add_template(owner, name="Boiler service", case_kind="",
                                  steps=["Bleed the radiators", "Check the pressure"],
                                  apply_automatically=False)  # fmt: skip
    return {"checklist_template": template.pk}

"""Owners set up checklist templates in the admin, steps inline, without code."""

import pytest
from django.urls import reverse

from rightthere.checklists.models import ChecklistTemplate
from tests.checklists.factories import ChecklistTemplateFactory

pytestmark = pytest.mark.django_db


def inline_steps(*texts):
    data = {
        "steps-TOTAL_FORMS": str(len(texts)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "100",
    }
    for n, text in enumerate(texts):
        data[f"steps-{n}-position"] = str(n + 1)
        data[f"steps-{n}-text"] = text
    return data


def test_owner_adds_a_template_with_its_steps_in_the_admin(as_user, owner):
    response = as_user(owner).post(
        reverse("admin:checklists_checklisttemplate_add"),
        {
            "name": "Boiler repair",
            "case_kind": "repair",
            "apply_automatically": "on",
            **inline_steps("Diagnose on site", "Order the part", "Book the return visit"),
        },
    )

    assert response.status_code == 302, response.content
    template = ChecklistTemplate.objects.get(name="Boiler repair")
    assert (template.case_kind, template.apply_automatically) == ("repair", True)
    assert list(template.steps.values_list("text", flat=True)) == [
        "Diagnose on site",
        "Order the part",
        "Book the return visit",
    ]


def test_the_admin_lists_templates_with_their_kind_and_number_of_steps(as_user, owner):
    ChecklistTemplateFactory(name="Every case", steps=["Confirm the contact"])
    ChecklistTemplateFactory(name="Boiler repair", case_kind="repair")

    page = as_user(owner).get(reverse("admin:checklists_checklisttemplate_changelist"))

    assert page.status_code == 200
    html = page.content.decode()
    assert "any kind" in html
    assert "Repair" in html


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_staff_without_admin_rights_cannot_edit_templates(role, request, as_user):
    response = as_user(request.getfixturevalue(role)).get(
        reverse("admin:checklists_checklisttemplate_changelist")
    )

    assert response.status_code == 302

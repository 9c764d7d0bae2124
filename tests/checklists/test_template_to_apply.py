"""Applying a checklist template: the panel's form and the API find the template through
one accessor (checklists.access.template_to_apply), after the case's own check, so whoever
may not see the case learns nothing about templates either; whoever may work on it does."""

import pytest
from django.urls import reverse

from tests.checklists.conftest import MAY_NOT_SEE, MAY_WORK, checklist_state, send

pytestmark = pytest.mark.django_db

NO_SUCH_TEMPLATE = 999_999


def _by_web(web_as, desk, role, template_id):
    url = reverse("checklist_apply_template", args=[desk.case(role).pk])
    return web_as(role).post(url, {"template": template_id})


def _by_api(api_as, desk, role, template_id):
    return send(api_as(role), "post", f"/api/cases/{desk.case(role).pk}/checklist/apply-template",
                {"template_id": template_id})  # fmt: skip


@pytest.mark.parametrize("role", MAY_NOT_SEE)
@pytest.mark.parametrize(
    "template",
    [lambda desk: desk.template.pk, lambda desk: NO_SUCH_TEMPLATE],
    ids=["existing", "missing"],
)
def test_someone_elses_case_is_not_found_whatever_template_is_named(
    template, role, desk, web_as, api_as
):
    named = template(desk)
    before = checklist_state()

    web = _by_web(web_as, desk, role, named)
    api = _by_api(api_as, desk, role, named)

    assert (web.status_code, api.status_code) == (404, 404)
    assert checklist_state() == before


@pytest.mark.parametrize("role", MAY_WORK)
def test_who_works_on_the_case_applies_the_template_by_web_and_api(role, desk, web_as, api_as):
    web = _by_web(web_as, desk, role, desk.template.pk)
    desk.case(role).checklist_items.filter(from_template=desk.template).delete()
    api = _by_api(api_as, desk, role, desk.template.pk)

    assert (web.status_code, api.status_code) == (302, 201)
    assert desk.case(role).checklist_items.filter(from_template=desk.template).exists()

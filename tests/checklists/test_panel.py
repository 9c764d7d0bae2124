"""The checklist panel on the case page: ticking off, starting, adding, removing and
applying templates, with htmx (the panel comes back) and without (a redirect)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Kind
from rightthere.checklists import actions
from rightthere.checklists.models import CaseChecklistItem
from rightthere.checklists.panels import checklist_panel
from tests.checklists.conftest import checklist_state
from tests.checklists.factories import ChecklistTemplateFactory, make_checklist
from tests.factories import make_case

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def case(technician):
    return make_case(subject="Boiler leaking", assignee=technician, kind=Kind.REPAIR)


@pytest.fixture
def steps(case):
    return make_checklist(case, ["Order the valve", "Book the visit", "Fit the valve"])


@pytest.fixture
def tech_client(as_user, technician):
    return as_user(technician)


def url(name, case, step=None):
    return reverse(name, args=[case.pk] if step is None else [case.pk, step.pk])


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def state_of(step):
    return CaseChecklistItem.objects.get(pk=step.pk).state


def test_case_page_shows_the_steps_with_checkboxes_and_progress(tech_client, case, steps):
    actions.complete_item(steps[0], actor=None)

    page = tech_client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert 'id="checklist"' in page
    assert "1 of 3 done" in page
    assert page.count('type="checkbox" name="done"') == 3
    assert page.count('name="done" value="1" checked') == 1
    assert 'name="text"' in page  # the add-a-step input


def test_technician_ticks_off_a_step_with_htmx_and_gets_the_panel_back(tech_client, case, steps):
    response = tech_client.post(
        url("checklist_set_done", case, steps[0]), {"done": "1"}, headers=HTMX
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "case-changed"
    html = response.content.decode()
    assert html.startswith('<section class="card checklist" id="checklist"')
    assert "1 of 3 done" in html
    assert state_of(steps[0]) == "done"


def test_technician_ticks_off_a_step_without_javascript(tech_client, case, steps):
    response = tech_client.post(url("checklist_set_done", case, steps[0]), {"done": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#checklist"
    assert state_of(steps[0]) == "done"
    assert flashed(response) == []


def test_an_unchecked_box_unticks_the_step(tech_client, case, steps):
    actions.complete_item(steps[0], actor=None)

    response = tech_client.post(url("checklist_set_done", case, steps[0]), {}, headers=HTMX)

    assert "0 of 3 done" in response.content.decode()
    assert state_of(steps[0]) == "started"


def test_posting_the_same_tick_twice_leaves_it_ticked(tech_client, case, steps):
    tech_client.post(url("checklist_set_done", case, steps[0]), {"done": "1"})
    tech_client.post(url("checklist_set_done", case, steps[0]), {"done": "1"})

    assert state_of(steps[0]) == "done"


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_technician_starts_a_step(headers, tech_client, case, steps):
    tech_client.post(url("checklist_start_item", case, steps[1]), headers=headers)

    assert state_of(steps[1]) == "started"


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_technician_adds_a_step(headers, tech_client, case, steps):
    tech_client.post(
        url("checklist_add_item", case), {"text": "Test the pressure"}, headers=headers
    )

    assert case.checklist_items.last().text == "Test the pressure"


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_technician_removes_a_step(headers, tech_client, case, steps):
    tech_client.post(url("checklist_remove_item", case, steps[1]), headers=headers)

    assert list(case.checklist_items.values_list("text", flat=True)) == [
        "Order the valve",
        "Fit the valve",
    ]


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_agent_applies_a_template_from_the_panel(headers, as_user, agent, case, steps):
    template = ChecklistTemplateFactory(name="Boiler repair", steps=["Check the flue"])

    as_user(agent).post(url("checklist_apply_template", case), {"template": template.pk},
                        headers=headers)  # fmt: skip

    assert case.checklist_items.last().text == "Check the flue"


def test_the_panel_offers_templates_for_this_kind_or_any_not_yet_applied(tech_client, case, steps):
    ChecklistTemplateFactory(name="Boiler repair", case_kind=Kind.REPAIR)
    ChecklistTemplateFactory(name="Every case")
    ChecklistTemplateFactory(name="Complaint recovery", case_kind=Kind.COMPLAINT)
    applied = ChecklistTemplateFactory(name="Safety check", case_kind=Kind.REPAIR)
    actions.apply_template(case, applied, actor=None)

    page = tech_client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert ">Boiler repair</option>" in page
    assert ">Every case</option>" in page
    assert "Complaint recovery" not in page
    assert ">Safety check</option>" not in page


def test_the_panel_warns_when_the_checklist_has_not_been_started_in_time(tech_client, technician):
    case = make_case(assignee=technician)
    make_checklist(case, at=timezone.now() - timedelta(hours=30))

    page = tech_client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "Not started yet." in page


def test_the_panel_does_not_warn_about_a_fresh_checklist(tech_client, case, steps):
    page = tech_client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "Not started yet." not in page


def test_a_step_text_with_markup_is_shown_escaped(tech_client, case):
    make_checklist(case, ["<script>alert(1)</script>"])

    page = tech_client.get(reverse("case_detail", args=[case.pk])).content.decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- Bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write what the step is."), ("   ", "Write what the step is."),
     ("x" * 251, "A step is at most 250 characters; split it up.")],
    ids=["empty", "blank", "oversize"],
)  # fmt: skip
def test_a_bad_step_is_refused_with_a_flash_and_nothing_changes(
    text, message, tech_client, case, steps
):
    before = checklist_state()

    response = tech_client.post(url("checklist_add_item", case), {"text": text})

    assert response.status_code == 302
    assert flashed(response) == [message]
    assert checklist_state() == before


def test_a_bad_step_sent_by_htmx_shows_the_error_in_the_panel(tech_client, case, steps):
    before = checklist_state()

    response = tech_client.post(url("checklist_add_item", case), {"text": ""}, headers=HTMX)

    assert response.status_code == 200
    assert 'role="alert">Write what the step is.</p>' in response.content.decode()
    assert checklist_state() == before


def test_nul_characters_are_taken_out_of_a_new_step(tech_client, case):
    tech_client.post(url("checklist_add_item", case), {"text": "Order\x00 the valve"})

    assert case.checklist_items.get().text == "Order the valve"


@pytest.mark.parametrize("value", ["", "abc", "-1", "999999999", "1" * 40])
def test_an_unknown_template_is_refused(value, as_user, agent, case, steps):
    before = checklist_state()

    response = as_user(agent).post(url("checklist_apply_template", case), {"template": value})

    assert flashed(response) == ["That checklist template no longer exists; reload the page."]
    assert checklist_state() == before


def test_a_template_applied_twice_is_refused_the_second_time(as_user, agent, case):
    template = ChecklistTemplateFactory(name="Boiler repair")
    client = as_user(agent)
    client.post(url("checklist_apply_template", case), {"template": template.pk})
    before = checklist_state()

    response = client.post(url("checklist_apply_template", case), {"template": template.pk})

    assert flashed(response) == ["The steps of “Boiler repair” are already on this case."]
    assert checklist_state() == before


@pytest.mark.parametrize(
    "name", ["checklist_set_done", "checklist_start_item", "checklist_remove_item"]
)
def test_an_unknown_step_is_not_found(name, as_user, agent, case, steps):
    before = checklist_state()

    response = as_user(agent).post(reverse(name, args=[case.pk, 10**6]), {"done": "1"})

    assert response.status_code == 404
    assert checklist_state() == before


@pytest.mark.parametrize(
    "name", ["checklist_set_done", "checklist_start_item", "checklist_remove_item"]
)
def test_another_cases_step_is_not_found_through_this_case(name, as_user, agent, case, steps):
    other_step = make_checklist(make_case(subject="Gutter overflows"))[0]
    before = checklist_state()

    response = as_user(agent).post(reverse(name, args=[case.pk, other_step.pk]), {"done": "1"})

    assert response.status_code == 404
    assert checklist_state() == before


@pytest.mark.parametrize(
    "path",
    ["/cases/{case}/checklist/items/99999999999999999999999/done/",
     "/cases/99999999999999999999999/checklist/items/"],
)  # fmt: skip
def test_huge_ids_in_the_address_are_not_found(path, as_user, agent, case):
    response = as_user(agent).post(path.format(case=case.pk), {"text": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["checklist_add_item", "checklist_apply_template"])
def test_the_forms_only_accept_post(name, as_user, agent, case):
    response = as_user(agent).get(url(name, case))

    assert response.status_code == 405


def test_a_post_without_the_csrf_token_is_refused(agent, case, steps):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    before = checklist_state()

    response = client.post(url("checklist_set_done", case, steps[0]), {"done": "1"})

    assert response.status_code == 403
    assert checklist_state() == before


def test_a_post_with_the_csrf_token_from_the_page_is_accepted(agent, case, steps):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    client.get(reverse("case_detail", args=[case.pk]))
    token = client.cookies["csrftoken"].value

    client.post(
        url("checklist_set_done", case, steps[0]), {"done": "1", "csrfmiddlewaretoken": token}
    )

    assert state_of(steps[0]) == "done"


# --- Queries ------------------------------------------------------------------


def case_page_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_case_page_takes_as_many_queries_for_twenty_steps_as_for_two(
    as_user, agent, technician
):
    short = make_case(assignee=technician)
    long = make_case(assignee=technician)
    ChecklistTemplateFactory(name="Boiler repair")
    for case, count in ((short, 2), (long, 20)):
        steps = make_checklist(case, [f"Step {n}" for n in range(count)])
        actions.complete_item(steps[0], actor=agent)
        actions.start_item(steps[1], actor=technician)
    client = as_user(agent)
    case_page_queries(client, short)  # warm up: session, content types

    assert case_page_queries(client, long) == case_page_queries(client, short)


def test_the_panel_takes_two_queries(case, steps, agent, django_assert_num_queries):
    actions.complete_item(steps[0], actor=agent)
    ChecklistTemplateFactory(name="Boiler repair")

    with django_assert_num_queries(2):  # the steps with who ticked them off, the templates
        panel = checklist_panel(agent, case)
        html = render_to_string(panel.template, {"panel": panel.context})

    assert "1 of 3 done" in html

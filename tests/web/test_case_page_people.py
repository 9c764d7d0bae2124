"""Who the case page's header names (#23): owners and agents choose the assignee, team
and partner company among cached lists by id, so the page's query of the case joins
only the customer and contact for them; a technician reads the assignee's and the
partner's names, which that query brings along."""

import pytest
from django.urls import reverse

from rightthere.cases.actions import hand_to_partner
from tests.factories import PartnerCompanyFactory, SubcontractorFactory, make_case
from tests.web.test_query_counts import CASE_PAGE_QUERIES, TECHNICIAN_CASE_PAGE_QUERIES


@pytest.fixture(autouse=True)
def first_run_gate_passed(owner):
    """The first-run gate lets staff in once an owner exists."""


def header(client, case) -> str:
    html = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    start = html.index('<section class="case-header')
    return html[start : html.index("</section>", start)]


def test_an_agent_sees_the_partner_the_case_was_handed_to_selected(owner, agent, as_user):
    active = SubcontractorFactory(partner__name="Fixit Partners").partner
    case = make_case()
    hand_to_partner(case, actor=owner, partner=active)

    html = header(as_user(agent), case)

    assert f'<option value="{active.pk}" selected>Fixit Partners</option>' in html


def test_a_partner_no_longer_offered_is_still_shown_to_an_agent(
    owner, agent, as_user, django_assert_num_queries
):
    """A partner company without an active user is not on offer; the case handed to
    it shows it all the same (read by itself: one statement)."""
    gone = PartnerCompanyFactory(name="Old Plumbers")
    case = make_case()
    hand_to_partner(case, actor=owner, partner=gone)
    client = as_user(agent)
    header(client, case)

    with django_assert_num_queries(CASE_PAGE_QUERIES - 2 + 1):  # no files, no mail out
        html = header(client, case)

    assert f'<option value="{gone.pk}" selected>Old Plumbers</option>' in html


def test_a_technician_reads_the_assignee_and_partner_names_without_a_query_more(
    owner, technician, as_user, django_assert_num_queries
):
    technician.first_name, technician.last_name = "Tom", "Fixer"
    technician.save()
    case = make_case(assignee=technician)
    hand_to_partner(case, actor=owner, partner=PartnerCompanyFactory(name="Old Plumbers"))
    client = as_user(technician)
    header(client, case)

    with django_assert_num_queries(TECHNICIAN_CASE_PAGE_QUERIES - 2):
        html = header(client, case)

    assert "Tom Fixer" in html
    assert "Old Plumbers" in html
    assert 'id="field-assignee"' not in html

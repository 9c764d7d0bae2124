"""In a real browser: the case page shows, then the similar solved cases fill in."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory, make_case
from tests.similar.conftest import solved_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_sees_how_a_similar_case_was_solved_and_opens_it(page, log_in):
    agent = UserFactory(username="anna", first_name="Anna", last_name="Agent")
    solved = solved_case(
        "Boiler losing pressure",
        "The boiler pressure drops below one bar every night.",
        "We replaced the expansion vessel and repressurised the boiler.",
        solver=agent,
    )
    case = make_case(subject="Boiler pressure drops", body="Our boiler loses pressure.")
    log_in("anna", PASSWORD)

    page.goto(f"/cases/{case.pk}/")

    panel = page.get_by_role("region", name="Similar solved cases")
    expect(panel).to_contain_text("We replaced the expansion vessel")
    expect(panel).to_contain_text("by Anna Agent")
    panel.get_by_role("link", name=solved.reference).click()
    expect(page).to_have_url(re.compile(rf"/cases/{solved.pk}/$"))
    expect(page.get_by_role("region", name="Similar solved cases")).to_contain_text(
        "No similar solved cases yet."
    )


def test_the_panel_says_so_when_the_list_cannot_be_loaded(page, log_in):
    UserFactory(username="anna", first_name="Anna", last_name="Agent")
    case = make_case(subject="Boiler pressure drops", body="Our boiler loses pressure.")
    page.route("**/similar/", lambda route: route.fulfill(status=500, body="Server error"))
    log_in("anna", PASSWORD)

    page.goto(f"/cases/{case.pk}/")

    expect(page.get_by_role("region", name="Similar solved cases")).to_contain_text(
        "Similar cases could not be loaded. Reload the page to try again."
    )

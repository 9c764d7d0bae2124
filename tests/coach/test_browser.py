"""The reply check in the composer, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from rightthere.coach.models import ReplyFinding
from tests.factories import PASSWORD, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_draft_shows_findings_and_one_click_applies_a_suggestion(page, log_in):  # noqa: F811
    agent = UserFactory(username="ada")
    case = make_case(subject="Dishwasher leaks")
    log_in("ada", PASSWORD)
    page.goto(f"/cases/{case.pk}/")

    page.get_by_label("Message").press_sequentially("No problem, we'll get back to you soon")

    findings = page.locator(".coach-finding")
    expect(findings).to_have_count(2)
    expect(page.locator(".coach-no_problem")).to_have_count(1)
    expect(page.locator(".coach-vague_commitment")).to_have_count(1)
    expect(page.locator("mark.coach-span")).to_have_count(2)

    page.get_by_role("button", name="Use “You're welcome”").click()

    expect(page.get_by_label("Message")).to_have_value(
        re.compile(r"^You're welcome, we'll get back to you soon$")
    )
    expect(page.locator(".coach-no_problem")).to_have_count(0)
    page.locator(".coach-vague_commitment").first.get_by_role("button").click()
    expect(page.get_by_label("Message")).to_have_value(re.compile(r"get back to you by \w+day"))
    expect(page.locator("[name=promise_due]")).not_to_have_value("")
    expect(findings).to_have_count(0)

    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.locator(".flash")).to_contain_text("Reply sent")
    assert not ReplyFinding.objects.filter(author=agent).exists()


def test_on_a_complaint_no_problem_is_removed_not_answered_with_youre_welcome(page, log_in):
    UserFactory(username="ada")
    case = make_case(subject="Engineer never came", kind="complaint")
    log_in("ada", PASSWORD)
    page.goto(f"/cases/{case.pk}/")

    page.get_by_label("Message").press_sequentially("No problem, we'll get back to you soon")

    no_problem = page.locator(".coach-no_problem")
    expect(no_problem.get_by_role("button", name="Use “I'm sorry for the trouble”")).to_be_visible()
    expect(no_problem.get_by_role("button", name="Use “You're welcome”")).to_have_count(0)
    no_problem.get_by_role("button", name="Remove it").click()

    expect(page.get_by_label("Message")).to_have_value("We'll get back to you soon")
    expect(page.locator(".coach-no_problem")).to_have_count(0)

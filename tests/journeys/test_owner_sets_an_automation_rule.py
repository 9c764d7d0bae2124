"""The owner writes a rule in the settings hub ("when a case is opened from the reviews
channel, tag it 'review' and assign it to me"), tests it on the last cases before saving
(nothing changes), saves it; a one-star review then arrives from the review platform's
sync (POST /api/reviews/webhook) and its complaint case shows the tag, the owner as
assignee and, in its history, the rule by name (#22)."""

import json
import urllib.request

import pytest

from rightthere.accounts.tokens import create_api_token
from rightthere.automation.models import Rule
from rightthere.cases.models import Case, CaseEvent, Channel, EventKind
from tests.factories import PASSWORD, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_sets_a_rule_with_its_test_and_the_next_review_case_follows_it(
    owner, page, log_in, screenshot, browser, live_server
):
    owner.first_name, owner.last_name = "Olivia", "Owens"
    owner.save()
    earlier_review = make_case(channel=Channel.REVIEW, subject="Two stars: late again")
    make_case(channel=Channel.EMAIL, subject="Boiler bangs every night")
    log_in(owner.username, PASSWORD)

    page.goto("/settings/")
    page.locator(".settings-nav").get_by_role("link", name="Automation rules").click()
    page.get_by_role("heading", name="Automation rules").wait_for()
    assert page.get_by_text("No rules yet").is_visible()
    page.get_by_role("link", name="Add a rule").click()

    page.get_by_label("Event").select_option(label="A case is opened")
    page.locator("#c1-field").select_option(label="Channel")
    page.locator("#c1-op").select_option(label="is")
    page.locator("#c1-value").select_option(value="review")
    page.locator("#a1-type").select_option(label="Add the tag")
    page.locator("#a1-text").fill("review")
    page.locator("#a2-type").select_option(label="Assign to")
    page.locator("#a2-value").select_option(value=str(owner.pk))
    assert page.locator("#a1-value").is_hidden() and page.locator("#a2-text").is_hidden()
    assert page.locator("#rule-wait").is_hidden()  # only for "waits for our answer"

    # Saved without a name: refused next to the name, everything typed still there.
    page.get_by_role("button", name="Save rule").click()
    error = page.locator("#rule-name-error")
    assert "Give the rule a name" in error.inner_text()
    assert page.locator("#a1-text").input_value() == "review"
    assert page.locator("#a2-value").input_value() == str(owner.pk)
    page.get_by_label("Name").fill("Reviews to the owner")

    page.get_by_role("button", name="Test on the last 100 cases").click()
    page.get_by_role("heading", name="Test: 1 of the last 2 cases match").wait_for()
    preview = page.locator("#preview")
    assert earlier_review.reference in preview.inner_text()
    assert "Boiler bangs" not in preview.inner_text()
    assert not Rule.objects.exists()  # the test saved nothing
    assert not earlier_review.tags.exists()
    print(screenshot(page, "automation-rule-test.png", docs=True))

    page.get_by_role("button", name="Save rule").click()
    page.get_by_text("Rule “Reviews to the owner” saved").wait_for()
    rule = page.locator(".rule").first
    assert "Channel is Review" in rule.inner_text()
    assert "Add the tag “review”; Assign to Olivia Owens" in rule.inner_text()
    print(screenshot(page, "automation-rules.png", docs=True))

    # The review platform's sync posts a one-star review.
    _, key = create_api_token(owner, "review sync")
    body = json.dumps({"reviews": [{
        "platform": "google", "id": "g-7781", "author": "Ada Byron", "rating": 1,
        "email": "ada@example.com", "text": "Waited all day, nobody came. Never again.",
    }]}).encode()  # fmt: skip
    url = f"{live_server.url}/api/reviews/webhook"  # http://localhost only
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        opened = json.loads(answer.read())["cases_opened"]
    assert len(opened) == 1
    case = Case.objects.get(pk=opened[0])
    assert case.channel == Channel.REVIEW

    page.goto(f"/cases/{case.pk}/")
    main = page.locator("main")
    main.get_by_text("rule Reviews to the owner fired").first.wait_for()
    text = main.inner_text()
    assert "review" in [t.name for t in case.tags.all()]
    assert "Olivia Owens" in text
    assert CaseEvent.objects.filter(case=case, kind=EventKind.AUTOMATION,
                                    before="Reviews to the owner").exists()  # fmt: skip
    case.refresh_from_db()
    assert case.assignee == owner
    event = page.locator("li.event", has_text="Reviews to the owner").first
    event.scroll_into_view_if_needed()
    print(screenshot(page, "automation-rule-case.png", docs=True))

    # The screens fit a phone.
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    phone.add_cookies(page.context.cookies())
    mobile = phone.new_page()
    for path in ("/settings/automation/", f"/settings/automation/{Rule.objects.get().pk}/"):
        mobile.goto(path)
        mobile.get_by_role("heading", name="Automation rules").or_(
            mobile.get_by_role("heading", name="Rule “Reviews to the owner”")
        ).first.wait_for()
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390, path
    print(screenshot(mobile, "automation-rule-phone.png", docs=True))
    phone.close()

"""Two agents on one case: Bea sees that Adam is writing; Adam sends first; Bea's reply
is held so she reads his before hers goes out, and nothing she typed is lost."""

import pytest

from rightthere.cases.models import Direction
from tests.factories import PASSWORD, ContactFactory, CustomerFactory, UserFactory, make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADAMS_REPLY = "Hello Grace, our engineer Tom comes on Thursday at 9 with the new pump."
BEAS_REPLY = "Hello Grace, we can come on Thursday morning."


def log_in(page, username):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    return page


def test_the_second_reply_waits_until_its_writer_has_read_the_first(
    browser, live_server, page, screenshot
):
    adam = UserFactory(username="adam", first_name="Adam", last_name="Cole")
    UserFactory(username="bea", first_name="Bea", last_name="Stone")
    contact = ContactFactory(customer=CustomerFactory(name="Grace Hopper"), name="Grace Hopper")
    case = make_case(subject="No hot water since Sunday", contact=contact, assignee=adam,
                     body="The boiler shows F28 and there is no hot water.")  # fmt: skip
    phone = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    beas = phone.new_page()
    beas.set_default_timeout(10_000)

    # Adam's inbox: the customer wrote and he has not opened the case yet (a new case:
    # the message that opened it is all the customer wrote).
    log_in(page, "adam")
    row = page.get_by_role("row").filter(has_text="No hot water since Sunday")
    assert row.locator(".badge-unread").inner_text() == "New"
    shot = screenshot(page, "journeys/two-agents-0-adams-inbox.png", full_page=False)
    print(f"screenshot: {shot}")

    # He opens the case and starts his answer.
    row.get_by_role("link", name="No hot water since Sunday").click()
    page.get_by_label("Message", exact=True).wait_for()
    page.get_by_label("Message", exact=True).fill(ADAMS_REPLY)

    # Bea, on her phone, opens the same case and sees that Adam is writing.
    log_in(beas, "bea")
    beas.goto(f"/cases/{case.pk}/")
    writing = beas.get_by_text("Adam Cole is writing a reply")
    # At once if Adam's "writing" beat is in before her page's first beat; otherwise at
    # her next beat (every 15 seconds): a loaded machine can be on either side.
    writing.wait_for(timeout=20_000)
    beas.get_by_label("Message", exact=True).fill(BEAS_REPLY)
    composer = beas.get_by_role("region", name="Reply")
    composer.scroll_into_view_if_needed()
    shot = screenshot(beas, "journeys/two-agents-1-bea-sees-adam-writing.png", full_page=False)
    print(f"screenshot: {shot}")
    assert beas.evaluate("document.documentElement.scrollWidth") <= 390
    # Adam's page hears of Bea at its next beat (every 15 seconds).
    page.get_by_text("Bea Stone is writing a reply").wait_for(timeout=20_000)
    page.get_by_role("region", name="Reply").scroll_into_view_if_needed()
    shot = screenshot(page, "journeys/two-agents-1b-adam-sees-bea-writing.png", full_page=False)
    print(f"screenshot: {shot}")

    # Adam sends first.
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("Reply sent.").wait_for()

    # Bea sends: her reply is held, Adam's is shown first, her text is still there.
    beas.get_by_role("button", name="Send", exact=True).click()
    notice = beas.get_by_role("alert").filter(has_text="While you were writing")
    notice.wait_for()
    assert ADAMS_REPLY in notice.inner_text()
    assert "Adam Cole" in notice.inner_text()
    assert beas.get_by_label("Message", exact=True).input_value() == BEAS_REPLY
    assert case.messages.filter(direction=Direction.OUTBOUND).count() == 1
    shot = screenshot(beas, "journeys/two-agents-2-bea-reads-adams-reply.png", full_page=False)
    print(f"screenshot: {shot}")
    assert beas.evaluate("document.documentElement.scrollWidth") <= 390

    # She chooses to edit: the notice folds away, the text has the focus, and her
    # edited reply goes out without asking again.
    notice.get_by_role("link", name="Edit my reply").click()
    assert not notice.is_visible()
    text = beas.get_by_label("Message", exact=True)
    assert text.evaluate("el => el === document.activeElement")
    text.press("Control+End")
    text.type(" Tom will bring the pump Adam mentioned.")
    beas.get_by_role("button", name="Send", exact=True).click()
    beas.get_by_text("Reply sent.").wait_for()

    sent = list(
        case.messages.filter(direction=Direction.OUTBOUND).values_list(
            "body_text", "author__username"
        )
    )
    assert sent == [
        (ADAMS_REPLY, "adam"),
        (BEAS_REPLY + " Tom will bring the pump Adam mentioned.", "bea"),
    ]
    shot = screenshot(beas, "journeys/two-agents-3-both-replies-sent.png")
    print(f"screenshot: {shot}")
    # Adam opened the case after the customer wrote: his inbox no longer marks it.
    page.goto("/?view=mine")
    assert (
        page.get_by_role("row").filter(has_text="No hot water").locator(".badge-unread").count()
        == 0
    )
    phone.close()

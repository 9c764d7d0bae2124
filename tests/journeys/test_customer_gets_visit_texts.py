"""Tom taps "On my way" on My day at phone width (390 px); Ada, who gave her mobile
number, gets the text at the SMS provider (a local server: the provider itself is out of
reach here, so it implements the provider's documented Messages API, tests/sms/provider.py)
and by mail; the provider then reports the text delivered to our status callback, and
the office sees it with its delivery state on the case timeline (issue #21 item 3)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.outbox.models import OutboundMail
from rightthere.sms.models import SmsMessage, SmsStatus
from tests.factories import PASSWORD, UserFactory
from tests.field.conftest import desk, make_visit  # noqa: F401 - skills, Tom with hours, Ada's case
from tests.sms.conftest import FROM, provider  # noqa: F401 - the local provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ADA = "+447700900123"


def _log_in(page, username):
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def test_tom_on_his_way_texts_ada_and_the_office_sees_it_delivered(
    desk,  # noqa: F811 - the shared fixture imported above
    provider,  # noqa: F811 - the local SMS provider imported above
    browser,
    live_server,
    page,
    screenshot,
    run_tasks,
    settings,
):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": live_server.url}
    desk.tom.first_name, desk.tom.last_name = "Tom", "Baker"
    desk.tom.save(update_fields=["first_name", "last_name"])
    contact = desk.case.contact
    contact.phone = "07700 900123"  # as she gave it on the phone; stored in E.164
    contact.save(update_fields=["phone"])
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=40)
    if timezone.localdate(start) != timezone.localdate():
        start -= timedelta(minutes=40)
    make_visit(desk.case, technician=desk.tom, starts_at=start, skill=desk.boilers)

    # Tom, on his phone, sets off.
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)  # fmt: skip
    tom = context.new_page()
    tom.set_default_timeout(10_000)
    _log_in(tom, "tom")
    tom.goto("/my-day/")
    today = tom.get_by_role("region", name="Today")
    today.get_by_label("There in about").select_option("20")
    today.get_by_role("button", name="On my way").click()
    tom.get_by_text("has been told you'll be there in about").wait_for()
    screenshot(tom, "journeys/technician-on-my-way-texts.png")
    assert tom.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()

    # The worker sends the text; it reaches the provider as its API documents.
    assert provider.messages == []
    run_tasks()
    [text] = provider.messages
    assert (text["to"], text["from"]) == (ADA, FROM)
    assert text["body"].startswith("Customer service: Tom is on the way to you now and should "
                                   "be with you at about")  # fmt: skip
    assert text["status_callback"] == f"{live_server.url}/sms/status/"
    assert "Tom is on the way to you now" in OutboundMail.objects.get(case=desk.case).body_text

    # The provider reports, signed, to the status callback: sent, then delivered.
    assert provider.report(text["sid"], "sent") == 204
    assert provider.report(text["sid"], "delivered") == 204
    assert SmsMessage.objects.get().status == SmsStatus.DELIVERED

    # The office sees the text and its state with the message on the case timeline.
    UserFactory(username="priya", first_name="Priya")
    failures = []
    page.on("response", lambda r: failures.append(r.url) if r.status >= 500 else None)
    _log_in(page, "priya")
    page.goto(f"/cases/{desk.case.pk}/")
    line = page.locator("[data-sms]")
    line.wait_for()
    assert f"SMS to {ADA}: Delivered" in line.inner_text()
    assert "Tom is on the way to you now" in line.inner_text()
    line.scroll_into_view_if_needed()
    screenshot(page, "journeys/case-timeline-sms-delivered.png", full_page=False)
    assert failures == []

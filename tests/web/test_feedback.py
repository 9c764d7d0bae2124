"""Feedback in the web UI (issue #16): "Saved" after an inline header edit, the
"Could not process" entry of the navigation only when some mail failed, and the
global htmx loading bar and error message."""

import pytest
from django.urls import reverse

from rightthere.mail.models import InboundMail, InboundStatus, Source
from tests.factories import PASSWORD, make_case


def _failed_mail(n: int):
    return InboundMail.objects.create(
        raw=b"Subject: ?\r\n\r\n",
        raw_sha256=f"{n:064x}",
        source=Source.EML,
        status=InboundStatus.FAILED,
        subject="?",
    )


def test_inline_edit_says_saved(agent, as_user):
    case = make_case()

    response = as_user(agent).post(
        reverse("case_update_field", args=[case.pk, "priority"]),
        {"value": "high", "version": case.version},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="saved" role="status">Priority saved.</p>' in html
    assert 'role="alert"' not in html


def test_refused_inline_edit_shows_the_error_and_not_saved(agent, as_user):
    case = make_case()
    client = as_user(agent)
    url = reverse("case_update_field", args=[case.pk, "priority"])
    client.post(url, {"value": "high", "version": case.version}, headers={"HX-Request": "true"})

    response = client.post(
        url, {"value": "low", "version": case.version}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert "Someone else changed this case" in html
    assert "saved." not in html


def test_could_not_process_is_absent_from_the_navigation_when_nothing_failed(owner, as_user):
    client = as_user(owner)

    fragment = client.get(reverse("mail_failed"), {"nav": "1"}, headers={"HX-Request": "true"})

    assert fragment.status_code == 200
    assert fragment.content.decode().strip() == ""
    assert "Could not process" not in client.get(reverse("inbox")).content.decode()


def test_could_not_process_shows_its_count_when_mail_failed(owner, as_user):
    _failed_mail(1)
    _failed_mail(2)

    fragment = as_user(owner).get(reverse("mail_failed"), {"nav": "1"}).content.decode()

    assert "Could not process" in fragment
    assert '<span class="nav-count">2</span>' in fragment
    assert f'href="{reverse("mail_failed")}"' in fragment


def test_the_navigation_entry_is_for_owners_and_agents_only(technician, as_user):
    client = as_user(technician)

    assert client.get(reverse("mail_failed"), {"nav": "1"}).status_code == 403
    assert reverse("mail_failed") not in client.get(reverse("inbox")).content.decode()


@pytest.mark.browser
def test_header_edit_in_the_browser_shows_saved_and_a_failed_request_an_error(
    agent, page, log_in, screenshot
):
    case = make_case(subject="Boiler bangs")
    log_in("adam", PASSWORD)
    page.goto(reverse("case_detail", args=[case.pk]))

    page.get_by_label("Priority").select_option("high")

    saved = page.locator("#case-header .saved")
    saved.wait_for()
    assert saved.inner_text() == "Priority saved."
    screenshot(page, "case-header-saved.png", full_page=False)

    # The server fails: htmx does not swap, the page says so instead of nothing.
    url = reverse("case_update_field", args=[case.pk, "priority"])
    page.route(f"**{url}", lambda route: route.fulfill(status=500, body="boom"))
    page.get_by_label("Priority").select_option("low")

    error = page.locator("#htmx-error")
    error.wait_for()
    assert "did not work (error 500)" in error.inner_text()
    assert page.locator("#case-header .saved").count() == 0
    screenshot(page, "case-header-error.png", full_page=False)


def test_every_page_has_the_busy_bar_and_the_error_box(agent, as_user):
    html = as_user(agent).get(reverse("inbox")).content.decode()

    assert 'class="busy-bar"' in html
    assert 'id="htmx-error"' in html
    assert "rightthere/feedback.js" in html

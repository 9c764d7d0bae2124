"""Images from other servers in a customer's HTML mail do not load when staff open
the case (a tracking pixel tells its sender when and from where the mail was read);
they come back for one message when someone clicks "Show images" (#19)."""

import pytest
from django.urls import reverse

from rightthere.core.sanitise import block_remote_images
from rightthere.desk.messages import add_customer_message
from tests.factories import make_case

pytestmark = pytest.mark.django_db

PIXEL = "https://track.example/open.gif?id=42"
MAIL_HTML = (
    f'<p>Photo of the boiler below.</p><img src="{PIXEL}" alt="logo">'
    '<img src="//cdn.example/x.png"><img src="cid:photo1" alt="photo">'
)


def test_remote_images_become_placeholders_and_inline_ones_stay():
    html, blocked = block_remote_images(MAIL_HTML)

    assert blocked == 2
    assert "track.example" not in html and "cdn.example" not in html
    assert '<span class="image-blocked">[image: logo]</span>' in html
    assert '<img src="cid:photo1" alt="photo">' in html
    assert block_remote_images("<p>No images</p>") == ("<p>No images</p>", 0)


@pytest.fixture
def mail_case(agent):
    case = make_case(assignee=agent)
    message = add_customer_message(case, actor=None, body_text="Photo below.", body_html=MAIL_HTML)
    return case, message


def test_the_case_page_holds_remote_images_back_with_a_button(mail_case, agent, as_user):
    case, message = mail_case

    page = as_user(agent).get(reverse("case_detail", args=[case.pk])).content.decode()

    assert PIXEL not in page.replace("&amp;", "&")
    assert "Show 2 images" in page
    assert reverse("message_images", args=[case.pk, message.pk]) in page


def test_show_images_returns_that_messages_body_with_them(mail_case, agent, as_user):
    case, message = mail_case

    response = as_user(agent).get(reverse("message_images", args=[case.pk, message.pk]))

    assert response.status_code == 200
    assert PIXEL in response.content.decode().replace("&amp;", "&")


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_only_people_who_may_see_the_case_get_its_images(mail_case, role, request, as_user):
    case, message = mail_case
    outsider = request.getfixturevalue(role)  # not on this case

    response = as_user(outsider).get(reverse("message_images", args=[case.pk, message.pk]))

    assert response.status_code == 404


def test_a_message_of_another_case_is_not_found_through_this_one(mail_case, agent, as_user):
    case, message = mail_case
    other = make_case(assignee=agent)

    response = as_user(agent).get(reverse("message_images", args=[other.pk, message.pk]))

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(mail_case, client):
    case, message = mail_case

    response = client.get(reverse("message_images", args=[case.pk, message.pk]))

    assert response.status_code == 302 and "/login/" in response["Location"]

"""The composer's picker: matching replies, already filled from the case."""

import html

import pytest
from django.urls import reverse

from tests.canned.conftest import promise_on
from tests.factories import ContactFactory, make_case

pytestmark = pytest.mark.django_db


def options(response) -> list[str]:
    page = response.content.decode()
    return [chunk.split('"', 1)[0] for chunk in page.split('data-text="')[1:]]


def test_the_picker_offers_the_replies_filled_from_the_case(library, agent, as_user, shared_case):
    promise_on(shared_case)

    response = as_user(agent).get(reverse("canned_picker", args=[shared_case.pk]), {"q": "hello"})

    assert response.status_code == 200
    assert [html.unescape(text) for text in options(response)] == [
        "Hello Grace, the part is ordered. We will come back by Wednesday 1 July, 14:00.",
        f"Hello Grace, thank you for your message about {shared_case.reference}.",
        "Hello from the office.",
    ]


def test_a_value_the_case_lacks_is_highlighted_in_the_picker(library, agent, as_user, shared_case):
    response = as_user(agent).get(reverse("canned_picker", args=[shared_case.pk]), {"q": "parts"})

    page = response.content.decode()
    assert 'data-missing="promise.due"' in page
    assert '<mark class="canned-gap">{promise.due}</mark>' in page
    assert "Not on this case: {promise.due}; fill in before sending." in page


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("technician", ["Boiler parts", "Desk hello"]),
        ("subcontractor", ["Desk hello"]),
        ("owner", ["Boiler parts", "Desk hello", "Office only", "Olivia's own"]),
    ],
)
def test_each_role_picks_from_the_replies_it_can_see(library, request, as_user, shared_case,
                                                     role, titles):  # fmt: skip
    response = as_user(request.getfixturevalue(role)).get(
        reverse("canned_picker", args=[shared_case.pk])
    )

    page = html.unescape(response.content.decode())
    assert [t for t in ["Boiler parts", "Desk hello", "Office only", "Olivia's own"]
            if f"<strong>{t}</strong>" in page] == titles  # fmt: skip


@pytest.mark.parametrize("role", ["technician", "subcontractor"])
def test_no_picker_on_a_case_the_user_cannot_see(library, request, as_user, other_case, role):
    response = as_user(request.getfixturevalue(role)).get(
        reverse("canned_picker", args=[other_case.pk])
    )

    assert response.status_code == 404


def test_anonymous_visitors_get_no_picker(client, shared_case):
    response = client.get(reverse("canned_picker", args=[shared_case.pk]))

    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_search_that_matches_nothing_says_so_and_offers_to_write_one(
    library, agent, as_user, shared_case
):
    response = as_user(agent).get(reverse("canned_picker", args=[shared_case.pk]), {"q": "refund"})

    page = response.content.decode()
    assert "No canned replies match “refund”." in page
    assert reverse("canned_new") in page


def test_html_in_a_reply_or_in_case_data_reaches_the_picker_as_text(write, agent, as_user):
    case = make_case(contact=ContactFactory(name='<img src=x onerror="alert(1)">'))
    write(agent, title="<i>T</i>", body="<script>alert(2)</script> {contact.name}")

    page = as_user(agent).get(reverse("canned_picker", args=[case.pk])).content.decode()

    assert "<script>" not in page and "<img" not in page and "<i>T</i>" not in page
    assert (
        "&lt;script&gt;alert(2)&lt;/script&gt; &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
        in page
    )


def test_the_case_page_has_the_picker_hooked_to_the_composer(agent, as_user, shared_case):
    page = as_user(agent).get(reverse("case_detail", args=[shared_case.pk])).content.decode()

    assert 'aria-keyshortcuts="Control+/"' in page
    assert f'hx-get="{reverse("canned_picker", args=[shared_case.pk])}"' in page
    assert 'data-placeholders="customer.name customer.first_name' in page
    assert 'id="canned-gaps"' in page

"""The settings hub (/settings/): owners only, the nav of every set-up section, and the
Set-up page's to-dos read from the data: an empty desk lists its gaps, the demo none."""

import pytest
from django.urls import reverse

from rightthere.accounts.profile import update_business_profile
from rightthere.demo.seed import seed_demo
from rightthere.outbox.models import DeliveryStatus, OutboundMail
from rightthere.setup_screens.gaps import missing
from tests.factories import OwnerFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("agent", 403), ("technician", 403), ("subcontractor", 403)],
)
def test_only_owners_open_the_settings_hub(request, as_user, who, status):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse("settings_setup")).status_code == status


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("settings_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_owner_sees_set_up_in_the_main_navigation_and_others_do_not(as_user, owner, agent):
    link = f'href="{reverse("settings_setup")}"'
    assert link in as_user(owner).get(reverse("inbox")).content.decode()
    assert link not in as_user(agent).get(reverse("inbox")).content.decode()


def test_hub_lists_the_existing_set_up_sections_and_links_the_admin(as_user, owner):
    page = as_user(owner).get(reverse("settings_setup")).content.decode()
    for name in ("security_policy", "integration_list", "token_list", "insights_routing"):
        assert f'href="{reverse(name)}"' in page
    assert f'href="{reverse("admin:index")}"' in page
    assert "for power users" in page


def test_empty_desk_lists_what_is_missing_and_why(as_user, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": False}
    owner = OwnerFactory()
    case = make_case()
    OutboundMail.objects.create(case=case, message=case.messages.first(), to_address="a@b.test",
                                subject="s", body_text="t", body_html="h",
                                mail_message_id="<held-1@test>", status=DeliveryStatus.HELD)  # fmt: skip

    keys = [gap.key for gap in missing()]
    page = as_user(owner).get(reverse("settings_setup")).content.decode()

    assert keys == ["public_address", "business_name", "mailbox", "outgoing_mail", "business_hours", "team",
                    "technicians"]  # fmt: skip
    assert "No outgoing mail server" in page
    assert "Customers do not get acknowledgements or replies; 1 mail is held" in page
    assert "No business hours" in page


def test_named_business_is_no_longer_a_to_do(owner):
    update_business_profile(owner, name="Brightside Home Repairs")
    assert "business_name" not in [gap.key for gap in missing()]


def test_demo_desk_has_nothing_missing(client, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "https://desk.example.com"}
    seed_demo()
    assert missing() == []


def test_make_demo_at_the_default_address_seen_there_has_nothing_missing(settings):
    """`make demo` serves at the default BASE_URL and the owner looks at it there: the
    links work, so the Set-up page does not call them wrong (a command, which cannot
    see the address in use, still lists the default)."""
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "http://127.0.0.1:8000"}
    seed_demo()
    assert missing("http://127.0.0.1:8000") == []
    assert [gap.key for gap in missing()] == ["public_address"]


def test_base_url_left_at_the_default_is_the_first_thing_missing(as_user, owner, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "http://127.0.0.1:8000/"}

    gaps = missing()

    assert gaps[0].key == "public_address"
    assert "Links in mail point at http://127.0.0.1:8000, the address used" in gaps[0].why
    assert "BASE_URL" in gaps[0].why


def test_owner_using_another_address_than_base_url_is_told_what_to_set(as_user, owner, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "http://127.0.0.1:8000"}

    page = as_user(owner).get(reverse("settings_setup"), HTTP_HOST="127.0.0.1:8124")

    html = page.content.decode()
    first = html.index('data-gap="')
    assert html[first:].startswith('data-gap="public_address"')
    assert ("Links in mail point at http://127.0.0.1:8000 but you are using "
            "http://127.0.0.1:8124: set BASE_URL=http://127.0.0.1:8124") in html  # fmt: skip


def test_base_url_matching_the_address_in_use_is_no_to_do(as_user, owner, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "http://testserver/"}

    html = as_user(owner).get(reverse("settings_setup")).content.decode()

    assert 'data-gap="public_address"' not in html
    assert "public_address" not in [gap.key for gap in missing("http://testserver:80/")]
    assert "public_address" in [gap.key for gap in missing("https://testserver/")]

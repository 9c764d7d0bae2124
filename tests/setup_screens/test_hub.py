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

    assert keys == ["business_name", "mailbox", "outgoing_mail", "business_hours", "team",
                    "technicians"]  # fmt: skip
    assert "No outgoing mail server" in page
    assert "Customers do not get acknowledgements or replies; 1 mail is held" in page
    assert "No business hours" in page


def test_named_business_is_no_longer_a_to_do(owner):
    update_business_profile(owner, name="Brightside Home Repairs")
    assert "business_name" not in [gap.key for gap in missing()]


def test_demo_desk_has_nothing_missing(client):
    seed_demo()
    assert missing() == []

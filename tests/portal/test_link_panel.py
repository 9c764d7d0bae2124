"""The case page's panel for the customer's status link: send again, new link, revoke."""

import pytest
from django.urls import reverse

from rightthere.outbox.models import OutboundMail
from rightthere.portal.links import status_path
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_owner_sees_the_link_on_the_case_page(as_user, owner):
    case = make_case()
    path = status_path(case)

    client = as_user(owner)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert reverse("status_link_widget", args=[case.pk]) in page
    widget = client.get(reverse("status_link_widget", args=[case.pk])).content.decode()

    assert path in widget


def test_new_link_stops_the_old_one(as_user, owner, client):
    case = make_case()
    old = status_path(case)
    response = as_user(owner).post(reverse("status_link_new", args=[case.pk]), follow=True)
    assert "the old one no longer works" in response.content.decode()
    new = status_path(case)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_revoke_then_create(as_user, owner):
    case = make_case()
    old = status_path(case)
    client = as_user(owner)
    page = client.post(reverse("status_link_revoke", args=[case.pk]), follow=True).content.decode()
    assert "link was revoked" in page
    widget = client.get(reverse("status_link_widget", args=[case.pk])).content.decode()
    assert "There is no link" in widget
    assert client.get(old).status_code == 404


def test_send_again_queues_a_mail_with_the_current_link(as_user, owner):
    case = make_case()
    status_path(case)
    client = as_user(owner)
    client.post(reverse("status_link_new", args=[case.pk]))
    new = status_path(case)
    before = OutboundMail.objects.count()
    response = client.post(reverse("status_link_resend", args=[case.pk]), follow=True)
    assert "mailed to the customer again" in response.content.decode()
    assert OutboundMail.objects.count() == before + 1
    assert new in case.messages.last().body_text


def test_technician_gets_403_on_the_widget(as_user, technician):
    case = make_case()
    assert as_user(technician).get(reverse("status_link_widget", args=[case.pk])).status_code == 403


@pytest.mark.parametrize("name", ["status_link_new", "status_link_revoke", "status_link_resend"])
def test_technician_gets_403(as_user, technician, name):
    case = make_case()
    old = status_path(case)
    response = as_user(technician).post(reverse(name, args=[case.pk]))
    assert response.status_code == 403
    assert status_path(case) == old


def test_get_is_refused(as_user, owner):
    case = make_case()
    assert as_user(owner).get(reverse("status_link_revoke", args=[case.pk])).status_code == 405


def test_status_page_names_who_last_replied_when_nobody_has_the_case(client, agent):
    from rightthere.cases.models import Direction
    from rightthere.desk import messages as desk_messages

    case = make_case(assignee=None)
    assert "our customer service team" in client.get(status_path(case)).content.decode()
    desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text="On it")
    case.refresh_from_db()
    assert case.assignee == agent  # a reply takes a case nobody has (desk.messages)
    type(case).objects.filter(pk=case.pk).update(assignee=None)  # then it is given up

    page = client.get(status_path(case)).content.decode()

    assert agent.first_name in page
    assert "our customer service team" not in page


def test_without_a_mail_server_send_again_says_the_mail_waits(as_user, owner, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "SEND_MAIL": False}
    case = make_case()
    status_path(case)

    page = as_user(owner).post(reverse("status_link_resend", args=[case.pk]), follow=True)

    html = page.content.decode()
    assert "mailed to the customer again" not in html
    assert (f"The link is in a mail to {case.contact.email} that goes out once outgoing mail "
            "is set up") in html  # fmt: skip

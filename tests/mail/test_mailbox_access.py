"""A mailbox is fetched by its id only through `mail.access.access_mailbox`, for the
Settings -> Mail screens and /api/mailboxes alike: an owner reaches it (404 when there is
none); anyone else is refused before it is looked up, so an existing id and a missing one
get the same 403 and nobody learns which mailboxes exist."""

import pytest
from django.urls import reverse

from rightthere.mail.models import Mailbox
from tests.api.conftest import send
from tests.desk.parity import api

pytestmark = pytest.mark.django_db

MISSING = 999999
# Nobody sets this variable: the connection test stops at "No password" before dialling.
UNSET = "RIGHTTHERE_TEST_MAILBOX_PASSWORD_NEVER_SET"


@pytest.fixture
def box(db):
    return Mailbox.objects.create(name="Support", host="imap.example.com",
                                  username="support@example.com", password_env=UNSET)  # fmt: skip


def screens(client, pk: int) -> list[int]:
    return [
        client.get(reverse("settings_mail_mailbox", args=[pk])).status_code,
        client.post(reverse("settings_mail_test", args=[pk])).status_code,
        client.post(reverse("settings_mail_delete", args=[pk])).status_code,
    ]


def routes(client, pk: int) -> list[int]:
    one = f"/api/mailboxes/{pk}"
    return [
        send(client, "patch", one, {"folder": "Support"}).status_code,
        client.post(one + "/test").status_code,
        client.delete(one).status_code,
    ]


def test_an_owner_edits_tests_and_removes_a_mailbox_on_the_screens(client, owner, box):
    client.force_login(owner)

    assert screens(client, box.pk) == [200, 302, 302]
    assert not Mailbox.objects.exists()


def test_an_owner_changes_tests_and_removes_a_mailbox_through_the_api(owner, box):
    assert routes(api(owner), box.pk) == [200, 200, 204]
    assert not Mailbox.objects.exists()


def test_an_owner_hears_404_for_a_mailbox_that_does_not_exist(client, owner):
    client.force_login(owner)

    assert screens(client, MISSING) == [404] * 3
    assert routes(api(owner), MISSING) == [404] * 3


@pytest.mark.parametrize("role", ["agent", "technician", "subcontractor"])
def test_others_are_refused_alike_for_existing_and_missing_mailboxes(request, client, role, box):
    user = request.getfixturevalue(role)
    client.force_login(user)

    assert screens(client, box.pk) == [403] * 3
    assert screens(client, MISSING) == [403] * 3
    assert routes(api(user), box.pk) == [403] * 3
    assert routes(api(user), MISSING) == [403] * 3
    box.refresh_from_db()
    assert box.folder != "Support"


def test_signed_out_nobody_reaches_a_mailbox(client, box):
    assert screens(client, box.pk) == [302] * 3
    assert routes(client, box.pk) == [401] * 3
    assert Mailbox.objects.count() == 1

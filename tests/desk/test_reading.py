"""Opening a case page reads what the bell said about that case, through the page's
heartbeat and the API's alike (desk.reading); the bell is told to count again."""

import pytest
from django.urls import reverse

from rightthere.desk import messages as desk_messages
from rightthere.notifications.models import Notification
from tests.api.conftest import api_as  # noqa: F401 - the token client fixture
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(agent):
    case = make_case(assignee=agent)
    desk_messages.add_customer_message(case, actor=None, body_text="Friday suits me.")
    other = make_case(assignee=agent)
    desk_messages.add_customer_message(other, actor=None, body_text="Any news?")
    return case, other


def unread(user, case):
    return Notification.objects.filter(recipient=user, case=case, read_at__isnull=True).count()


def test_opening_the_page_reads_that_cases_notifications_only(agent, as_user, replied):
    case, other = replied
    assert unread(agent, case) == 1

    response = as_user(agent).post(reverse("case_presence", args=[case.pk]),
                                   {"state": "viewing", "opened": "1"})  # fmt: skip

    assert response["HX-Trigger"] == "notifications-changed"
    assert (unread(agent, case), unread(agent, other)) == (0, 1)


def test_a_later_heartbeat_reads_nothing(agent, as_user, replied):
    case, _ = replied

    response = as_user(agent).post(reverse("case_presence", args=[case.pk]), {"state": "viewing"})

    assert "HX-Trigger" not in response
    assert unread(agent, case) == 1


def test_the_api_heartbeat_reads_them_too(agent, api_as, replied):  # noqa: F811
    case, _ = replied

    api_as(agent).post(f"/api/cases/{case.pk}/presence", {"state": "viewing", "opened": True},
                       content_type="application/json")  # fmt: skip

    assert unread(agent, case) == 0

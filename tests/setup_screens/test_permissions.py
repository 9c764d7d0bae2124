"""Every set-up screen of the hub is the owner's: each other role is refused (403), a
visitor who is not logged in is sent to log in, and a refused change changes nothing."""

import pytest
from django.urls import reverse

from rightthere.accounts.models import SettingsChange
from rightthere.cases.models import BusinessHours

pytestmark = pytest.mark.django_db

SCREENS = ["settings_setup", "settings_business", "settings_hours"]
ROLES = [("owner", 200), ("agent", 403), ("technician", 403), ("subcontractor", 403)]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("who", "status"), ROLES)
def test_each_role_opening_each_set_up_screen(request, as_user, screen, who, status):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse(screen)).status_code == status


@pytest.mark.parametrize("screen", SCREENS)
def test_visitor_is_sent_to_log_in(client, owner, screen):
    response = client.get(reverse(screen))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["agent", "technician", "subcontractor"])
def test_other_roles_cannot_change_the_set_up(request, as_user, who):
    client = as_user(request.getfixturevalue(who))
    hours = client.post(reverse("settings_hours"), {"action": "hours", "day0": "09:00-17:00"})
    business = client.post(reverse("settings_business"), {"name": "Taken over"})

    assert (hours.status_code, business.status_code) == (403, 403)
    assert not BusinessHours.objects.exists()
    assert not SettingsChange.objects.exists()

"""The Set-up page on the demo desk: after `seed-demo`, the owner's Set-up page lists
nothing missing (an empty desk's list is in tests/setup_screens/test_hub.py), and the
work set-up screens show what the demo uses."""

import pytest
from django.test import Client
from django.urls import reverse

from rightthere.accounts.models import User
from rightthere.demo.seed import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_owner_finds_nothing_missing_on_the_set_up_page(settings):
    # BASE_URL is the address the page is opened at (else it is the first to-do).
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BASE_URL": "http://testserver"}
    seed_demo(cases=40)
    client = Client()
    client.force_login(User.objects.get(username="olivia"))

    page = client.get(reverse("settings_setup")).content.decode()
    canned = client.get(reverse("settings_canned")).content.decode()
    causes = client.get(reverse("settings_root_causes")).content.decode()
    checklists = client.get(reverse("settings_checklists")).content.decode()
    sources = client.get(reverse("settings_review_sources")).content.decode()

    assert "data-gap=" not in page
    assert "Nothing is missing: customers can reach you, hear back, and be booked in." in page
    assert "Booking confirmed" in canned and "For the Front desk team" in canned
    assert 'value="Vendor"' in causes
    assert "Boiler repair" in checklists and "For repair cases · added by hand" in checklists
    assert "Google reviews sync" in sources

"""A contact, and a pair of duplicate cases of theirs (the newer one full of everything)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import api_as  # noqa: F401 - the token client fixture
from tests.factories import ContactFactory, CustomerFactory, make_case
from tests.merging.builders import full_case


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Attachments go to a temporary folder, not the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def contact(db):
    return ContactFactory(
        customer=CustomerFactory(name="Ada Byron"), name="Ada Byron", email="ada@example.com"
    )


@pytest.fixture
def pair(contact, agent):
    """The same request twice: an older case that lives on, and a full duplicate."""
    survivor = make_case(
        subject="Boiler banging at night",
        body="Our boiler makes a banging noise at night.",
        contact=contact,
        opened_at=timezone.now() - timedelta(days=1),
    )
    return full_case(contact, agent), survivor

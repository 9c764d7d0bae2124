"""The demo seeds its technicians' and partner's profiles, so its board and slot finder
have someone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case
from rightthere.demo.seed import seed_demo
from rightthere.field import booking
from rightthere.field.board import schedule_board
from rightthere.field.models import TechnicianProfile

pytestmark = pytest.mark.django_db


def test_the_demo_has_technicians_with_skills_and_hours_and_so_suggestions():
    seed_demo(cases=3)

    profile = TechnicianProfile.objects.get(user__username="tom")
    assert set(profile.skills.values_list("name", flat=True)) == {"Boilers", "Plumbing"}
    # The week, and the weekend call-out mornings.
    assert sorted(profile.working_hours.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4, 5, 6]
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert [row.name for row in schedule_board(monday, 7).rows] == [
        "Tara Singh",
        "Theo Martins",
        "Tom Fletcher",
        "Northside Plumbing Ltd",
    ]
    now = timezone.now()
    proposal = booking.propose(Case.objects.first(), skill=None, duration=timedelta(hours=1),
                               earliest=now)  # fmt: skip
    assert proposal.slots
    assert {slot.name for slot in proposal.slots} <= {
        "Tara Singh", "Theo Martins", "Tom Fletcher", "Northside Plumbing Ltd"
    }  # fmt: skip

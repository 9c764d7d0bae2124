"""A small field-service desk: skills, technicians with hours, a partner, parts, a case."""

from dataclasses import dataclass
from datetime import time
from decimal import Decimal

import pytest

from rightthere.field.models import (
    FeeKind,
    Part,
    PartnerProfile,
    Skill,
    TechnicianProfile,
    Vendor,
    WorkingHours,
)
from tests.api.conftest import api_as, send  # noqa: F401 - shared fixtures and helper
from tests.factories import (
    ContactFactory,
    CustomerFactory,
    PartnerCompanyFactory,
    SubcontractorFactory,
    TechnicianFactory,
    make_case,
)
from tests.outbox.conftest import smtp_server  # noqa: F401 - the real SMTP server fixture


def make_technician(username, skills, days=range(5), starts=time(8), ends=time(17), **kwargs):
    user = TechnicianFactory(username=username, **kwargs)
    profile = TechnicianProfile.objects.create(user=user)
    profile.skills.set(skills)
    for day in days:
        WorkingHours.objects.create(technician=profile, weekday=day, starts=starts, ends=ends)
    return user


def make_partner(skills, name="Fixit Partners", fee_kind=FeeKind.PERCENT, fee=Decimal("15")):
    company = PartnerCompanyFactory(name=name)
    profile = PartnerProfile.objects.create(partner=company, fee_kind=fee_kind, fee_amount=fee)
    profile.skills.set(skills)
    return company


@dataclass
class Desk:
    boilers: Skill
    electrics: Skill
    tom: object
    partner: object
    partner_user: object
    vendor: Vendor
    good_vendor: Vendor
    valve: Part
    pump: Part
    case: object


@pytest.fixture
def desk(db, technician, subcontractor):
    boilers = Skill.objects.create(name="Boilers")
    electrics = Skill.objects.create(name="Electrics")
    profile = TechnicianProfile.objects.create(user=technician)
    profile.skills.set([boilers])
    for day in range(7):
        WorkingHours.objects.create(technician=profile, weekday=day, starts=time(8), ends=time(17))
    partner = subcontractor.partner
    partner_profile = PartnerProfile.objects.create(partner=partner, fee_amount=Decimal("20"))
    partner_profile.skills.set([boilers, electrics])
    vendor = Vendor.objects.create(name="Valves & Co")
    good_vendor = Vendor.objects.create(name="Pumps Direct")
    valve = Part.objects.create(sku="V-22", name="Diverter valve 22mm", vendor=vendor,
                                cost=Decimal("48.50"), stock_on_hand=3, reorder_level=2,
                                lead_time_days=3)  # fmt: skip
    pump = Part.objects.create(sku="P-1", name="Circulation pump", vendor=good_vendor,
                               cost=Decimal("120"), stock_on_hand=5, reorder_level=1)  # fmt: skip
    contact = ContactFactory(customer=CustomerFactory(name="Ada Byron", address="1 Mill Lane"),
                             name="Ada Byron", email="ada@example.com")  # fmt: skip
    case = make_case(subject="Boiler leaks", contact=contact, assignee=technician)
    return Desk(boilers, electrics, technician, partner, subcontractor, vendor, good_vendor,
                valve, pump, case)  # fmt: skip


__all__ = ["SubcontractorFactory", "make_partner", "make_technician"]


def make_visit(case, technician=None, starts_at=None, hours=1, partner=None, skill=None, **kwargs):
    """A visit as it stands on the day (booking rules are tested on the actions)."""
    from datetime import timedelta

    from django.utils import timezone

    from rightthere.field.models import Visit

    starts_at = starts_at or timezone.now().replace(second=0, microsecond=0)
    return Visit.objects.create(case=case, technician=technician, partner=partner, skill=skill,
                                starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours),
                                address="1 Mill Lane", created_at=timezone.now(),
                                status=kwargs.pop("status", "confirmed"), **kwargs)  # fmt: skip

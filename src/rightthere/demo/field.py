"""The demo's field service set-up: the technicians' skills, working hours and a day off,
the partner company's skills and fee, and the parts catalogue with its vendors, so the
schedule board has rows, the slot finder suggests times and parts can be ordered.

Olivia sets them up through `field.setup` (the functions the admin and the API call);
the visits themselves are booked through the desk (`fieldwork.py`).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.demo.cast import Cast
from rightthere.field.models import FeeKind, Part, Skill, TechnicianProfile, Vendor
from rightthere.field.setup import (
    add_part,
    add_skill,
    add_time_off,
    add_vendor,
    change_partner,
    set_up_technician,
    set_working_hours,
)

SKILLS = ("Boilers", "Plumbing", "Electrics")
Periods = tuple[tuple[time, time], ...]
WEEKDAYS = range(5)
DAY = ((time(8, 0), time(17, 0)),)
WEEKEND_CALL_OUTS = ((time(9, 0), time(13, 0)),)
WITH_LUNCH = ((time(8, 0), time(12, 30)), (time(13, 0), time(16, 30)))


@dataclass(frozen=True)
class Rota:
    username: str
    skills: tuple[str, ...]
    hours: dict[int, Periods]  # weekday -> working periods


ROTAS = (
    # Tom works the week and covers the weekend call-outs in the mornings.
    Rota("tom", ("Boilers", "Plumbing"), {**dict.fromkeys(WEEKDAYS, DAY),
                                         5: WEEKEND_CALL_OUTS, 6: WEEKEND_CALL_OUTS}),
    Rota("tara", ("Electrics", "Plumbing"), dict.fromkeys(WEEKDAYS, WITH_LUNCH)),
    Rota("theo", ("Boilers", "Electrics"), dict.fromkeys(range(1, 6), DAY)),  # Tuesday-Saturday
)  # fmt: skip
TIME_OFF_REASON = "Gas Safe refresher course"

VENDORS = (
    ("Millbrook Plumbing Supplies", "orders@millbrook-supplies.example"),
    ("HeatParts Direct", "trade@heatparts.example"),
    ("Sparks Electrical Wholesale", "sales@sparks-wholesale.example"),
)
# sku, name, vendor, cost, stock, reorder level, lead time in days
PARTS = (
    ("DV-2210", "Boiler diverter valve", "HeatParts Direct", "64.50", 1, 1, 2),
    ("PCB-77", "Boiler control board (PCB)", "HeatParts Direct", "189.00", 0, 1, 3),
    ("EXV-8", "Expansion vessel 8 litre", "HeatParts Direct", "42.00", 2, 1, 2),
    ("FV-15", "Cistern fill valve", "Millbrook Plumbing Supplies", "11.80", 6, 3, 1),
    ("TAP-C1", "Kitchen mixer tap cartridge", "Millbrook Plumbing Supplies", "18.40", 2, 2, 2),
    ("TRV-15", "Thermostatic radiator valve", "Millbrook Plumbing Supplies", "23.90", 4, 2, 1),
    ("RCD-40", "RCD 40A 30mA", "Sparks Electrical Wholesale", "36.00", 1, 2, 2),
    ("EF-100", "Extractor fan 100mm", "Sparks Electrical Wholesale", "29.50", 3, 1, 2),
)


def working_days(hours: dict[int, Periods], start: date, count: int, step: int = 1) -> list[date]:
    """The next `count` days from `start` (itself included) on which `hours` has work,
    going forward (`step` 1) or back (-1)."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() in hours:
            days.append(day)
        day += timedelta(days=step)
    return days


def rota(username: str) -> Rota:
    return next(r for r in ROTAS if r.username == username)


def seed_field(cast: Cast, now: datetime) -> None:
    """Olivia sets up field service (`field.setup`, as in the admin or the API): skills,
    the technicians' skills, hours and a day off, the partner's profile and fee, and the
    parts catalogue."""
    owner = cast.owner
    skills = {name: Skill.objects.filter(name=name).first() or add_skill(owner, name=name)
              for name in SKILLS}  # fmt: skip
    users = {user.username: user for user in cast.technicians}
    for entry in ROTAS:
        skilled = [skills[name] for name in entry.skills]
        profile = set_up_technician(owner, users[entry.username], skills=skilled)
        periods = [(day, start, end) for day, times in entry.hours.items() for start, end in times]
        set_working_hours(owner, profile, periods)
        if entry.username == "tara":
            _day_off(owner, profile, entry, now)
    partner = cast.subcontractor.partner
    assert partner is not None
    change_partner(owner, partner, skills=[skills["Plumbing"], skills["Boilers"]],
                   fee_kind=FeeKind.FIXED, fee_amount=Decimal("25.00"),
                   visit_price=Decimal("140.00"), crews=2)  # fmt: skip
    _catalogue(owner)


def _day_off(owner: User, profile: TechnicianProfile, entry: Rota, now: datetime) -> None:
    """A whole working day off, two working days from today (on this week's board)."""
    day = working_days(entry.hours, timezone.localdate(now) + timedelta(days=1), 2)[1]
    tz = timezone.get_current_timezone()
    add_time_off(owner, profile,
                 starts_at=datetime.combine(day, time(0, 0), tzinfo=tz),
                 ends_at=datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz),
                 reason=TIME_OFF_REASON)  # fmt: skip


def _catalogue(owner: User) -> None:
    vendors = {
        name: Vendor.objects.filter(name=name).first() or add_vendor(owner, name=name, email=email)
        for name, email in VENDORS
    }
    for sku, name, vendor, cost, stock, reorder, lead in PARTS:
        if not Part.objects.filter(sku=sku).exists():
            add_part(owner, sku=sku, name=name, vendor=vendors[vendor], cost=Decimal(cost),
                     stock_on_hand=stock, reorder_level=reorder,
                     lead_time_days=lead)  # fmt: skip

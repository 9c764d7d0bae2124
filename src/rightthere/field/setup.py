"""Setting up field service: skills, technicians (their skills, working hours and time
off), partner companies with the fee the business keeps, vendors and parts.

Owners set these up, in the admin or through the API (`field.setup_api`); both call
these functions, which check the owner, refuse bad input with a clear message and
write. Nothing else reacts to a set-up change, so they are this app's own actions.
"""

from collections.abc import Iterable
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import PartnerCompany, Role, User
from rightthere.accounts.roles import check_owner
from rightthere.accounts.setup import add_partner_company, add_person
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.field.models import (
    FeeKind,
    FieldSettings,
    Part,
    PartnerProfile,
    Skill,
    TechnicianProfile,
    TimeOff,
    Vendor,
    WorkingHours,
)

DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

Period = tuple[int, time, time]


def add_skill(actor: User | None, *, name: str) -> Skill:
    """A skill a visit may need and technicians or partners may have."""
    check_owner(actor, gettext("set up skills"))
    name = name.strip()
    if not name:
        raise InvalidInput(gettext("Give the skill a name."))
    if Skill.objects.filter(name__iexact=name).exists():
        raise InvalidInput(gettext("There is already a skill called '%(name)s'.") % {"name": name})
    skill = Skill.objects.create(name=name)
    record_change(actor, "technicians", f"Added the skill {name}.")
    return skill


def set_up_technician(
    actor: User | None, user: User, *, skills: Iterable[Skill], active: bool = True
) -> TechnicianProfile:
    """Make a technician bookable for visits, with these skills (replacing any before)."""
    check_owner(actor, gettext("set up technicians"))
    if user.role != Role.TECHNICIAN:
        raise InvalidInput(gettext("%(name)s is not a technician.") % {"name": user.display_name})
    with transaction.atomic():
        profile, _ = TechnicianProfile.objects.get_or_create(user=user)
        profile.active = active
        profile.save(update_fields=["active"])
        chosen = list(skills)
        profile.skills.set(chosen)
        takes = "takes visits" if active else "takes no visits"
        record_change(actor, "technicians",
                      f"Set up {user.display_name}: skills {_names(chosen)}; {takes}.")  # fmt: skip
    return profile


def _names(items: Iterable[Any]) -> str:
    return ", ".join(str(item) for item in items) or "none"


def describe_periods(periods: Iterable[Period]) -> str:
    """ "Mon 08:00-12:00, 12:30-16:30; Tue ..." for the history and the screens."""
    days: dict[int, list[str]] = {}
    for weekday, starts, ends in sorted(periods):
        days.setdefault(weekday, []).append(f"{starts:%H:%M}-{ends:%H:%M}")
    return "; ".join(f"{DAY_NAMES[day]} {', '.join(spans)}" for day, spans in days.items()) or (
        "no hours (never bookable)"
    )


def add_technician(
    actor: User | None,
    *,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    skills: Iterable[Skill] = (),
    periods: list[Period] | None = None,
) -> TechnicianProfile:
    """A new technician in one go: their account (role technician, no password until
    they are invited), their skills and weekly hours, bookable at once."""
    check_owner(actor, gettext("add technicians"))
    _check_periods(periods or [])
    with transaction.atomic():
        person = add_person(actor, username=username, role=Role.TECHNICIAN,
                            first_name=first_name, last_name=last_name, email=email)  # fmt: skip
        chosen = list(skills)
        profile = TechnicianProfile.objects.create(user=person)
        profile.skills.set(chosen)
        WorkingHours.objects.bulk_create(
            WorkingHours(technician=profile, weekday=day, starts=starts, ends=ends)
            for day, starts, ends in sorted(periods or [])
        )
        hours = describe_periods(periods or [])
        record_change(actor, "technicians", f"Added the technician {person.display_name}: "
                      f"skills {_names(chosen)}; hours {hours}.")  # fmt: skip
    return profile


def set_load_ceiling(actor: User | None, percent: int) -> FieldSettings:
    """The share of each technician's hours that may be booked (the rest is slack for
    urgent work and overruns); the slot finder books no technician above it."""
    check_owner(actor, gettext("set the technicians' load ceiling"))
    if not 10 <= percent <= 100:
        raise InvalidInput(gettext("The load ceiling is a percentage from 10 to 100."))
    with transaction.atomic():
        current = FieldSettings.current()
        before = current.max_load_percent
        current.max_load_percent = percent
        current.save(update_fields=["max_load_percent"])
        record_change(actor, "technicians", f"Changed the load ceiling from {before}% to "
                      f"{percent}% of each technician's hours.")  # fmt: skip
    return current


MAX_CUTOFF_HOURS = 14 * 24


def set_customer_cutoff(actor: User | None, hours: int) -> FieldSettings:
    """Until how many hours before a visit the customer may move it themselves on their
    status page (0: until it starts); after that they write to the desk."""
    check_owner(actor, gettext("set when customers may move their visit"))
    if not 0 <= hours <= MAX_CUTOFF_HOURS:
        raise InvalidField("customer_cutoff_hours", gettext(
            "Give the hours before the visit, from 0 to %(most)s (two weeks).")
            % {"most": MAX_CUTOFF_HOURS})  # fmt: skip
    with transaction.atomic():
        current = FieldSettings.objects.select_for_update().get(pk=FieldSettings.current().pk)
        before = current.customer_cutoff_hours
        current.customer_cutoff_hours = hours
        current.save(update_fields=["customer_cutoff_hours"])
        record_change(actor, "technicians", f"Customers may now move their visit until {hours} "
                      f"hours before it starts (was {before}).")  # fmt: skip
    return current


def _check_periods(periods: list[Period]) -> None:
    by_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, starts, ends in periods:
        if not 0 <= weekday <= 6:
            raise InvalidInput(
                gettext("Weekday %(day)s is not 0 (Monday) to 6 (Sunday).") % {"day": weekday}
            )
        if ends <= starts:
            raise InvalidInput(
                gettext("A period must end after it starts (%(starts)s-%(ends)s).")
                % {"starts": f"{starts:%H:%M}", "ends": f"{ends:%H:%M}"}
            )
        by_day.setdefault(weekday, []).append((starts, ends))
    for spans in by_day.values():
        spans.sort()
        for (_, first_ends), (second_starts, _) in zip(spans, spans[1:], strict=False):
            if second_starts < first_ends:
                raise InvalidInput(gettext("Two periods on the same day overlap."))


def set_working_hours(
    actor: User | None, technician: TechnicianProfile, periods: list[Period]
) -> list[WorkingHours]:
    """Replace a technician's weekly hours: (weekday 0=Monday, starts, ends) periods;
    several on one day allow a break. No periods: never bookable."""
    check_owner(actor, gettext("set technicians' working hours"))
    _check_periods(periods)
    with transaction.atomic():
        technician.working_hours.all().delete()
        record_change(actor, "technicians", f"Set {technician.user.display_name}'s hours: "
                      f"{describe_periods(periods)}.")  # fmt: skip
        return WorkingHours.objects.bulk_create(
            WorkingHours(technician=technician, weekday=day, starts=starts, ends=ends)
            for day, starts, ends in sorted(periods)
        )


def add_time_off(
    actor: User | None,
    technician: TechnicianProfile,
    *,
    starts_at: datetime,
    ends_at: datetime,
    reason: str = "",
) -> TimeOff:
    """Time a technician cannot be booked (holiday, training, a doctor's visit)."""
    check_owner(actor, gettext("record technicians' time off"))
    if ends_at <= starts_at:
        raise InvalidInput(gettext("Time off must end after it starts."))
    with transaction.atomic():
        made = TimeOff.objects.create(
            technician=technician, starts_at=starts_at, ends_at=ends_at, reason=reason.strip()
        )
        record_change(actor, "technicians", f"Added time off for {technician.user.display_name}: "
                      f"{_time_off_text(made)}.")  # fmt: skip
    return made


def _time_off_text(time_off: TimeOff) -> str:
    starts, ends = localtime(time_off.starts_at), localtime(time_off.ends_at)
    text = f"{starts:%a %d %b %Y %H:%M} to {ends:%a %d %b %Y %H:%M}"
    return f"{text} ({time_off.reason})" if time_off.reason else text


def remove_time_off(actor: User | None, time_off: TimeOff) -> None:
    check_owner(actor, gettext("remove technicians' time off"))
    with transaction.atomic():
        record_change(actor, "technicians", "Removed time off for "
                      f"{time_off.technician.user.display_name}: {_time_off_text(time_off)}.")  # fmt: skip
        time_off.delete()


def _check_fee(fee_kind: str, fee_amount: Decimal, visit_price: Decimal) -> None:
    if fee_kind not in FeeKind.values:
        raise InvalidInput(
            gettext("The fee is %(allowed)s, not '%(value)s'.")
            % {"allowed": " or ".join(FeeKind.values), "value": fee_kind}
        )
    if fee_amount < 0 or visit_price < 0:
        raise InvalidInput(gettext("A fee or a price cannot be negative."))
    if fee_kind == FeeKind.PERCENT and fee_amount > 100:
        raise InvalidInput(gettext("A percentage fee cannot be over 100."))


def add_partner(
    actor: User | None,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    fee_kind: str = FeeKind.PERCENT,
    fee_amount: Decimal = Decimal("15"),
    visit_price: Decimal = Decimal("120"),
    skills: Iterable[Skill] = (),
    crews: int = 1,
    day_starts: time = time(8),
    day_ends: time = time(18),
) -> PartnerProfile:
    """A subcontractor company that takes overflow visits, and the fee the business keeps
    from each (a fixed amount, or a percentage of the visit price)."""
    check_owner(actor, gettext("set up partner companies"))
    _check_fee(fee_kind, fee_amount, visit_price)
    _check_day(day_starts, day_ends, crews)
    with transaction.atomic():
        company = add_partner_company(actor, name=name, email=email, phone=phone)
        profile = PartnerProfile.objects.create(
            partner=company, fee_kind=fee_kind, fee_amount=fee_amount, visit_price=visit_price,
            crews=crews, day_starts=day_starts, day_ends=day_ends,
        )  # fmt: skip
        chosen = list(skills)
        profile.skills.set(chosen)
        record_change(actor, "partners", f"Added the partner {company.name}: fee "
                      f"{_fee_text(profile)}; skills {_names(chosen)}.")  # fmt: skip
    return profile


def _fee_text(profile: PartnerProfile) -> str:
    amount, price = Decimal(profile.fee_amount), Decimal(profile.visit_price)
    if profile.fee_kind == FeeKind.FIXED:
        return f"{amount:.2f} per visit"
    return f"{amount:g}% of {price:.2f}"


def add_partner_user(
    actor: User | None,
    partner: PartnerCompany,
    *,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """A person at a partner company, who sees only the visits handed to it."""
    check_owner(actor, gettext("add a partner company's users"))
    with transaction.atomic():
        person = add_person(actor, username=username, role=Role.SUBCONTRACTOR,
                            first_name=first_name, last_name=last_name, email=email,
                            partner=partner)  # fmt: skip
        record_change(
            actor, "partners", f"Added {person.display_name} as a user of {partner.name}."
        )
    return person


def _check_day(day_starts: time, day_ends: time, crews: int) -> None:
    if day_ends <= day_starts:
        raise InvalidInput(gettext("A partner's day must end after it starts."))
    if crews < 1:
        raise InvalidInput(gettext("A partner has at least one crew."))


PARTNER_FIELDS = ("fee_kind", "fee_amount", "visit_price", "crews", "day_starts", "day_ends",
                  "active")  # fmt: skip


def change_partner(
    actor: User | None,
    partner: PartnerCompany,
    *,
    skills: Iterable[Skill] | None = None,
    **changes: Any,
) -> PartnerProfile:
    """Change a partner's fee, price, crews, hours, skills or whether it takes visits."""
    check_owner(actor, gettext("change partner companies"))
    unknown = set(changes) - set(PARTNER_FIELDS)
    if unknown:
        raise InvalidInput(
            gettext("Unknown partner fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        profile, _ = PartnerProfile.objects.select_for_update().get_or_create(partner=partner)
        for name, value in changes.items():
            setattr(profile, name, value)
        _check_fee(profile.fee_kind, Decimal(profile.fee_amount), Decimal(profile.visit_price))
        _check_day(profile.day_starts, profile.day_ends, profile.crews)
        profile.save()
        if skills is not None:
            profile.skills.set(list(skills))
        said = [f"{name.replace('_', ' ')}: {value}" for name, value in changes.items()]
        if skills is not None:
            said.append(f"skills: {_names(profile.skills.all())}")
        record_change(actor, "partners", f"Changed the partner {partner.name}: {'; '.join(said)}.")
    return profile


def add_vendor(actor: User | None, *, name: str, email: str = "") -> Vendor:
    """A supplier parts are ordered from."""
    check_owner(actor, gettext("set up vendors"))
    name = name.strip()
    if not name:
        raise InvalidInput(gettext("Give the vendor a name."))
    if Vendor.objects.filter(name__iexact=name).exists():
        raise InvalidInput(gettext("There is already a vendor called '%(name)s'.") % {"name": name})
    vendor = Vendor.objects.create(name=name, email=email)
    record_change(actor, "technicians", f"Added the vendor {name}.")
    return vendor


def change_vendor(actor: User | None, vendor: Vendor, *, name: str, email: str = "") -> Vendor:
    """A vendor's name and order e-mail address (owners)."""
    check_owner(actor, gettext("change vendors"))
    name = name.strip()
    if not name:
        raise InvalidField("name", gettext("Give the vendor a name."))
    if Vendor.objects.filter(name__iexact=name).exclude(pk=vendor.pk).exists():
        raise InvalidField(
            "name", gettext("There is already a vendor called '%(name)s'.") % {"name": name}
        )
    email = email.strip()
    said = [f"{label}: {before or '-'} -> {after or '-'}"
            for label, before, after in (("name", vendor.name, name), ("e-mail", vendor.email, email))
            if before != after]  # fmt: skip
    if not said:
        return vendor
    before_name = vendor.name
    vendor.name, vendor.email = name, email
    vendor.save(update_fields=["name", "email"])
    record_change(actor, "technicians", f"Changed the vendor {before_name}: {'; '.join(said)}.")
    return vendor


@transaction.atomic
def remove_vendor(actor: User | None, vendor: Vendor) -> None:
    """Remove a vendor nothing refers to (owners): one that parts come from, or that an
    order was placed with, stays (the orders' history keeps it), with the reason."""
    check_owner(actor, gettext("remove vendors"))
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    parts = vendor.parts.count()
    if parts:
        raise InvalidInput(
            ngettext(
                "%(name)s supplies %(count)s part in the catalogue: give it another vendor "
                "first, then remove this one.",
                "%(name)s supplies %(count)s parts in the catalogue: give them another vendor "
                "first, then remove this one.",
                parts,
            )
            % {"name": vendor.name, "count": parts}
        )
    orders = vendor.orders.count()
    if orders:
        raise InvalidInput(
            ngettext(
                "%(name)s has %(count)s part order on record, so it stays: the order's history "
                "needs it.",
                "%(name)s has %(count)s part orders on record, so it stays: the orders' history "
                "needs it.",
                orders,
            )
            % {"name": vendor.name, "count": orders}
        )
    name = vendor.name
    vendor.delete()
    record_change(actor, "technicians", f"Removed the vendor {name}.")


PART_FIELDS = ("name", "vendor", "cost", "stock_on_hand", "reorder_level", "lead_time_days")


def _check_part(part: Part) -> None:
    if not part.name.strip():
        raise InvalidInput(gettext("Give the part a name."))
    if Decimal(part.cost) < 0:
        raise InvalidInput(gettext("A part's cost cannot be negative."))
    if part.reorder_level < 0 or part.lead_time_days < 0:
        raise InvalidInput(gettext("A reorder level or lead time cannot be negative."))


def add_part(actor: User | None, *, sku: str, name: str, vendor: Vendor, **details: Any) -> Part:
    """A part in the catalogue: its vendor, cost, stock, reorder level and lead time."""
    check_owner(actor, gettext("set up parts"))
    sku = sku.strip()
    if not sku:
        raise InvalidInput(gettext("Give the part its SKU."))
    if Part.objects.filter(sku__iexact=sku).exists():
        raise InvalidInput(gettext("There is already a part with SKU '%(sku)s'.") % {"sku": sku})
    unknown = set(details) - set(PART_FIELDS)
    if unknown:
        raise InvalidInput(
            gettext("Unknown part fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    part = Part(sku=sku, name=name.strip(), vendor=vendor, **details)
    _check_part(part)
    part.save()
    record_change(actor, "technicians", f"Added the part {sku} {part.name}.")
    return part


def change_part(actor: User | None, part: Part, **changes: Any) -> Part:
    """Change a part's name, vendor, cost, stock count, reorder level or lead time."""
    check_owner(actor, gettext("change parts"))
    unknown = set(changes) - set(PART_FIELDS)
    if unknown:
        raise InvalidInput(
            gettext("Unknown part fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(part, name, value)
    _check_part(part)
    part.save()
    record_change(actor, "technicians",
                  f"Changed the part {part.sku} {part.name}: {', '.join(sorted(changes))}.")  # fmt: skip
    return part

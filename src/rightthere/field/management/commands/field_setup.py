"""rightthere field_setup skill|technician|time-off|partner|vendor|part ... --as OWNER:
set up field service from a shell, through the same functions as the admin and the API
(`field.setup`).

    rightthere field_setup skill "Gas boilers" --as olivia
    rightthere field_setup technician tom --skills "Gas boilers,Electrical" \\
        --hours "mon-fri 08:00-12:00,12:30-16:30" --as olivia
    rightthere field_setup time-off tom 2026-12-21 2026-12-28 --reason Holiday --as olivia
    rightthere field_setup partner "Spark & Sons" --fee-kind fixed --fee 25 --as olivia
    rightthere field_setup vendor "Wires Direct" --as olivia
    rightthere field_setup part RCD-30 "RCD 30 mA" --vendor "Wires Direct" --cost 24.50 --as olivia
    rightthere field_setup settings --load-ceiling 80 --customer-cutoff 24 --as olivia
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.core import time_spans
from rightthere.core.errors import CaseError
from rightthere.field import setup
from rightthere.field.models import FieldSettings, Skill, TechnicianProfile, Vendor

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"There is no active user '{username}'.")
    return user


def _skills(text: str) -> list[Skill]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    found = {skill.name.lower(): skill for skill in Skill.objects.all()}
    missing = [name for name in names if name.lower() not in found]
    if missing:
        raise CommandError(f"There is no skill '{missing[0]}'; add it with: field_setup skill.")
    return [found[name.lower()] for name in names]


def parse_hours(text: str) -> list[setup.Period]:
    """ "mon-fri 08:00-12:00,12:30-16:30; sat 9-12" -> (weekday, starts, ends). Each day's
    periods are read by the shared parser, with its messages, as on Settings ›
    Technicians (`core.time_spans`: "9-13", "9:30-17", "9am-1pm" too)."""
    periods = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days_text, _, spans_text = part.partition(" ")
        first, _, last = days_text.lower().partition("-")
        if first not in DAYS or (last and last not in DAYS) or not spans_text.strip():
            raise CommandError(f"Write the hours as 'mon-fri 08:00-17:00', not '{part}'.")
        days = range(DAYS.index(first), DAYS.index(last or first) + 1)
        try:
            spans = time_spans.parse_spans(spans_text)
        except time_spans.SpanError as error:
            raise CommandError(error.message) from error
        periods += [(day, starts, ends) for day in days for starts, ends in spans]
    return periods


def _day(text: str) -> datetime:
    try:
        return timezone.make_aware(datetime.combine(date.fromisoformat(text), time()))
    except ValueError as error:
        raise CommandError(f"'{text}' is not a date such as 2026-12-21.") from error


def _money(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise CommandError(f"'{text}' is not an amount such as 24.50.") from error


class Command(BaseCommand):
    help = "Set up skills, technicians, time off, partners, vendors and parts (owners)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "what",
            choices=["skill", "technician", "time-off", "partner", "vendor", "part", "settings"],
        )
        parser.add_argument("names", nargs="*", help="The name (and more, see the examples).")
        parser.add_argument("--as", dest="owner", required=True, help="An owner's username.")
        parser.add_argument("--skills", default="", help="Comma-separated skill names.")
        parser.add_argument(
            "--hours", default=None, help="e.g. 'mon-fri 08:00-17:00' or 'mon-fri 9-13'."
        )
        parser.add_argument("--reason", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--fee-kind", default="percent", choices=["percent", "fixed"])
        parser.add_argument("--fee", default="15")
        parser.add_argument("--price", default="120", help="A partner's visit price.")
        parser.add_argument("--crews", type=int, default=1)
        parser.add_argument("--vendor", default="")
        parser.add_argument("--cost", default="0")
        parser.add_argument("--load-ceiling", type=int, default=None, help="settings: percent")
        parser.add_argument("--customer-cutoff", type=int, default=None,
                            help="settings: hours before a visit the customer may move it")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        actor = _user(options["owner"])
        if not options["names"] and options["what"] != "settings":
            raise CommandError(f"Give the {options['what']}'s name (see --help).")
        try:
            done = getattr(self, "_" + options["what"].replace("-", "_"))(actor, **options)
        except CaseError as error:
            raise CommandError(error.message) from error
        self.stdout.write(done)

    def _skill(self, actor: User, names: list[str], **options: Any) -> str:
        skill = setup.add_skill(actor, name=" ".join(names))
        return f"Skill {skill.name} added (id {skill.pk})."

    def _technician(self, actor: User, names: list[str], **options: Any) -> str:
        person = _user(names[0])
        # Hours written wrongly are refused before anything is set up.
        hours_given = None if options["hours"] is None else parse_hours(options["hours"])
        profile = setup.set_up_technician(actor, person, skills=_skills(options["skills"]))
        if hours_given is not None:
            setup.set_working_hours(actor, profile, hours_given)
        hours = ", ".join(str(h) for h in profile.working_hours.all()) or "no working hours"
        return f"{person.display_name} can be booked: {hours}."

    def _time_off(self, actor: User, names: list[str], **options: Any) -> str:
        if len(names) != 3:
            raise CommandError("Give the technician, the first day and the last day.")
        profile = TechnicianProfile.objects.filter(user=_user(names[0])).first()
        if profile is None:
            raise CommandError(f"{names[0]} is not set up as a technician.")
        starts, last = _day(names[1]), _day(names[2])
        setup.add_time_off(actor, profile, starts_at=starts, ends_at=last + timedelta(days=1),
                           reason=options["reason"])  # fmt: skip
        return f"{names[0]} is off from {names[1]} to {names[2]} inclusive."

    def _partner(self, actor: User, names: list[str], **options: Any) -> str:
        profile = setup.add_partner(
            actor, name=" ".join(names), email=options["email"], fee_kind=options["fee_kind"],
            fee_amount=_money(options["fee"]), visit_price=_money(options["price"]),
            skills=_skills(options["skills"]), crews=options["crews"],
        )  # fmt: skip
        return (
            f"Partner {profile.partner.name} added; the business keeps {profile.fee():.2f} a visit."
        )

    def _vendor(self, actor: User, names: list[str], **options: Any) -> str:
        vendor = setup.add_vendor(actor, name=" ".join(names), email=options["email"])
        return f"Vendor {vendor.name} added (id {vendor.pk})."

    def _part(self, actor: User, names: list[str], **options: Any) -> str:
        if len(names) < 2:
            raise CommandError("Give the part's SKU and its name.")
        vendor = Vendor.objects.filter(name__iexact=options["vendor"]).first()
        if vendor is None:
            raise CommandError(f"There is no vendor '{options['vendor']}' (give --vendor).")
        part = setup.add_part(actor, sku=names[0], name=" ".join(names[1:]), vendor=vendor,
                              cost=_money(options["cost"]))  # fmt: skip
        return f"Part {part.sku} {part.name} added (id {part.pk})."

    def _settings(self, actor: User, names: list[str], **options: Any) -> str:
        if options["load_ceiling"] is None and options["customer_cutoff"] is None:
            raise CommandError("Give --load-ceiling and/or --customer-cutoff.")
        if options["load_ceiling"] is not None:
            setup.set_load_ceiling(actor, options["load_ceiling"])
        if options["customer_cutoff"] is not None:
            setup.set_customer_cutoff(actor, options["customer_cutoff"])
        current = FieldSettings.current()
        return (f"Load ceiling {current.max_load_percent}%; customers may move their visit until "
                f"{current.customer_cutoff_hours} hours before it.")  # fmt: skip

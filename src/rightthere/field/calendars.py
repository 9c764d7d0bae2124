"""Turn technicians, partners and their visits into the slot finder's plain calendars."""

from collections import defaultdict
from datetime import datetime, time

from rightthere.field.models import (
    ACTIVE_STATUSES,
    FieldSettings,
    PartnerProfile,
    TechnicianProfile,
    TimeOff,
    Visit,
)
from rightthere.field.slots import Calendar, Interval

WEEKDAYS = range(5)


def load_calendars(
    start: datetime,
    end: datetime,
    *,
    settings: FieldSettings | None = None,
    skill_id: int | None = None,
    ignore_visit: int | None = None,
    partners: bool = True,
) -> list[Calendar]:
    """Every active technician's and partner's calendar between start and end (5 queries)."""
    settings = settings or FieldSettings.current()
    max_load = settings.max_load_percent / 100
    profiles = TechnicianProfile.objects.filter(active=True, user__is_active=True)
    if skill_id is not None:
        profiles = profiles.filter(skills=skill_id)
    profiles = profiles.select_related("user").prefetch_related("skills", "working_hours")
    visits = Visit.objects.filter(status__in=ACTIVE_STATUSES, starts_at__lt=end, ends_at__gt=start)
    if ignore_visit is not None:
        visits = visits.exclude(pk=ignore_visit)
    busy: dict[tuple[str, int], list[Interval]] = defaultdict(list)
    for technician_id, partner_id, starts_at, ends_at in visits.values_list(
        "technician_id", "partner_id", "starts_at", "ends_at"
    ):
        if technician_id is not None:
            busy["technician", technician_id].append((starts_at, ends_at))
        elif partner_id is not None:
            busy["partner", partner_id].append((starts_at, ends_at))
    off: dict[int, list[Interval]] = defaultdict(list)
    for profile_id, off_start, off_end in TimeOff.objects.filter(
        starts_at__lt=end, ends_at__gt=start
    ).values_list("technician_id", "starts_at", "ends_at"):
        off[profile_id].append((off_start, off_end))
    calendars = []
    for profile in profiles:
        hours: dict[int, list[tuple[time, time]]] = defaultdict(list)
        for period in profile.working_hours.all():
            hours[period.weekday].append((period.starts, period.ends))
        calendars.append(
            Calendar(
                kind="technician",
                id=profile.user_id,
                name=profile.user.display_name,
                skills=frozenset(s.pk for s in profile.skills.all()),
                hours=dict(hours),
                time_off=off[profile.pk],
                busy=busy["technician", profile.user_id],
                max_load=max_load,
            )
        )
    if partners:
        companies = PartnerProfile.objects.filter(active=True)
        if skill_id is not None:
            companies = companies.filter(skills=skill_id)
        for company in companies.select_related("partner").prefetch_related("skills"):
            day = [(_time(company.day_starts), _time(company.day_ends))]
            calendars.append(
                Calendar(
                    kind="partner",
                    id=company.partner_id,
                    name=company.partner.name,
                    skills=frozenset(s.pk for s in company.skills.all()),
                    hours={weekday: day for weekday in WEEKDAYS},
                    busy=busy["partner", company.partner_id],
                    max_load=1.0,
                    crews=company.crews,
                )
            )
    return calendars


def _time(value: time | str) -> time:
    # A default given as text is still text on an instance that was never reloaded.
    return time.fromisoformat(value) if isinstance(value, str) else value

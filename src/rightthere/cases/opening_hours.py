"""Setting the desk's opening hours, holidays and per-priority targets, from which due
times are counted (`cases.business_hours`). Owners do this on the Hours screen, in the
admin or through the API; each change is noted in the settings change log."""

from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.cases.models import BusinessHours, Holiday, Priority, PriorityTarget
from rightthere.core.errors import InvalidInput

SCREEN = "hours"
MAX_TARGET_MINUTES = 366 * 24 * 60

Period = tuple[int, time, time]


def set_business_hours(actor: User | None, periods: list[Period]) -> list[BusinessHours]:
    """Replace the week's opening periods: (weekday 0=Monday, opens, closes); several on
    one day allow a lunch break. No periods at all: the desk counts as always open."""
    check_owner(actor, gettext("set the business hours"))
    by_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in periods:
        if not 0 <= weekday <= 6:
            raise InvalidInput(
                gettext("Weekday %(day)s is not 0 (Monday) to 6 (Sunday).") % {"day": weekday}
            )
        if closes <= opens:
            raise InvalidInput(
                gettext("A period must close after it opens (%(opens)s-%(closes)s).")
                % {"opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"}
            )
        by_day.setdefault(weekday, []).append((opens, closes))
    for spans in by_day.values():
        spans.sort()
        for (_, first_closes), (second_opens, _) in zip(spans, spans[1:], strict=False):
            if second_opens < first_closes:
                raise InvalidInput(gettext("Two opening periods on the same day overlap."))
    with transaction.atomic():
        # One row at a time, so the due-time cache hears of each (no bulk_create).
        BusinessHours.objects.all().delete()
        rows = [
            BusinessHours.objects.create(weekday=day, opens=opens, closes=closes)
            for day, opens, closes in sorted(periods)
        ]
        record_change(actor, SCREEN, "Set the business hours: " + describe_week(rows))
        return rows


def describe_week(rows: list[BusinessHours]) -> str:
    """ "Mon 09:00-17:00; Tue ...", or "always open" without periods."""
    if not rows:
        return "always open"
    days: dict[int, list[str]] = {}
    for row in rows:
        days.setdefault(row.weekday, []).append(f"{row.opens:%H:%M}-{row.closes:%H:%M}")
    names = dict(BusinessHours.WEEKDAYS)
    return "; ".join(f"{names[d][:3]} {', '.join(spans)}" for d, spans in sorted(days.items()))


def add_holiday(actor: User | None, *, day: date, name: str) -> Holiday:
    """A day the desk is closed: due times skip it."""
    check_owner(actor, gettext("set holidays"))
    name = name.strip()
    if not name:
        raise InvalidInput(gettext("Name the holiday."))
    if Holiday.objects.filter(date=day).exists():
        raise InvalidInput(gettext("%(day)s is already a holiday.") % {"day": f"{day:%Y-%m-%d}"})
    with transaction.atomic():
        holiday = Holiday.objects.create(date=day, name=name)
        record_change(actor, SCREEN, f"Added the holiday {name} on {day:%a %d %b %Y}")
    return holiday


def remove_holiday(actor: User | None, holiday: Holiday) -> None:
    check_owner(actor, gettext("remove holidays"))
    with transaction.atomic():
        holiday.delete()
        record_change(actor, SCREEN, f"Removed the holiday {holiday.name} on "
                      f"{holiday.date:%a %d %b %Y}")  # fmt: skip


def set_priority_target(
    actor: User | None, priority: str, *, first_response_minutes: int, resolution_minutes: int
) -> PriorityTarget:
    """How many business minutes a case of this priority has for its first answer and
    for being solved, counted from when it is opened."""
    check_owner(actor, gettext("set the targets"))
    if priority not in Priority.values:
        raise InvalidInput(
            gettext("The priority is one of %(values)s.") % {"values": ", ".join(Priority.values)}
        )
    for minutes in (first_response_minutes, resolution_minutes):
        if not 1 <= minutes <= MAX_TARGET_MINUTES:
            raise InvalidInput(
                gettext("A target is between one minute and a year of business time.")
            )
    if resolution_minutes < first_response_minutes:
        raise InvalidInput(gettext("Solving a case cannot be due before its first answer."))
    with transaction.atomic():
        target, _ = PriorityTarget.objects.update_or_create(
            priority=priority,
            defaults={"first_response_minutes": first_response_minutes,
                      "resolution_minutes": resolution_minutes},
        )  # fmt: skip
        record_change(actor, SCREEN, f"{Priority(priority).label} priority: first answer within "
                      f"{_span(first_response_minutes)}, solved within "
                      f"{_span(resolution_minutes)} of business time")  # fmt: skip
    return target


def _span(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")

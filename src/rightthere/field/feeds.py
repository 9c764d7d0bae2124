"""A technician's (or partner's) visits as a calendar their phone subscribes to.

The address carries a random secret per user (`CalendarFeed`); it is the whole key, since
a phone calendar cannot log in. A new link replaces the secret and the old address 404s.
"""

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Event

from rightthere.accounts.models import User
from rightthere.accounts.profile import business_name
from rightthere.core.errors import NotAllowed
from rightthere.field.agenda import day_start, goes_to_visits, own_visits
from rightthere.field.invites import new_calendar, visit_event
from rightthere.field.models import CalendarFeed, Visit, VisitStatus
from rightthere.field.models.feeds import new_feed_secret

# Visits of the past week stay in the feed, so that today's do not vanish once they start.
KEPT_DAYS = 7
MAX_VISITS = 1000


def check_feed_owner(user: User) -> None:
    if not goes_to_visits(user):
        raise NotAllowed(
            gettext("Only technicians and subcontractors have a calendar of their visits.")
        )


def feed_of(user: User) -> CalendarFeed:
    """The user's feed, made on first asking (technicians and subcontractors only)."""
    check_feed_owner(user)
    feed, _ = CalendarFeed.objects.get_or_create(user=user, defaults={"created_at": timezone.now()})
    return feed


@transaction.atomic
def rotate_feed(user: User) -> CalendarFeed:
    """Give the feed a new secret: the address issued before stops working at once."""
    feed = feed_of(user)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.secret = new_feed_secret()
    feed.created_at = timezone.now()
    feed.last_fetched_at = None
    feed.save(update_fields=["secret", "created_at", "last_fetched_at"])
    return feed


def feed_path(feed: CalendarFeed) -> str:
    """The feed's address on this site (the secret is in it)."""
    return reverse("field_calendar_feed", args=[feed.secret])


def webcal(url: str) -> str:
    """The same address for a phone: webcal:// opens the calendar app, which subscribes."""
    return "webcal://" + url.partition("://")[2]


def feed_for_secret(secret: str) -> CalendarFeed | None:
    """The live feed an address stands for; None for a wrong or replaced secret, or a user
    who may no longer have one (left, or no longer goes to visits)."""
    if not secret or len(secret) > 64:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(secret=secret).first()
    if feed is None or not goes_to_visits(feed.user):
        return None
    return feed


def feed_visits(user: User) -> list[Visit]:
    """What the feed carries: the user's own visits from a week ago on, cancelled ones too
    (so that a phone takes them off its calendar)."""
    since = day_start(timezone.localdate() - timedelta(days=KEPT_DAYS))
    found = own_visits(user).filter(ends_at__gte=since)
    found = found.select_related("case__customer", "case__contact")
    return list(found.order_by("starts_at", "id")[:MAX_VISITS])


def feed_calendar(feed: CalendarFeed, visit_url: Callable[[Visit], str]) -> bytes:
    """The .ics of the feed's visits; `visit_url` gives each visit's page address.
    Records when the feed was last fetched."""
    calendar = new_calendar()
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{business_name()}: my visits")
    # Ask calendars to refresh hourly (RFC 7986, and the older Microsoft name).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for visit in feed_visits(feed.user):
        calendar.add_component(_event(visit, visit_url(visit)))
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    return calendar.to_ical()


def _event(visit: Visit, url: str) -> Event:
    """The visit as the doer sees it: customer and case in the title, how to reach them
    and the visit's page in the notes."""
    case = visit.case
    contact = case.contact
    event = visit_event(visit, cancel=visit.status == VisitStatus.CANCELLED)
    event.add("summary", f"{case.customer.name} · {case.reference}")
    lines = [
        case.subject,
        gettext("Case %(reference)s") % {"reference": case.reference},
        gettext("Customer: %(name)s") % {"name": case.customer.name},
    ]
    if contact is not None and (contact.name or contact.phone):
        who = " · ".join(p for p in (contact.name, contact.phone) if p)
        lines.append(gettext("Contact: %(who)s") % {"who": who})
    if visit.status == VisitStatus.CANCELLED:
        lines.append(gettext("This visit is cancelled."))
    lines.append(url)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    return event

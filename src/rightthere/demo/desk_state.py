"""How the demo's people left the desk: a shared inbox view, the bell, the owner's
calls and absences, and the customers' relationships.

Olivia saved an "Urgent first" view and shared it with the desk
(`saved_views.actions.save_view`), rang three key customers
(`insights.actions.log_call`) and recorded Theo's sick days and Anna's holiday
(`insights.actions.record_absence`); the relationships are worked out as the periodic
job does (`insights.relationships.refresh_relationships`). The history notified people as it went (the
desk's use cases call the notifications producers); what is older than a person's
last few they have read (`notifications.bell.mark_read`), so each bell shows a
handful of new things, and the worker does not mail months of history.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from rightthere.customers.models import Customer
from rightthere.demo.cast import Cast
from rightthere.demo.clock import clock_at, next_working_time
from rightthere.insights.actions import log_call, record_absence
from rightthere.insights.models import AbsenceKind
from rightthere.insights.relationships import refresh_relationships
from rightthere.notifications.bell import mark_read
from rightthere.notifications.models import Notification
from rightthere.saved_views.actions import save_view

SHARED_VIEW = ("Urgent first", "priority=urgent&sort=due")
UNREAD_LEFT = 3  # per person, the newest
READ_AFTER = timedelta(hours=2)


# customer, days ago, what was said
CALLS = (
    ("Harbour View Lettings", 12, "Quarterly check-in: happy with the tenants' repairs; "
     "wants the boiler services for all flats booked in one week."),
    ("Riverside Dental Practice", 26, "Asked about a maintenance contract; sending a quote."),
    ("Margaret Hughes", 5, "Rang to thank her for the review and check the boiler is fine."),
)  # fmt: skip


def seed_desk_state(cast: Cast, now: datetime) -> None:
    name, query = SHARED_VIEW
    save_view(cast.owner, name=name, query=query, shared=True)
    _calls_and_absences(cast, now)
    refresh_relationships(now=now)
    people = (*cast.office, *cast.technicians, cast.subcontractor)
    for person in people:
        unread = Notification.objects.filter(recipient=person, read_at=None)
        for notification in unread.order_by("-created_at", "-id")[UNREAD_LEFT:]:
            mark_read(notification, now=min(notification.created_at + READ_AFTER, now))


def _calls_and_absences(cast: Cast, now: datetime) -> None:
    owner = cast.owner
    with clock_at(now):
        for name, days_ago, notes in CALLS:
            customer = Customer.objects.filter(name=name).first()
            if customer is not None:
                called_at = next_working_time(now - timedelta(days=days_ago), extra_minutes=95)
                log_call(customer, actor=owner, notes=notes, called_at=min(called_at, now))
        today = timezone.localdate(now)
        last_week = today - timedelta(days=today.weekday() + 7)  # Monday
        theo, anna = cast.technicians[2], cast.agents[1]
        record_absence(actor=owner, person=theo, kind=AbsenceKind.SICK,
                       starts_on=last_week + timedelta(days=2),
                       ends_on=last_week + timedelta(days=3), note="Flu")  # fmt: skip
        record_absence(actor=owner, person=anna, kind=AbsenceKind.HOLIDAY,
                       starts_on=last_week + timedelta(days=21),
                       ends_on=last_week + timedelta(days=25), note="Family visit")  # fmt: skip

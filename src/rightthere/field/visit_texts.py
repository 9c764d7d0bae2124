"""The visit-day notices as texts (SMS): the same news as the mail (`visit_day`), short
enough for one or two messages, with the business's name first and how to stop them, in
the customer's language."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.profile import business_name
from rightthere.core import spoken
from rightthere.field import invites
from rightthere.field.models import Visit
from rightthere.field.visit_day import first_name, window


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def reminder(visit: Visit) -> str:
    with invites.in_customer_language(visit):
        return gettext(
            "%(business)s: a reminder of your visit tomorrow, %(day)s, %(window)s. %(who)s "
            "will come. Reply STOP to stop texts."
        ) % {"business": business_name(), "day": spoken.day(visit.starts_at),
             "window": window(visit), "who": _capital(first_name(visit))}  # fmt: skip


def on_my_way(visit: Visit) -> str:
    with invites.in_customer_language(visit):
        values = {"business": business_name(), "who": _capital(first_name(visit))}
        if visit.expected_at is None:
            return (
                gettext("%(business)s: %(who)s is on the way to you now. Reply STOP to stop texts.")
                % values
            )
        return gettext(
            "%(business)s: %(who)s is on the way to you now and should be with you at about "
            "%(time)s. Reply STOP to stop texts."
        ) % {**values, "time": spoken.clock(visit.expected_at)}


def running_late(visit: Visit, *, minutes: int, now: datetime) -> str:
    with invites.in_customer_language(visit):
        today = timezone.localdate(visit.starts_at) == timezone.localdate(now)
        when = gettext("today") if today else gettext("on %(day)s") % {
            "day": spoken.day(visit.starts_at)}  # fmt: skip
        return gettext(
            "%(business)s: sorry, %(who)s is running about %(minutes)s minutes late. Your "
            "visit is now %(when)s %(window)s. Reply STOP to stop texts."
        ) % {"business": business_name(), "who": first_name(visit), "minutes": minutes,
             "when": when.strip(), "window": window(visit)}  # fmt: skip

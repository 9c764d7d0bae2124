"""When we ask, and for how long an answer may be changed (settings.RIGHTTHERE)."""

from datetime import datetime, timedelta

from django.conf import settings

from rightthere.satisfaction.models import SatisfactionAnswer


def ask_delay() -> timedelta:
    """How long after a case is solved the customer is asked (CSAT_DELAY_HOURS)."""
    return timedelta(hours=settings.RIGHTTHERE.get("CSAT_DELAY_HOURS", 24))


def change_period() -> timedelta:
    """How long after the first answer it may still be changed (CSAT_CHANGE_DAYS)."""
    return timedelta(days=settings.RIGHTTHERE.get("CSAT_CHANGE_DAYS", 7))


def ask_within() -> timedelta:
    """Cases solved longer ago than this are never asked (CSAT_MAX_AGE_DAYS), so that
    switching the feature on does not mail every customer of the past years."""
    return timedelta(days=settings.RIGHTTHERE.get("CSAT_MAX_AGE_DAYS", 14))


def change_until(answer: SatisfactionAnswer) -> datetime:
    return answer.answered_at + change_period()


def can_change(answer: SatisfactionAnswer, now: datetime) -> bool:
    return now <= change_until(answer)

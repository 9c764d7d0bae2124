"""Someone has a case page open: the heartbeat of the page (and of apps, through the
API), which says who else is on the case and, when the page has just been opened,
marks what it shows as read: the inbox's "Customer replied" and the bell's
notifications about that case."""

from dataclasses import dataclass

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.notifications.bell import mark_case_read
from rightthere.presence import actions as presence
from rightthere.presence.models import Presence


@dataclass(frozen=True)
class Beat:
    others: list[Presence]
    notifications_read: int  # how many of the bell's notifications this opening read


def case_page_heartbeat(user: User, case: Case, state: str, *, opened: bool = False) -> Beat:
    others = presence.heartbeat(user, case, state, opened=opened)
    read = mark_case_read(user, case.pk) if opened else 0
    return Beat(others=others, notifications_read=read)

import pytest

from rightthere.notifications.actions import notify
from rightthere.notifications.models import NotificationKind
from tests.factories import make_case


@pytest.fixture
def tell():
    """`tell(user, "text")`: a notification for the user about a new case, as a producer
    makes it (kind: a customer replied, unless given)."""

    def make(user, text="Mrs Cole replied", *, kind=NotificationKind.CUSTOMER_REPLIED, case=None):
        case = case or make_case()
        [row] = notify(kind, [user], text=text, url=f"/cases/{case.pk}/", case=case)
        return row

    return make

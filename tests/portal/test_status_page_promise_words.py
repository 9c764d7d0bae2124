"""The status page tells a promise read from a reply as a sentence (UX audit 2, item 5):
a named colleague does it themselves ("Tara will come and check the pump..."), not
"Adam will have Tara come on and check..."."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.portal.links import status_path
from rightthere.promises.actions import make_promise
from rightthere.promises.models import PromiseSource
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def promised(case, agent, what: str) -> None:
    """The soonest promise (before the first answer's), due in an hour."""
    due = timezone.now() + timedelta(hours=1)
    make_promise(case, actor=agent, what=what, due_at=due, source=PromiseSource.READ_FROM_REPLY)


@pytest.mark.parametrize(
    ("what", "sentence"),
    [
        ("have Tara come and check the pump and expansion vessel at no charge",
         "Tara will come and check the pump and expansion vessel at no charge by"),
        ("have the engineer come", "The engineer will come by"),
        ("have our plumber call you", "Our plumber will call you by"),
    ],
)  # fmt: skip
def test_someone_else_s_promise_is_told_as_theirs(client, agent, what, sentence):
    case = make_case(assignee=agent)
    promised(case, agent, what)

    page = client.get(status_path(case)).content.decode()

    assert sentence in page
    assert " will have " not in page


def test_our_own_promise_is_told_as_the_handler_s(client, agent):
    case = make_case(assignee=agent)
    promised(case, agent, "send you a few ways to put it right")

    page = client.get(status_path(case)).content.decode()

    assert f"{agent.first_name} will send you a few ways to put it right by" in page

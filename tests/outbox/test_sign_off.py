"""A customer mail signs off once: the person, then the business (issue #16:
"Olivia / Olivia / Customer service")."""

import re

import pytest
from django.core import mail

from rightthere.cases.models import Direction
from rightthere.desk import messages as desk_messages
from rightthere.outbox.delivery import send_automatic_message
from tests.factories import UserFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def olivia(db):
    return UserFactory(username="olivia.b", first_name="Olivia", last_name="Bright")


@pytest.fixture
def business(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "BUSINESS_NAME": "Brightside Boilers"}
    return "Brightside Boilers"


def _reply(author, body, run_tasks):
    case = make_case(assignee=author)
    desk_messages.add_message(case, actor=author, direction=Direction.OUTBOUND, body_text=body)
    run_tasks()
    (sent,) = [m for m in mail.outbox if "Coming" in m.body]
    return sent.body, sent.alternatives[0][0]


def _before_footer(text: str) -> str:
    return text.split("Your request")[0]


def _words(text: str, word: str) -> int:
    return len(re.findall(rf"\b{re.escape(word)}\b", text))


def test_a_reply_signed_by_habit_gets_the_business_name_once_and_no_second_name(
    olivia, business, run_tasks
):
    text, html = _reply(olivia, "Coming Friday at 9.\n\nOlivia", run_tasks)

    assert _before_footer(text).strip().endswith("Olivia\n\nBrightside Boilers")
    assert _words(text, "Olivia") == 1
    assert _words(text, "Brightside Boilers") == 1
    assert _words(html, "Olivia") == 1
    assert _words(html, "Brightside Boilers") == 1
    assert "Customer service" not in text


def test_an_unsigned_reply_is_signed_with_the_name_and_the_business_once(
    olivia, business, run_tasks
):
    text, html = _reply(olivia, "Coming Friday at 9.", run_tasks)

    assert (
        _before_footer(text).strip().endswith("Coming Friday at 9.\n\nOlivia\nBrightside Boilers")
    )
    assert _words(text, "Olivia") == 1
    assert _words(html, "Olivia") == 1
    assert "Olivia<br>Brightside Boilers" in html


def test_a_canned_close_with_full_name_and_business_is_not_repeated(olivia, business, run_tasks):
    text, html = _reply(
        olivia, "Coming Friday at 9.\n\nKind regards,\nOlivia Bright\nBrightside Boilers", run_tasks
    )

    assert _words(text, "Olivia") == 1
    assert _words(text, "Brightside Boilers") == 1
    assert _words(html, "Olivia") == 1


def test_an_automatic_message_is_signed_by_the_business_alone(business, run_tasks):
    case = make_case()
    send_automatic_message(case, body_text="Coming tomorrow: your engineer.")
    run_tasks()

    (sent,) = mail.outbox
    assert _before_footer(sent.body).strip().endswith("your engineer.\n\nBrightside Boilers")

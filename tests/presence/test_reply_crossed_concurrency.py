"""Two replies sent at the same moment: the second waits for the first, then sees it.

PostgreSQL only: SQLite lets one writer in at a time for the whole database, so
the race this guards against cannot happen there."""

import threading
import time

import pytest
from django.db import connection, transaction

from rightthere.core.errors import ReplyCrossed
from rightthere.desk import messages as desk_messages
from tests.factories import UserFactory, make_case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks"),
]


def test_a_reply_sent_while_another_is_being_sent_is_held_once_that_one_is_in():
    adam = UserFactory(first_name="Adam")
    bea = UserFactory(first_name="Bea")
    case = make_case(assignee=adam)
    seen = case.messages.order_by("-pk").values_list("pk", flat=True).first()
    adams_is_written, adam_may_commit = threading.Event(), threading.Event()
    outcome = {}

    def adam_sends():
        with transaction.atomic():  # his reply is written but not yet committed...
            desk_messages.send_reply(case, actor=adam, body_text="Thursday at 9.",
                                     seen_last_message_id=seen)  # fmt: skip
            adams_is_written.set()
            adam_may_commit.wait(10)
        connection.close()

    def bea_sends():
        adams_is_written.wait(10)
        try:
            desk_messages.send_reply(case, actor=bea, body_text="Thursday morning.",
                                     seen_last_message_id=seen)  # fmt: skip
            outcome["bea"] = "sent"
        except ReplyCrossed as crossed:
            outcome["bea"] = [m.body_text for m in crossed.newer]
        finally:
            connection.close()

    threads = [threading.Thread(target=adam_sends), threading.Thread(target=bea_sends)]
    for thread in threads:
        thread.start()
    adams_is_written.wait(10)
    time.sleep(0.5)  # ...while Bea's reply waits for the case's lock
    assert "bea" not in outcome
    adam_may_commit.set()
    for thread in threads:
        thread.join(10)

    assert outcome["bea"] == ["Thursday at 9."]
    assert list(case.messages.filter(direction="outbound").values_list("body_text", flat=True)) == [
        "Thursday at 9."
    ]

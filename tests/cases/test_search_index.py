"""The search document the actions write, one statement each time a case changes,
is the one a full rebuild of the index writes, so search results stay the same."""

import pytest
from django.db import connection

from rightthere.cases import actions
from rightthere.cases.search import rebuild_index, search_case_ids
from rightthere.desk import messages as desk_messages
from rightthere.desk import opening
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def documents() -> dict[int, tuple[str, ...]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, subject, body FROM case_search")
        else:
            cursor.execute("SELECT case_id, document::text FROM case_search")
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def test_documents_written_by_the_actions_match_a_full_rebuild(agent):
    opened = make_case(subject="Boiler bangs", body="It bangs every few minutes since Monday.")
    replied = make_case(subject="Tap leaks", body="The kitchen tap drips.")
    desk_messages.add_message(
        replied, actor=agent, direction="outbound", body_text="Plumber on Friday."
    )
    desk_messages.add_message(
        replied, actor=None, direction="inbound", body_text="Friday suits me."
    )
    renamed = make_case(subject="Gate", body="The gate motor is jammed.")
    actions.change_subject(renamed, actor=agent, subject="Gate motor jammed")
    no_message = opening.open_case(
        actor=agent, subject="Call back about the invoice", customer=opened.customer
    )
    written = documents()

    rebuild_index()

    assert written == documents()
    assert set(written) == {opened.pk, replied.pk, renamed.pk, no_message.pk}
    assert search_case_ids("friday") == [replied.pk]
    assert search_case_ids("motor") == [renamed.pk]
    assert search_case_ids("invoice") == [no_message.pk]

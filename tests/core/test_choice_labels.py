"""`core.choices.choice_label` gives what Django's `get_FOO_display()` gives (#23: the case
page shows a label per timeline entry; Django's way translated every choice each time)."""

import pytest
from django.utils import translation

from rightthere.cases.models import CaseEvent, EventKind, Message
from rightthere.core.choices import choice_label


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_event_kind_reads_as_get_kind_display(language):
    with translation.override(language):
        for kind in EventKind:
            event = CaseEvent(kind=kind)
            assert choice_label(event, "kind") == event.get_kind_display()


def test_the_label_follows_the_language_of_the_request():
    message = Message(direction="inbound")

    with translation.override("en"):
        english = choice_label(message, "direction")
    with translation.override("de"):
        german = choice_label(message, "direction")
        django_german = message.get_direction_display()

    assert english == "From the customer"
    assert german == django_german != english


def test_a_value_that_is_no_choice_is_shown_as_it_is():
    event = CaseEvent(kind="retired_kind")

    assert choice_label(event, "kind") == event.get_kind_display() == "retired_kind"

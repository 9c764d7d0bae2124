"""`core.choices.choice_label` gives what Django's `get_FOO_display()` gives (#23: the case
page shows a label per timeline entry; Django's way translated every choice each time),
and `translated_choices` translates a named list of choices (the inbox's and the bulk
bar's selects) once per language."""

import uuid

import pytest
from django.utils import translation

from rightthere.cases.models import CaseEvent, EventKind, Message, Status
from rightthere.core.choices import choice_label, translated_choices


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


def test_a_named_list_of_choices_is_translated_once_per_language():
    name, built = f"statuses for {uuid.uuid4()}", []  # a name no earlier run has kept

    def statuses():
        built.append(translation.get_language())
        return Status.choices

    with translation.override("en"):
        english = translated_choices(name, statuses)
        again = translated_choices(name, statuses)
    with translation.override("de"):
        german = translated_choices(name, statuses)

    assert english == [(value, str(label)) for value, label in Status.choices]
    assert again is english
    assert german[1] == ("open", "Offen")
    assert all(type(label) is str for _, label in german)
    assert built == ["en", "de"]

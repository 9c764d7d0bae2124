"""What each checklist event says on the case timeline (checklists/_timeline_event.html)."""

import pytest
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from rightthere.cases.models import CaseEvent, EventKind
from rightthere.checklists.actions import Change

SAYINGS = {
    Change.ADDED: ("", "Order the valve", "added the step Order the valve"),
    Change.STARTED: ("", "Order the valve", "started Order the valve"),
    Change.UNSTARTED: ("", "Order the valve", "marked Order the valve as not started"),
    Change.DONE: ("", "Order the valve", "ticked off Order the valve"),
    Change.UNDONE: ("", "Order the valve", "unticked Order the valve"),
    Change.RENAMED: ("Order valve", "Order the valve",
                     "reworded the step Order valve to Order the valve"),
    Change.REMOVED: ("Order the valve", "", "removed the step Order the valve"),
    Change.REORDERED: ("", "Fit; Order", "reordered the checklist"),
    Change.TEMPLATE: ("", "Boiler repair", "added the Boiler repair checklist"),
}  # fmt: skip


def test_every_change_has_its_own_words():
    assert set(SAYINGS) == set(Change)


@pytest.mark.parametrize(("change", "saying"), SAYINGS.items(), ids=str)
def test_each_checklist_event_reads_as_a_sentence(change, saying):
    before, after, expected = saying
    event = CaseEvent(kind=EventKind.CHECKLIST, field=change, before=before, after=after)

    html = render_to_string("checklists/_timeline_event.html", {"e": event})

    assert strip_tags(html).strip() == expected


def test_a_step_with_markup_is_escaped_on_the_timeline():
    event = CaseEvent(kind=EventKind.CHECKLIST, field=Change.ADDED, after="<img src=x>")

    html = render_to_string("checklists/_timeline_event.html", {"e": event})

    assert "&lt;img src=x&gt;" in html

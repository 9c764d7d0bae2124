"""The checklist actions: what each changes, the event it records, who may do it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import Case, CaseEvent, EventKind, Kind
from rightthere.checklists import actions
from rightthere.checklists.models import CaseChecklistItem
from rightthere.core.errors import InvalidInput, NotAllowed
from tests.checklists.factories import BOILER_STEPS, ChecklistTemplateFactory, make_checklist
from tests.factories import SubcontractorFactory, make_case

pytestmark = pytest.mark.django_db


def checklist_events(case):
    return list(
        CaseEvent.objects.filter(case=case, kind=EventKind.CHECKLIST)
        .order_by("id")
        .values_list("field", "before", "after", "actor_id")
    )


def steps_of(case):
    return list(CaseChecklistItem.objects.filter(case=case).values_list("text", flat=True))


def test_technician_ticks_off_a_step_on_their_case(technician):
    case = make_case(assignee=technician)
    step, _ = make_checklist(case)

    done = actions.complete_item(step, actor=technician)

    done.refresh_from_db()
    assert done.done_by == technician
    assert done.done_at is not None
    assert done.started_at == done.done_at  # done without a start: started then
    assert checklist_events(case)[-1] == ("done", "", "Order the valve", technician.pk)


def test_agent_adds_steps_and_each_is_recorded_in_order(agent):
    case = make_case()

    first = actions.add_item(case, actor=agent, text="  Call the customer back ")
    second = actions.add_item(case, actor=agent, text="Send the quote")

    assert (first.position, first.text) == (1, "Call the customer back")
    assert second.position == 2
    assert checklist_events(case) == [
        ("added", "", "Call the customer back", agent.pk),
        ("added", "", "Send the quote", agent.pk),
    ]


def test_subcontractor_starts_a_step_on_their_companys_case(subcontractor):
    case = make_case(assignee=subcontractor)
    step, _ = make_checklist(case)

    started = actions.start_item(step, actor=subcontractor)

    assert started.started_at is not None
    assert started.done_at is None
    assert started.state == "started"
    assert checklist_events(case)[-1] == ("started", "", "Order the valve", subcontractor.pk)


def test_unticking_a_step_keeps_it_started_and_is_recorded(agent):
    case = make_case()
    step, _ = make_checklist(case)
    actions.complete_item(step, actor=agent)

    reopened = actions.reopen_item(step, actor=agent)

    reopened.refresh_from_db()
    assert (reopened.done_at, reopened.done_by) == (None, None)
    assert reopened.started_at is not None
    assert checklist_events(case)[-1] == ("undone", "", "Order the valve", agent.pk)


def test_a_mistaken_start_is_undone(agent):
    case = make_case()
    step, _ = make_checklist(case)
    actions.start_item(step, actor=agent)

    unstarted = actions.unstart_item(step, actor=agent)

    assert CaseChecklistItem.objects.get(pk=unstarted.pk).started_at is None
    assert checklist_events(case)[-1] == ("unstarted", "", "Order the valve", agent.pk)


def test_a_done_step_cannot_be_marked_not_started(agent):
    case = make_case()
    step, _ = make_checklist(case)
    actions.complete_item(step, actor=agent)

    with pytest.raises(InvalidInput, match="untick it"):
        actions.unstart_item(step, actor=agent)


def test_rewording_a_step_records_old_and_new_text(agent):
    case = make_case()
    step, _ = make_checklist(case)

    actions.change_item_text(step, actor=agent, text="Order the 22 mm valve")

    assert steps_of(case) == ["Order the 22 mm valve", "Book the visit"]
    assert checklist_events(case)[-1] == (
        "renamed", "Order the valve", "Order the 22 mm valve", agent.pk,
    )  # fmt: skip


def test_removing_a_step_keeps_it_on_the_timeline(agent):
    case = make_case()
    step, _ = make_checklist(case)

    actions.remove_item(step, actor=agent)

    assert steps_of(case) == ["Book the visit"]
    assert checklist_events(case)[-1] == ("removed", "Order the valve", "", agent.pk)


def test_a_step_removed_meanwhile_cannot_be_ticked_off(agent):
    case = make_case()
    step, _ = make_checklist(case)
    stale = CaseChecklistItem.objects.get(pk=step.pk)
    actions.remove_item(step, actor=agent)

    with pytest.raises(InvalidInput, match="no longer on the checklist"):
        actions.complete_item(stale, actor=agent)


def test_reordering_puts_the_steps_in_the_given_order(agent):
    case = make_case()
    first, second, third = make_checklist(case, ["Diagnose", "Order part", "Fit part"])

    actions.reorder(case, actor=agent, item_ids=[third.pk, first.pk, second.pk])

    assert steps_of(case) == ["Fit part", "Diagnose", "Order part"]
    assert checklist_events(case)[-1] == (
        "reordered", "", "Fit part; Diagnose; Order part", agent.pk,
    )  # fmt: skip


@pytest.mark.parametrize(
    "order", [[0, 1], [0, 1, 1, 2], [0, 1, 2, 3]], ids=["missing", "twice", "foreign"]
)
def test_reordering_must_name_every_step_once(order, agent):
    case = make_case()
    steps = make_checklist(case, ["Diagnose", "Order part", "Fit part"])
    foreign = make_checklist(make_case())[0]
    ids = [*(step.pk for step in steps), foreign.pk]

    with pytest.raises(InvalidInput, match="exactly once"):
        actions.reorder(case, actor=agent, item_ids=[ids[n] for n in order])

    assert steps_of(case) == ["Diagnose", "Order part", "Fit part"]


@pytest.mark.parametrize(
    "change",
    [
        lambda step, agent: actions.complete_item(step, actor=agent),
        lambda step, agent: actions.start_item(step, actor=agent),
        lambda step, agent: actions.reopen_item(step, actor=agent),
        lambda step, agent: actions.unstart_item(step, actor=agent),
        lambda step, agent: actions.change_item_text(step, actor=agent, text=step.text),
    ],
    ids=["tick", "start", "untick", "unstart", "same-text"],
)
def test_asking_for_the_state_a_step_already_has_records_nothing(change, agent):
    case = make_case()
    step, _ = make_checklist(case)
    change(step, agent)
    before = checklist_events(case)

    change(step, agent)

    assert checklist_events(case) == before


def test_reordering_into_the_same_order_records_nothing(agent):
    case = make_case()
    steps = make_checklist(case)
    before = checklist_events(case)

    actions.reorder(case, actor=agent, item_ids=[step.pk for step in steps])

    assert checklist_events(case) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Write what the step is"), ("   ", "Write what the step is"),
     ("x" * 251, "at most 250 characters"), ("a\x00b", "NUL")],
    ids=["empty", "blank", "oversize", "nul"],
)  # fmt: skip
def test_a_step_needs_sensible_text(text, message, agent):
    case = make_case()

    with pytest.raises(InvalidInput, match=message):
        actions.add_item(case, actor=agent, text=text)

    assert steps_of(case) == []


def test_a_step_of_exactly_250_characters_is_fine(agent):
    case = make_case()

    step = actions.add_item(case, actor=agent, text="x" * 250)

    assert len(step.text) == 250


def test_a_checklist_holds_a_bounded_number_of_steps(agent, monkeypatch):
    monkeypatch.setattr(actions, "MAX_STEPS_PER_CASE", 2)
    case = make_case()
    make_checklist(case)

    with pytest.raises(InvalidInput, match="at most 2 steps"):
        actions.add_item(case, actor=agent, text="One too many")


def test_agent_applies_a_template_in_one_event(agent):
    case = make_case()
    make_checklist(case, ["Call the customer"])
    template = ChecklistTemplateFactory(name="Boiler repair")

    added = actions.apply_template(case, template, actor=agent)

    assert [step.position for step in added] == [2, 3, 4, 5]
    assert steps_of(case) == ["Call the customer", *BOILER_STEPS]
    assert {step.from_template_id for step in added} == {template.pk}
    assert checklist_events(case)[-1] == ("template", "", "Boiler repair", agent.pk)


def test_a_template_goes_on_a_case_once(agent):
    case = make_case()
    template = ChecklistTemplateFactory(name="Boiler repair")
    actions.apply_template(case, template, actor=agent)

    with pytest.raises(InvalidInput, match="already on this case"):
        actions.apply_template(case, template, actor=agent)

    assert len(steps_of(case)) == len(BOILER_STEPS)


def test_a_template_without_steps_is_refused(agent):
    case = make_case()

    with pytest.raises(InvalidInput, match="has no steps"):
        actions.apply_template(case, ChecklistTemplateFactory(steps=[]), actor=agent)


@pytest.mark.parametrize(
    "change",
    [
        lambda case, step, user: actions.add_item(case, actor=user, text="Sneaky step"),
        lambda case, step, user: actions.apply_template(
            case, ChecklistTemplateFactory(), actor=user
        ),
        lambda case, step, user: actions.start_item(step, actor=user),
        lambda case, step, user: actions.unstart_item(step, actor=user),
        lambda case, step, user: actions.complete_item(step, actor=user),
        lambda case, step, user: actions.reopen_item(step, actor=user),
        lambda case, step, user: actions.change_item_text(step, actor=user, text="Changed"),
        lambda case, step, user: actions.remove_item(step, actor=user),
        lambda case, step, user: actions.reorder(case, actor=user, item_ids=[step.pk]),
    ],
    ids=["add", "template", "start", "unstart", "tick", "untick", "reword", "remove", "reorder"],
)
@pytest.mark.parametrize("who", ["technician", "subcontractor", "lone_subcontractor"])
def test_workers_cannot_change_the_checklist_of_a_case_they_cannot_see(change, who, request):
    case = make_case()  # unassigned: only owners and agents see it
    step = make_checklist(case, ["Order the valve"])[0]
    before = checklist_events(case)

    with pytest.raises(NotAllowed):
        change(case, step, request.getfixturevalue(who))

    assert checklist_events(case) == before
    assert steps_of(case) == ["Order the valve"]


@pytest.fixture
def lone_subcontractor(db):
    """A subcontractor user whose company has not been set: they see no case at all."""
    return SubcontractorFactory(partner=None)


def test_the_system_works_on_any_case():
    case = make_case()

    step = actions.add_item(case, actor=None, text="Chase the supplier")
    actions.complete_item(step, actor=None)

    assert checklist_events(case)[-1] == ("done", "", "Chase the supplier", None)


def test_a_checklist_change_marks_the_case_updated_but_keeps_its_version(agent):
    case = make_case(opened_at=timezone.now() - timedelta(days=2))
    version = Case.objects.get(pk=case.pk).version

    actions.add_item(case, actor=agent, text="Order the valve")

    fresh = Case.objects.get(pk=case.pk)
    assert fresh.version == version
    assert fresh.updated_at > timezone.now() - timedelta(minutes=1)


def test_a_change_recorded_late_does_not_move_the_case_back_in_time(agent):
    case = make_case()
    updated = Case.objects.get(pk=case.pk).updated_at

    actions.add_item(case, actor=None, text="Logged late", at=updated - timedelta(days=3))

    assert Case.objects.get(pk=case.pk).updated_at == updated


# --- Templates applied when a case is opened --------------------------------


@pytest.fixture
def templates(db):
    return {
        "repair": ChecklistTemplateFactory(
            name="Boiler repair", case_kind=Kind.REPAIR, apply_automatically=True
        ),
        "any": ChecklistTemplateFactory(
            name="Every case", steps=["Confirm the contact details"], apply_automatically=True
        ),
        "optional": ChecklistTemplateFactory(name="Optional extras", case_kind=Kind.REPAIR),
        "complaint": ChecklistTemplateFactory(
            name="Complaint recovery",
            case_kind=Kind.COMPLAINT,
            apply_automatically=True,
            steps=["Apologise", "Offer options"],
        ),  # fmt: skip
    }


def test_a_new_repair_case_gets_the_automatic_templates_for_repairs_and_any_kind(templates):
    opened_at = timezone.now() - timedelta(hours=3)
    case = make_case(kind=Kind.REPAIR, opened_at=opened_at)  # open_case applies them

    added = list(CaseChecklistItem.objects.filter(case=case))

    assert steps_of(case) == [*BOILER_STEPS, "Confirm the contact details"]
    assert {step.created_at for step in added} == {opened_at}
    assert checklist_events(case) == [
        ("template", "", "Boiler repair", None),
        ("template", "", "Every case", None),
    ]


def test_a_new_question_gets_only_the_template_for_any_kind(templates):
    case = make_case(kind=Kind.QUESTION)

    actions.apply_default_template(case)

    assert steps_of(case) == ["Confirm the contact details"]


def test_applying_the_default_templates_again_adds_nothing(templates):
    case = make_case(kind=Kind.REPAIR)
    actions.apply_default_template(case)
    before = (steps_of(case), checklist_events(case))

    added = actions.apply_default_template(case)

    assert added == []
    assert (steps_of(case), checklist_events(case)) == before


def test_without_automatic_templates_a_new_case_has_no_checklist(db):
    ChecklistTemplateFactory(case_kind=Kind.REPAIR)
    ChecklistTemplateFactory(case_kind=Kind.REPAIR, apply_automatically=True, steps=[])
    case = make_case(kind=Kind.REPAIR)

    added = actions.apply_default_template(case)

    assert added == []
    assert checklist_events(case) == []


def test_an_automatic_template_too_long_for_the_case_is_skipped_not_fatal(
    templates, monkeypatch, caplog
):
    monkeypatch.setattr(actions, "MAX_STEPS_PER_CASE", 3)
    case = make_case(kind=Kind.REPAIR)

    actions.apply_default_template(case)

    assert steps_of(case) == ["Confirm the contact details"]
    assert "Boiler repair" in caplog.text

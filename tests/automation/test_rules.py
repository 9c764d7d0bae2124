"""Automation rules run in the use cases: in the owners' order, each firing recorded on the
case with the rule's name, actions done through the same use cases a person uses, no
rule looping, and time-based rules in the worker on a controlled clock."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rightthere.automation import setup
from rightthere.automation.models import Firing, Rule, Trigger
from rightthere.canned.models import CannedReply
from rightthere.cases.models import Case, CaseEvent, Channel, EventKind, Priority, Status
from rightthere.cases.opening_hours import set_business_hours
from rightthere.checklists.models import ChecklistTemplate, ChecklistTemplateStep
from rightthere.desk import casework, triggers
from rightthere.desk import messages as desk_messages
from rightthere.desk.automation import run_rules, run_time_rules
from rightthere.notifications.models import Notification, NotificationKind
from rightthere.recovery.models import Recovery, StartedBy
from rightthere.webhooks.models import Delivery
from tests.factories import TeamFactory, make_case, subscribe

pytestmark = pytest.mark.django_db


def rule(owner, name, trigger=Trigger.CASE_OPENED, conditions=(), actions=(), **more):
    return setup.create_rule(owner, name=name, trigger=trigger, conditions=list(conditions),
                             actions=list(actions), **more)  # fmt: skip


def fired_events(case):
    return list(
        CaseEvent.objects.filter(case=case, kind=EventKind.AUTOMATION, field="rule")
        .order_by("id").values_list("before", flat=True)
    )  # fmt: skip


def test_a_case_from_the_reviews_channel_is_tagged_and_given_to_the_owner(owner):
    rule(owner, "Reviews to the owner",
         conditions=[{"field": "channel", "op": "is", "value": "review"}],
         actions=[{"type": "tag", "value": "review"}, {"type": "assign", "value": owner.pk}])  # fmt: skip

    review = make_case(channel=Channel.REVIEW, subject="One star: nobody came")
    mail_case = make_case(channel=Channel.EMAIL)

    review.refresh_from_db()
    assert review.assignee == owner
    assert list(review.tags.values_list("name", flat=True)) == ["review"]
    assert fired_events(review) == ["Reviews to the owner"]
    event = CaseEvent.objects.get(case=review, kind=EventKind.AUTOMATION)
    assert event.actor is None and "Add the tag “review”" in event.after
    # Assigned through the use case: the owner hears of it like any assignment.
    assert Notification.objects.filter(recipient=owner, case=review,
                                       kind=NotificationKind.ASSIGNED).exists()  # fmt: skip
    assert mail_case.tags.count() == 0 and fired_events(mail_case) == []
    assert Firing.objects.get().trigger_key == "opened"


def test_rules_run_in_their_order_and_a_later_rule_sees_what_an_earlier_one_did(owner):
    raise_it = rule(owner, "Boilers are urgent",
                    conditions=[{"field": "subject", "op": "contains", "value": "boiler"}],
                    actions=[{"type": "priority", "value": Priority.URGENT}])  # fmt: skip
    rule(owner, "Urgent to the heating team",
         conditions=[{"field": "priority", "op": "is", "value": Priority.URGENT}],
         actions=[{"type": "tag", "value": "heating"}])  # fmt: skip

    first = make_case(subject="Boiler leaks")
    assert fired_events(first) == ["Boilers are urgent", "Urgent to the heating team"]
    assert first.tags.filter(name="heating").exists()

    setup.move_rule(owner, raise_it, up=False)  # now runs second
    second = make_case(subject="Boiler leaks again")
    second.refresh_from_db()
    assert second.priority == Priority.URGENT
    assert fired_events(second) == ["Boilers are urgent"]  # the tag rule ran before
    assert not second.tags.filter(name="heating").exists()
    assert list(Rule.objects.values_list("name", flat=True)) == [
        "Urgent to the heating team", "Boilers are urgent",
    ]  # fmt: skip


def test_a_rule_fires_once_per_case_and_triggering_event(owner, agent):
    rule(owner, "Tell the owners", Trigger.CUSTOMER_REPLIED,
         actions=[{"type": "notify", "value": "owners"}])  # fmt: skip
    case = make_case(assignee=agent)
    message = desk_messages.add_customer_message(case, actor=None, body_text="Any news?")

    # The same event handed over again (a retried request, a job run twice): nothing new.
    run_rules(triggers.Happened(Trigger.CUSTOMER_REPLIED, case, f"message:{message.pk}", message))
    assert fired_events(case) == ["Tell the owners"]
    assert Notification.objects.filter(kind=NotificationKind.RULE).count() == 1

    desk_messages.add_customer_message(case, actor=None, body_text="Hello?")  # a new event
    assert fired_events(case) == ["Tell the owners", "Tell the owners"]


def test_rules_that_trigger_each_other_stop_and_no_rule_triggers_itself(owner, agent):
    rule(owner, "Open goes to solved", Trigger.STATUS_CHANGED,
         conditions=[{"field": "status", "op": "is", "value": Status.OPEN}],
         actions=[{"type": "status", "value": Status.SOLVED}])  # fmt: skip
    rule(owner, "Solved goes to open", Trigger.STATUS_CHANGED,
         conditions=[{"field": "status", "op": "is", "value": Status.SOLVED}],
         actions=[{"type": "status", "value": Status.OPEN}])  # fmt: skip
    rule(owner, "Any change: back to open", Trigger.STATUS_CHANGED,
         actions=[{"type": "status", "value": Status.OPEN}])  # fmt: skip
    case = make_case(assignee=agent)

    casework.change_status(case, actor=agent, status=Status.OPEN)

    # new>open: rule 1 sets solved; open>solved: rule 2 sets open; solved>open: rules 1
    # and 2 are running up the chain, so only rule 3 fires (open again: no change, no new
    # event). Back up, rule 3 fires once for each of the two earlier changes. Without the
    # chain rules 1 and 2 would bounce the case between open and solved for ever.
    assert fired_events(case) == [
        "Open goes to solved", "Solved goes to open", "Any change: back to open",
        "Any change: back to open", "Any change: back to open",
    ]  # fmt: skip
    case.refresh_from_db()
    assert case.status == Status.OPEN
    keys = Firing.objects.filter(case=case).values_list("rule__name", "trigger_key")
    assert sorted(keys) == sorted([
        ("Open goes to solved", "status:new>open@2"),
        ("Solved goes to open", "status:open>solved@3"),
        ("Any change: back to open", "status:solved>open@4"),
        ("Any change: back to open", "status:open>solved@3"),
        ("Any change: back to open", "status:new>open@2"),
    ])  # fmt: skip


def test_a_refused_action_is_noted_and_the_others_still_run(owner):
    template = ChecklistTemplate.objects.create(name="Boiler repair")
    ChecklistTemplateStep.objects.create(template=template, text="Check the pressure")
    helper = TeamFactory(name="Heating")
    rule(owner, "Heating set-up",
         actions=[{"type": "checklist", "value": template.pk},
                  {"type": "notify", "value": owner.pk},
                  {"type": "team", "value": helper.pk}])  # fmt: skip
    owner.is_active = False
    owner.save()

    case = make_case()

    case.refresh_from_db()
    assert case.team == helper
    assert case.checklist_items.count() == 1
    refused = CaseEvent.objects.get(case=case, kind=EventKind.AUTOMATION, field="refused")
    assert refused.before == "Heating set-up" and "deactivated" in refused.after
    assert "deactivated" in Firing.objects.get(case=case).outcome


def test_a_canned_reply_and_recovery_and_a_webhook_through_their_own_paths(owner, agent):
    reply = CannedReply.objects.create(title="Sorry", body="Dear {customer.first_name}, "
                                       "we are sorry and will call you today.",
                                       created_by=owner, created_at=timezone.now(),
                                       updated_at=timezone.now())  # fmt: skip
    hook = subscribe("https://books.example.com/hook", ["case.opened"], owner=owner)
    rule(owner, "Complaints",
         conditions=[{"field": "message", "op": "contains", "value": "disgrace"}],
         actions=[{"type": "recovery", "value": ""},
                  {"type": "canned_reply", "value": reply.pk},
                  {"type": "webhook", "value": hook.pk}])  # fmt: skip

    case = make_case(assignee=agent, body="This is a disgrace.")

    assert Recovery.objects.get(case=case).started_by == StartedBy.RULE
    sent = case.messages.filter(direction="outbound").get()
    assert sent.body_text.startswith("Dear ") and "{" not in sent.body_text
    assert sent.deliveries.exists()  # mailed like any reply
    events = list(Delivery.objects.filter(subscription=hook).values_list("event", flat=True))
    assert sorted(events) == ["automation.rule_fired", "case.opened"]


def test_time_based_rule_on_business_hours_with_a_controlled_clock(owner, agent):
    # Open Monday to Friday 9:00-17:00 (desk time, Europe/London = UTC in winter).
    set_business_hours(owner, [(day, time(9), time(17)) for day in range(5)])
    rule(owner, "No answer for 2 business hours", Trigger.NO_REPLY, wait_minutes=120,
         actions=[{"type": "priority", "value": Priority.HIGH},
                  {"type": "notify", "value": "assignee"}])  # fmt: skip
    friday_4pm = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    case = make_case(assignee=agent, opened_at=friday_4pm)
    Case.objects.filter(pk=case.pk).update(status=Status.OPEN)
    case.messages.update(created_at=friday_4pm)

    def at(day, hour, minute=0):
        return run_time_rules(datetime(2026, 11, day, hour, minute, tzinfo=UTC))

    assert at(27, 17, 30) == {"rules_fired": 0}  # 1 business hour so far
    assert at(28, 12) == {"rules_fired": 0}  # Saturday: closed, still 1 hour
    assert at(30, 9, 59) == {"rules_fired": 0}  # Monday 9:59: 1 h 59
    assert at(30, 10) == {"rules_fired": 1}  # 2 business hours
    assert at(30, 10, 5) == {"rules_fired": 0}  # run again: nothing new
    case.refresh_from_db()
    assert case.priority == Priority.HIGH
    assert fired_events(case) == ["No answer for 2 business hours"]
    assert Notification.objects.filter(recipient=agent, kind=NotificationKind.RULE).count() == 1

    # We answer; the customer writes again on Monday at 11:00: a new wait starts.
    desk_messages.send_reply(case, actor=agent, body_text="We are on it.",
                             at=datetime(2026, 11, 30, 10, 30, tzinfo=UTC), check_wording=False)  # fmt: skip
    desk_messages.add_customer_message(case, actor=None, body_text="When?",
                                       at=datetime(2026, 11, 30, 11, 0, tzinfo=UTC))  # fmt: skip
    assert at(30, 12, 59) == {"rules_fired": 0}
    assert at(30, 13, 0) == {"rules_fired": 1}
    # Answered in time: nothing fires.
    desk_messages.send_reply(case, actor=agent, body_text="Tomorrow at 9.",
                             at=datetime(2026, 11, 30, 13, 30, tzinfo=UTC), check_wording=False)  # fmt: skip
    assert at(30, 16) == {"rules_fired": 0}


def test_the_active_rules_are_cached_so_opening_a_case_reads_them_once(owner):
    rule(owner, "Anything", conditions=[{"field": "channel", "op": "is", "value": "api"}],
         actions=[{"type": "tag", "value": "api"}])  # fmt: skip
    setup.active_rules(Trigger.CASE_OPENED)
    with CaptureQueriesContext(connection) as queries:
        assert [r.name for r in setup.active_rules(Trigger.CASE_OPENED)] == ["Anything"]
        assert setup.active_rules(Trigger.NO_REPLY) == []
    assert len(queries) == 0


def test_preview_lists_which_recent_cases_match_and_writes_nothing(owner):
    review = make_case(channel=Channel.REVIEW, subject="Bad review")
    make_case(channel=Channel.EMAIL)
    before = (Case.objects.count(), CaseEvent.objects.count(), Firing.objects.count())

    with CaptureQueriesContext(connection) as queries:
        preview = setup.preview_rule(
            owner, trigger=Trigger.CASE_OPENED,
            conditions=[{"field": "channel", "op": "is", "value": "review"}],
        )  # fmt: skip

    assert [c.pk for c in preview.matched] == [review.pk]
    assert len(preview.rows) == 2
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert (Case.objects.count(), CaseEvent.objects.count(), Firing.objects.count()) == before


@pytest.mark.parametrize(
    ("fields", "where", "says"),
    [
        ({"name": " "}, "name", "Give the rule a name"),
        ({"trigger": "sometimes"}, "trigger", "Choose when"),
        ({"trigger": Trigger.NO_REPLY}, "wait_minutes", "after how many business minutes"),
        ({"trigger": Trigger.NO_REPLY, "wait_minutes": "soon"}, "wait_minutes", "whole number"),
        (
            {"conditions": [{"field": "colour", "op": "is", "value": "x"}]},
            "condition_1",
            "Unknown condition",
        ),
        (
            {"conditions": [{"field": "channel", "op": "contains", "value": "x"}]},
            "condition_1",
            "can only be tested with",
        ),
        (
            {"conditions": [{"field": "channel", "op": "is", "value": "pigeon"}]},
            "condition_1",
            "from the list",
        ),
        (
            {"conditions": [{}, {"field": "subject", "op": "contains", "value": ""}]},
            "condition_2",
            "Say what",
        ),
        ({"actions": []}, "action_1", "at least one action"),
        ({"actions": [{"type": "assign", "value": "999999"}]}, "action_1", "from the list"),
        ({"actions": [{"type": "tag", "value": "x" * 60}]}, "action_1", "too long"),
    ],
)
def test_bad_input_is_refused_with_the_field_at_fault(owner, fields, where, says):
    from rightthere.core.errors import InvalidField

    given = {"name": "A rule", "trigger": Trigger.CASE_OPENED, "conditions": [],
             "actions": [{"type": "tag", "value": "x"}], **fields}  # fmt: skip
    with pytest.raises(InvalidField) as refused:
        setup.create_rule(owner, **given)
    assert refused.value.field == where
    assert says in refused.value.message
    assert not Rule.objects.exists()


def test_a_duplicate_name_is_refused_and_each_change_is_logged(owner):
    from rightthere.accounts.models import SettingsChange
    from rightthere.core.errors import InvalidField

    made = rule(owner, "Reviews", actions=[{"type": "tag", "value": "review"}])
    with pytest.raises(InvalidField, match="already a rule"):
        rule(owner, "reviews", actions=[{"type": "tag", "value": "x"}])
    setup.set_rule_active(owner, made, False)
    setup.delete_rule(owner, made)
    summaries = list(SettingsChange.objects.filter(screen="automation")
                     .order_by("pk").values_list("summary", flat=True))  # fmt: skip
    assert summaries[0].startswith("Added the rule “Reviews”: when a case is opened")
    assert summaries[1:] == ["Switched the rule “Reviews” off", "Removed the rule “Reviews”"]


def test_only_owners_set_up_rules(agent, technician):
    from rightthere.core.errors import NotAllowed

    for person in (agent, technician):
        with pytest.raises(NotAllowed):
            rule(person, "Mine", actions=[{"type": "tag", "value": "x"}])
        with pytest.raises(NotAllowed):
            setup.preview_rule(person, trigger=Trigger.CASE_OPENED, conditions=[])


def test_the_chain_is_cut_at_its_depth_whatever_the_rules(owner):
    from rightthere.desk import automation

    rule(owner, "Tag everything", actions=[{"type": "tag", "value": "seen"}])
    case = make_case()
    deep = automation._running.set(tuple(range(-automation.MAX_DEPTH, 0)))  # 5 rules up
    try:
        assert run_rules(triggers.Happened(Trigger.CASE_OPENED, case, "opened-again")) == []
    finally:
        automation._running.reset(deep)
    assert run_rules(triggers.Happened(Trigger.CASE_OPENED, case, "opened-again"))[0].done


def test_the_worker_runs_the_time_based_rules_as_a_periodic_job(owner, agent):
    from rightthere.jobs.periodic import JOBS

    rule(owner, "Waited a minute", Trigger.NO_REPLY, wait_minutes=1,
         actions=[{"type": "tag", "value": "waiting"}])  # fmt: skip
    case = make_case(assignee=agent)
    case.messages.update(created_at=timezone.now() - timedelta(minutes=5))

    assert JOBS["automation-timers"].run() == {"rules_fired": 1}
    assert JOBS["automation-timers"].run() == {"rules_fired": 0}
    assert case.tags.filter(name="waiting").exists()


def test_a_rule_naming_something_removed_never_stops_the_case_from_opening(owner):
    gone = TeamFactory(name="Old team")
    rule(owner, "To the old team", actions=[{"type": "team", "value": gone.pk},
                                            {"type": "tag", "value": "routed"}])  # fmt: skip
    gone.delete()

    case = make_case(subject="Still opens")

    assert Case.objects.filter(pk=case.pk).exists()
    assert case.tags.filter(name="routed").exists()
    refused = CaseEvent.objects.get(case=case, kind=EventKind.AUTOMATION, field="refused")
    assert "no longer exists" in refused.after

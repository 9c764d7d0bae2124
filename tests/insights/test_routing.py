"""A person in every first answer: new cases are routed by the owner's rules to a team
and to a person at work in it, whichever door they come through (#17)."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rightthere.cases.models import BusinessHours, Channel, Kind
from rightthere.insights.actions import RuleFields, add_routing_rule
from rightthere.insights.models import Absence, PickBy, StaffRecord
from rightthere.mail import ingest
from rightthere.mail.models import Source
from rightthere.portal.intake import submit_web_form
from tests.factories import CustomerFactory, TeamFactory, UserFactory, make_case
from tests.mail.mails import make_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(owner):
    """The office team: Olivia and Sam, both agents."""
    team = TeamFactory(name="Office")
    olivia = UserFactory(first_name="Olivia", username="olivia.office")
    sam = UserFactory(first_name="Sam", username="sam.office")
    team.members.add(olivia, sam)
    return team, olivia, sam


def rule(owner, **fields):
    return add_routing_rule(actor=owner, fields=RuleFields(**fields))


def away_today(person, owner):
    today = timezone.localdate()
    return Absence.objects.create(user=person, kind="holiday", starts_on=today,
                                  ends_on=today + timedelta(days=400), recorded_by=owner)  # fmt: skip


def test_a_rule_by_kind_gives_the_case_to_its_team_and_a_person_in_it(owner, office):
    team, olivia, sam = office
    rule(owner, kind=Kind.REPAIR, team=team)

    repair = make_case(kind=Kind.REPAIR)
    question = make_case(kind=Kind.QUESTION)

    assert (repair.team, repair.assignee) == (team, olivia)
    assert (question.team, question.assignee) == (None, None)


def test_a_rule_by_channel_routes_only_that_channel(owner, office):
    team, olivia, _ = office
    rule(owner, channel=Channel.WEB, team=team)

    by_form = make_case(channel=Channel.WEB)
    by_mail = make_case(channel=Channel.EMAIL)

    assert (by_form.team, by_form.assignee) == (team, olivia)
    assert (by_mail.team, by_mail.assignee) == (None, None)


def test_a_rule_for_a_customer_wins_over_one_for_the_kind(owner, office):
    team, olivia, _ = office
    key_accounts = TeamFactory(name="Key accounts")
    kim = UserFactory(first_name="Kim")
    key_accounts.members.add(kim)
    big_customer = CustomerFactory(name="Hotel Bellevue")
    rule(owner, kind=Kind.REPAIR, team=team)
    rule(owner, customer=big_customer, team=key_accounts)

    theirs = make_case(kind=Kind.REPAIR, customer=big_customer)
    anyone = make_case(kind=Kind.REPAIR)

    assert (theirs.team, theirs.assignee) == (key_accounts, kim)
    assert (anyone.team, anyone.assignee) == (team, olivia)


def test_a_rule_without_a_team_shares_cases_among_all_agents(owner, office, technician):
    _, olivia, sam = office
    rule(owner)  # every case

    cases = [make_case() for _ in range(3)]

    assert [c.assignee for c in cases] == [olivia, sam, olivia]  # never an owner or technician


def test_round_robin_takes_turns_in_the_team(owner, office):
    team, olivia, sam = office
    rule(owner, kind=Kind.REPAIR, team=team, pick_by=PickBy.ROUND_ROBIN)

    cases = [make_case(kind=Kind.REPAIR) for _ in range(4)]

    assert [c.assignee for c in cases] == [olivia, sam, olivia, sam]


def test_least_loaded_gives_the_case_to_who_has_fewest_open_cases(owner, office):
    team, olivia, sam = office
    make_case(kind=Kind.QUESTION, assignee=olivia)
    make_case(kind=Kind.QUESTION, assignee=olivia)
    make_case(kind=Kind.QUESTION, assignee=sam)
    rule(owner, kind=Kind.REPAIR, team=team, pick_by=PickBy.LEAST_LOADED)

    first = make_case(kind=Kind.REPAIR)
    second = make_case(kind=Kind.REPAIR)

    assert first.assignee == sam  # 1 open case against Olivia's 2
    assert second.assignee in (olivia, sam)  # now 2 and 2: the first added
    assert second.assignee == olivia


def test_the_customers_account_owner_comes_first_when_at_work(owner, office):
    team, olivia, sam = office
    rule(owner, kind=Kind.REPAIR, team=team)
    customer = CustomerFactory(account_owner=sam)

    case = make_case(kind=Kind.REPAIR, customer=customer)

    assert (case.team, case.assignee) == (team, sam)


def test_an_account_owner_who_is_away_leaves_the_case_to_the_team(owner, office):
    team, olivia, sam = office
    rule(owner, kind=Kind.REPAIR, team=team)
    away_today(sam, owner)
    customer = CustomerFactory(account_owner=sam)

    case = make_case(kind=Kind.REPAIR, customer=customer)

    assert case.assignee == olivia


def test_people_away_or_gone_are_not_given_new_cases(owner, office):
    team, olivia, sam = office
    rule(owner, kind=Kind.REPAIR, team=team)
    away_today(olivia, owner)

    case = make_case(kind=Kind.REPAIR)

    assert case.assignee == sam
    StaffRecord.objects.create(user=sam, started_on=timezone.localdate() - timedelta(days=90),
                               ended_on=timezone.localdate() - timedelta(days=1))  # fmt: skip
    assert make_case(kind=Kind.REPAIR).assignee is None  # nobody left: unassigned


def test_the_person_given_a_case_is_told(owner, office):
    team, olivia, _ = office
    rule(owner, kind=Kind.REPAIR, team=team)

    case = make_case(kind=Kind.REPAIR)

    assert olivia.notifications.filter(case=case, text__contains="was assigned to you").exists()


def test_a_mail_gets_an_acknowledgement_that_names_the_person(owner, office, run_tasks):
    team, olivia, _ = office
    rule(owner, channel=Channel.EMAIL, team=team)

    inbound = ingest.ingest(make_mail(subject="Heating is off"), Source.IMAP)
    run_tasks()

    assert inbound.case.assignee == olivia
    (ack,) = [m for m in mail.outbox if m.to == ["jo@example.com"]]
    assert "Olivia will answer you by" in ack.body
    assert "customer service team" not in ack.body


def test_the_contact_form_acknowledgement_names_the_person(owner, office, run_tasks):
    team, olivia, _ = office
    rule(owner, channel=Channel.WEB, team=team)

    case = submit_web_form(name="Anna Berg", email="anna@example.com", subject="Leaking tap",
                           message="The kitchen tap drips.", ip_address="203.0.113.9").case  # fmt: skip
    run_tasks()

    assert case.assignee == olivia
    (ack,) = [m for m in mail.outbox if m.to == ["anna@example.com"]]
    assert "Olivia will answer you by" in ack.body
    assert "customer service team" not in ack.body


def test_out_of_hours_the_acknowledgement_says_who_picks_it_up_when_we_open(
    owner, office, run_tasks
):
    team, olivia, sam = office
    rule(owner, team=team)
    opens_on = timezone.localdate() + timedelta(days=2)  # the desk is closed today and tomorrow
    BusinessHours.objects.create(weekday=opens_on.weekday(), opens=time(8), closes=time(17))

    inbound = ingest.ingest(make_mail(subject="Heating is off"), Source.IMAP)
    run_tasks()

    assert inbound.case.assignee == olivia
    (ack,) = [m for m in mail.outbox if m.to == ["jo@example.com"]]
    day = f"{opens_on:%A} {opens_on.day} {opens_on:%B}"
    assert f"Olivia will pick this up when we open on {day} at 8:00 and answer you by" in ack.body
    assert "customer service team" not in ack.body


def test_when_the_whole_team_is_away_the_first_back_has_it_and_says_when(owner, office, run_tasks):
    team, olivia, sam = office
    rule(owner, team=team, pick_by=PickBy.LEAST_LOADED)
    today = timezone.localdate()
    Absence.objects.create(user=olivia, kind="sick", starts_on=today,
                           ends_on=today + timedelta(days=4), recorded_by=owner)  # fmt: skip
    Absence.objects.create(user=sam, kind="holiday", starts_on=today,
                           ends_on=today + timedelta(days=1), recorded_by=owner)  # fmt: skip

    inbound = ingest.ingest(make_mail(subject="Heating is off"), Source.IMAP)
    run_tasks()

    assert inbound.case.assignee == sam
    back = today + timedelta(days=2)
    (ack,) = [m for m in mail.outbox if m.to == ["jo@example.com"]]
    # The first answer was due before anyone is back: no date that contradicts the other.
    assert (
        f"Sam will pick this up on {back:%A} {back.day} {back:%B} and answer you that day."
        in ack.body
    )
    assert "when we open" not in ack.body  # the desk is open (no hours set: always)


def test_without_a_rule_or_an_account_owner_a_case_stays_unassigned(owner, office):
    assert make_case().assignee is None

"""Each kind of notification, produced through the real use case and its doors: the
person it is for gets one, linking to the place; whoever caused it gets none."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rightthere.cases.models import Direction, Status
from rightthere.desk import casework, messages, part_orders, visits
from rightthere.field import booking
from rightthere.mail.ingest import ingest
from rightthere.notifications.models import Notification, NotificationKind
from rightthere.portal.links import status_path
from rightthere.promises.actions import make_promise
from rightthere.promises.models import PromiseSource
from rightthere.promises.timers import run_promise_timers
from tests.desk.parity import api
from tests.factories import ContactFactory, OwnerFactory, TeamFactory, UserFactory, make_case
from tests.field.conftest import desk, make_visit  # noqa: F401 - the field world

pytestmark = pytest.mark.django_db

ANGRY = (
    "This is absolutely disgusting. The third time your engineer failed and nobody "
    "called me back. Terrible, useless service, I am furious."
)


def told(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("id"))


def test_a_customer_mail_on_a_case_tells_its_assignee_once_with_a_link_to_the_case(agent):
    case = make_case(contact=ContactFactory(name="Mrs Cole", email="cole@example.com"),
                     assignee=agent)  # fmt: skip
    ingest(
        (
            "From: Mrs Cole <cole@example.com>\r\nTo: desk@example.com\r\n"
            f"Subject: Re: [{case.reference}] {case.subject}\r\n"
            "Message-ID: <n-1@example.com>\r\n\r\nThe boiler is banging again.\r\n"
        ).encode(),
        "test",
    )

    [row] = told(agent)
    assert row.kind == NotificationKind.CUSTOMER_REPLIED
    assert row.case == case
    assert row.url == reverse("case_detail", args=[case.pk])
    assert row.text == f"Mrs Cole replied on {case.reference} {case.subject}"
    assert row.read_at is None


def test_a_reply_on_the_status_page_tells_the_assignee(client, agent):
    case = make_case(assignee=agent)
    token = status_path(case).strip("/").split("/")[1]

    client.post(reverse("status_reply", args=[token]), {"text": "Friday works for me."})

    assert [n.kind for n in told(agent)] == [NotificationKind.CUSTOMER_REPLIED]


def test_staff_typing_in_a_customer_call_on_their_own_case_are_not_told(agent):
    case = make_case(assignee=agent)

    messages.add_customer_message(case, actor=agent, body_text="Rang: Friday works.")

    assert told(agent) == []


def test_a_customer_message_on_a_case_nobody_has_tells_nobody_that_they_replied(agent, owner):
    case = make_case()

    messages.add_customer_message(case, actor=None, body_text="Any news?")

    assert Notification.objects.filter(kind=NotificationKind.CUSTOMER_REPLIED).count() == 0


def test_an_upset_customer_tells_the_assignee_and_with_nobody_on_the_case_the_owners(agent):
    owners = [OwnerFactory(), OwnerFactory()]
    theirs, nobodys = make_case(assignee=agent), make_case()

    messages.add_customer_message(theirs, actor=None, body_text=ANGRY)
    messages.add_customer_message(nobodys, actor=None, body_text=ANGRY)

    assert [n.case for n in told(agent, NotificationKind.CUSTOMER_UPSET)] == [theirs]
    for owner in owners:
        assert [n.case for n in told(owner, NotificationKind.CUSTOMER_UPSET)] == [nobodys]


def test_a_new_angry_case_by_mail_tells_the_owners(owner):
    ingest(
        (
            "From: Mr Jones <jones@example.com>\r\nTo: desk@example.com\r\n"
            "Subject: Your service\r\nMessage-ID: <angry-n@example.com>\r\n\r\n" + ANGRY + "\r\n"
        ).encode(),
        "test",
    )

    [row] = told(owner)
    assert row.kind == NotificationKind.CUSTOMER_UPSET
    assert "sounds upset" in row.text


def test_assigning_a_case_tells_the_new_assignee_but_not_who_took_it_themselves(owner, agent):
    case = make_case()

    casework.assign_case(case, actor=owner, assignee=agent)
    casework.assign_case(case, actor=agent, assignee=agent)  # no change
    other = make_case()
    casework.assign_case(other, actor=agent, assignee=agent)  # took it themselves

    [row] = told(agent)
    assert row.kind == NotificationKind.ASSIGNED
    assert row.case == case
    assert (
        row.text == f"{case.reference} {case.subject} was assigned to you by {owner.display_name}"
    )


def test_assigning_through_the_api_tells_the_assignee(owner, agent):
    case = make_case()

    answer = api(owner).patch(f"/api/cases/{case.pk}", {"assignee_id": agent.pk},
                              content_type="application/json")  # fmt: skip

    assert answer.status_code == 200, answer.content
    assert [n.kind for n in told(agent)] == [NotificationKind.ASSIGNED]


def test_giving_a_case_to_a_team_tells_its_members_but_not_the_one_who_did_it(owner, agent):
    helper, gone = UserFactory(), UserFactory(is_active=False)
    team = TeamFactory(name="Boilers")
    team.members.set([agent, helper, gone, owner])
    case = make_case()

    casework.change_team(case, actor=owner, team=team)
    casework.change_team(case, actor=owner, team=team)  # already theirs

    assert [n.recipient for n in Notification.objects.order_by("recipient_id")] == [agent, helper]
    assert told(agent)[0].text.endswith("was given to your team Boilers")


def test_a_note_mentioning_people_by_username_or_name_tells_them(owner, agent, technician):
    bea = UserFactory(username="bea", first_name="Bea", last_name="Lind")
    case = make_case(assignee=technician)

    messages.add_note(
        case,
        actor=owner,
        body_text="@adam can you call? And @Bea Lind, the part. Mail olivia@example.com, @olivia.",
    )

    assert [n.kind for n in told(agent)] == [NotificationKind.MENTIONED]
    assert [n.kind for n in told(bea)] == [NotificationKind.MENTIONED]
    assert told(owner) == []  # the author, and an e-mail address is no mention
    assert told(technician) == []
    assert (
        told(agent)[0].text
        == f"{owner.display_name} mentioned you on {case.reference} {case.subject}"
    )


def test_a_mention_of_someone_who_cannot_see_the_case_tells_nobody(agent, technician):
    case = make_case()  # the technician does not have it

    messages.add_note(case, actor=agent, body_text="@tom please look")

    assert told(technician) == []


def test_a_mention_needs_the_whole_name(agent):
    UserFactory(username="adamant")
    case = make_case()

    messages.add_note(case, actor=None, body_text="@ada and @adamantly are not adam")

    assert Notification.objects.count() == 0


def test_a_note_through_the_api_mentions_too(owner, agent):
    case = make_case()

    answer = api(owner).post(f"/api/cases/{case.pk}/messages",
                             {"direction": Direction.NOTE, "body_text": "@adam over to you"},
                             content_type="application/json")  # fmt: skip

    assert answer.status_code == 201, answer.content
    assert [n.kind for n in told(agent)] == [NotificationKind.MENTIONED]


def test_a_promise_due_soon_and_then_broken_tells_its_owner_once_each(agent):
    case = make_case(assignee=agent)
    now = timezone.now()
    make_promise(case, actor=agent, what="Call back with the quote", due_at=now + timedelta(hours=1),
                 source=PromiseSource.REPLY, now=now)  # fmt: skip
    Notification.objects.all().delete()

    run_promise_timers(now)
    run_promise_timers(now)  # the job runs again: nothing new
    later = now + timedelta(hours=2)
    run_promise_timers(later)
    run_promise_timers(later)

    rows = [r for r in told(agent, NotificationKind.PROMISE_DUE) if "quote" in r.text]
    due = timezone.localtime(now + timedelta(hours=1))
    assert [r.text for r in rows] == [
        f"Due {due:%a %H:%M}: Call back with the quote ({case.reference})",
        f"Broken: Call back with the quote ({case.reference}); talk to the customer",
    ]
    assert all(r.url == reverse("case_detail", args=[case.pk]) for r in rows)


def test_a_part_arriving_tells_the_cases_assignee(desk, agent):  # noqa: F811
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)
    visits.record_visit_outcome(visit, actor=desk.tom, outcome="return_needed",
                                return_reason="wrong_part", root_cause="office")  # fmt: skip
    result = visits.book_return(visit, actor=desk.tom, part=desk.valve)

    part_orders.receive_part(result.order, actor=agent)

    [row] = told(desk.tom, NotificationKind.PART_ARRIVED)
    assert row.text == f"Diverter valve 22mm arrived for {desk.case.reference} {desk.case.subject}"
    assert row.url == reverse("case_detail", args=[desk.case.pk])


def test_the_part_arriving_tells_nobody_when_the_assignee_received_it(desk):  # noqa: F811
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)
    visits.record_visit_outcome(visit, actor=desk.tom, outcome="return_needed",
                                return_reason="wrong_part", root_cause="office")  # fmt: skip
    result = visits.book_return(visit, actor=desk.tom, part=desk.valve)
    casework.assign_case(desk.case, actor=OwnerFactory(), assignee=None)

    part_orders.receive_part(result.order, actor=OwnerFactory())

    assert Notification.objects.filter(kind=NotificationKind.PART_ARRIVED).count() == 0


def test_a_moved_visit_sends_the_technician_to_the_visit_and_the_assignee_to_the_case(
    desk,  # noqa: F811
    owner,
    agent,
):
    casework.assign_case(desk.case, actor=owner, assignee=agent)
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers,
                       starts_at=timezone.now() + timedelta(days=3))  # fmt: skip
    new_start = timezone.localtime(visit.starts_at + timedelta(days=1)).replace(hour=10, minute=0)
    Notification.objects.all().delete()

    visits.reschedule_visit(visit, actor=owner,
                            slot=booking.ChosenSlot("technician", desk.tom.pk, new_start))  # fmt: skip

    [tech] = told(desk.tom)
    [office] = told(agent)
    assert tech.kind == office.kind == NotificationKind.VISIT_MOVED
    assert tech.url == reverse("field_visit", args=[visit.pk])
    assert office.url == reverse("case_detail", args=[desk.case.pk])
    assert tech.text == f"Visit for {desk.case.reference} moved to {new_start:%a %d %b %H:%M}"
    assert told(owner) == []


def test_a_late_part_moving_the_visit_tells_its_technician(desk):  # noqa: F811
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)
    visits.record_visit_outcome(visit, actor=desk.tom, outcome="return_needed",
                                return_reason="wrong_part", root_cause="office")  # fmt: skip
    result = visits.book_return(visit, actor=desk.tom, part=desk.valve)
    result.order.expected_arrival = result.visit.starts_at
    result.order.save(update_fields=["expected_arrival"])

    part_orders.check_part_arrivals(now=timezone.now())

    [row] = told(desk.tom, NotificationKind.VISIT_MOVED)
    assert row.url == reverse("field_visit", args=[result.visit.pk])


def test_an_inactive_assignee_is_not_told(agent):
    case = make_case(assignee=agent)
    agent.is_active = False
    agent.save()

    messages.add_customer_message(case, actor=None, body_text="Hello?")

    assert told(agent) == []


def test_the_status_of_the_case_is_not_a_notification(owner, agent):
    case = make_case(assignee=agent)

    casework.change_status(case, actor=owner, status=Status.SOLVED)

    assert told(agent) == []

"""Moving, reassigning and cancelling a visit: the web, the API and the command do the
same job (the same events, the same mail to the customer, the same calendar update)."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from rightthere.cases.models import CaseEvent, EventKind
from rightthere.desk.visits import book_visit
from rightthere.field.models import Visit
from rightthere.promises.models import PromiseState
from tests.field.conftest import make_technician, send

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def booked(desk, agent):
    """A visit booked tomorrow at 10:00 with Tom, its promise open, the customer told."""
    return book_visit(desk.case, actor=agent, starts_at=_at(1, 10), duration_minutes=60,
                      technician=desk.tom, skill=desk.boilers)  # fmt: skip


def _move_by_web(client, user, visit, starts_at, doer):
    client.force_login(user)
    return client.post(reverse("field_move_visit", args=[visit.pk]), {
        "starts_at": timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M"),
        "doer": f"technician:{doer.pk}",
    })  # fmt: skip


def _move_by_api(api_as, user, visit, starts_at, doer):
    return send(api_as(user), "post", f"/api/visits/{visit.pk}/reschedule", {
        "slot": {"kind": "technician", "id": doer.pk, "starts_at": starts_at.isoformat()},
    })  # fmt: skip


def _move_by_command(user, visit, starts_at, doer):
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    call_command("visit", "move", str(visit.pk), "--as", user.username, "--to", when,
                 "--technician", doer.username)  # fmt: skip


def _cancel_by_web(client, user, visit, reason):
    client.force_login(user)
    return client.post(reverse("field_cancel_visit", args=[visit.pk]),
                       {"reason": reason, "confirm": "yes"})  # fmt: skip


def _cancel_by_api(api_as, user, visit, reason):
    return send(api_as(user), "post", f"/api/visits/{visit.pk}/cancel", {"reason": reason})


def _cancel_by_command(user, visit, reason):
    call_command("visit", "cancel", str(visit.pk), "--as", user.username, "--reason", reason)


def _what_happened(visit):
    """The visit's events after booking, and the last message to the customer with its
    calendar file, in plain values to compare between doors."""
    events = [
        (e.field, e.before, e.after)
        for e in CaseEvent.objects.filter(case=visit.case, kind=EventKind.VISIT).order_by("pk")
    ][1:]  # after "booked"
    message = visit.case.messages.order_by("-pk").first()
    [ics] = message.attachments.filter(filename__endswith=".ics")
    calendar = Calendar.from_ical(ics.file.read())
    [event] = calendar.walk("VEVENT")
    return {
        "events": events,
        "body": message.body_text,
        "method": str(calendar["METHOD"]),
        "sequence": int(event["SEQUENCE"]),
        "status": str(event["STATUS"]),
        "starts": event.decoded("DTSTART"),
    }


@pytest.mark.parametrize("door", ["web", "api", "command"])
def test_moving_a_visit_is_the_same_job_through_every_door(door, desk, agent, booked, client,
                                                           api_as):  # fmt: skip
    new_start = _at(2, 14)
    if door == "web":
        assert _move_by_web(client, agent, booked, new_start, desk.tom).status_code == 302
    elif door == "api":
        assert _move_by_api(api_as, agent, booked, new_start, desk.tom).status_code == 200
    else:
        _move_by_command(agent, booked, new_start, desk.tom)

    booked.refresh_from_db()
    happened = _what_happened(booked)
    old, new = _at(1, 10), new_start
    assert booked.starts_at == new_start
    tom = desk.tom.display_name
    assert happened["events"] == [(
        "moved", f"{timezone.localtime(old):%A %d %B %Y, %H:%M}–11:00 {tom}",
        f"{timezone.localtime(new):%a %d %b %H:%M} {tom}",
    )]  # fmt: skip
    assert f"It is now on {timezone.localtime(new):%A %d %B %Y, %H:%M}–15:00" in happened["body"]
    assert desk.tom.display_name in happened["body"]
    assert (happened["method"], happened["sequence"], happened["status"]) == (
        "REQUEST",
        1,
        "TENTATIVE",
    )
    assert happened["starts"] == new_start
    # The promise follows the visit: the old one renegotiated in time, the new one due at its end.
    booked.promise.refresh_from_db()
    assert booked.promise.state == PromiseState.OPEN
    assert booked.promise.due_at == booked.ends_at
    assert booked.promise.replaces.state == PromiseState.RENEGOTIATED


@pytest.mark.parametrize("door", ["web", "api", "command"])
def test_cancelling_a_visit_is_the_same_job_through_every_door(door, desk, agent, booked, client,
                                                               api_as):  # fmt: skip
    reason = "The boiler was replaced under warranty, so no visit is needed."
    if door == "web":
        assert _cancel_by_web(client, agent, booked, reason).status_code == 302
    elif door == "api":
        assert _cancel_by_api(api_as, agent, booked, reason).status_code == 200
    else:
        _cancel_by_command(agent, booked, reason)

    booked.refresh_from_db()
    happened = _what_happened(booked)
    assert booked.status == "cancelled"
    assert happened["events"] == [
        ("cancelled",
         f"{timezone.localtime(booked.starts_at):%a %d %b %H:%M} with {desk.tom.display_name}",
         reason),
    ]  # fmt: skip
    assert "is cancelled" in happened["body"] and reason in happened["body"]
    assert (happened["method"], happened["sequence"], happened["status"]) == (
        "CANCEL",
        1,
        "CANCELLED",
    )
    booked.promise.refresh_from_db()
    assert booked.promise.state == PromiseState.RELEASED
    assert CaseEvent.objects.filter(case=booked.case, kind=EventKind.PROMISE,
                                    after__startswith="released").exists()  # fmt: skip


def test_the_customer_gets_the_mail_with_the_new_date_and_the_calendar_update(
    desk, agent, booked, client, run_tasks, mailoutbox
):
    run_tasks()
    mailoutbox.clear()
    _move_by_web(client, agent, booked, _at(2, 14), desk.tom)
    run_tasks()

    [mail] = mailoutbox
    assert mail.to == ["ada@example.com"]
    assert f"{timezone.localtime(_at(2, 14)):%A %d %B %Y, %H:%M}" in mail.body
    [(name, content, kind)] = [a for a in mail.attachments if a[0].endswith(".ics")]
    assert "SEQUENCE:1" in (content if isinstance(content, str) else content.decode())


def test_reassigning_tells_the_customer_who_comes_and_keeps_the_date(desk, agent, booked,
                                                                     client):  # fmt: skip
    ann = make_technician("ann", [desk.boilers], days=range(7), first_name="Ann")
    client.force_login(agent)

    response = client.post(reverse("field_reassign", args=[booked.pk]),
                           {"doer": f"technician:{ann.pk}", "next": reverse("field_schedule")})  # fmt: skip

    booked.refresh_from_db()
    assert response.status_code == 302 and response.url == reverse("field_schedule")
    assert booked.technician == ann and booked.starts_at == _at(1, 10)
    message = booked.case.messages.order_by("-pk").first()
    assert f"it will now be {ann.display_name} who comes" in message.body_text
    assert message.attachments.filter(filename__endswith=".ics").exists()
    booked.promise.refresh_from_db()
    assert booked.promise.state == PromiseState.OPEN  # the date stands


@pytest.mark.parametrize(("role", "web", "api"), [
    ("owner", 302, 200), ("agent", 302, 200), ("technician", 403, 403),
    ("subcontractor", 403, 404),  # the web refuses before looking; the API does not say it exists
])  # fmt: skip
def test_only_owners_and_agents_move_or_cancel_even_the_technicians_own_visit(
    role, web, api, desk, booked, client, api_as, request
):
    # Tom holds the case and does the visit; he still may not move or cancel it.
    user = request.getfixturevalue(role)
    assert _move_by_web(client, user, booked, _at(2, 9), desk.tom).status_code == web
    booked.refresh_from_db()
    assert _move_by_api(api_as, user, booked, _at(3, 9), desk.tom).status_code == api
    booked.refresh_from_db()
    assert _cancel_by_web(client, user, booked, "No longer needed.").status_code in (web, 200)
    if web != 302:
        assert _cancel_by_api(api_as, user, booked, "No longer needed.").status_code == api
        booked.refresh_from_db()
        assert booked.status == "confirmed" or booked.status == "tentative"
        assert booked.starts_at == _at(1, 10)


def test_the_command_refuses_a_technician(desk, booked, technician):
    with pytest.raises(CommandError, match="Only owners and agents"):
        _cancel_by_command(technician, booked, "No longer needed.")
    booked.refresh_from_db()
    assert booked.status != "cancelled"


def test_moving_to_the_past_says_so_and_keeps_what_was_typed(desk, agent, booked, client):
    past = timezone.now() - timedelta(hours=2)
    messages_before = booked.case.messages.count()

    response = _move_by_web(client, agent, booked, past, desk.tom)

    html = response.content.decode()
    assert response.status_code == 400
    assert "A visit must be booked in the future." in html
    assert timezone.localtime(past).strftime("%Y-%m-%dT%H:%M") in html  # nothing lost
    booked.refresh_from_db()
    assert booked.starts_at == _at(1, 10)
    assert booked.case.messages.count() == messages_before  # the customer was not told


def test_moving_to_a_time_the_technician_does_not_work_is_refused(desk, agent, booked, client,
                                                                  api_as):  # fmt: skip
    evening = _at(2, 20)

    web = _move_by_web(client, agent, booked, evening, desk.tom)
    api = _move_by_api(api_as, agent, booked, evening, desk.tom)

    assert web.status_code == 400 and api.status_code == 400
    assert api.json()["detail"] in web.content.decode()
    with pytest.raises(CommandError, match=api.json()["detail"][:20]):
        _move_by_command(agent, booked, evening, desk.tom)
    booked.refresh_from_db()
    assert booked.starts_at == _at(1, 10)


def test_cancelling_needs_a_reason_and_a_confirmation(desk, agent, booked, client, api_as):
    client.force_login(agent)
    url = reverse("field_cancel_visit", args=[booked.pk])

    unconfirmed = client.post(url, {"reason": "No longer needed."})
    no_reason = client.post(url, {"reason": "  ", "confirm": "yes"})
    api = _cancel_by_api(api_as, agent, booked, "")

    assert unconfirmed.status_code == 400 and "to confirm; nothing was changed" in (
        unconfirmed.content.decode()
    )
    assert "No longer needed." in unconfirmed.content.decode()  # the reason is kept
    assert no_reason.status_code == 400 and "Say why the visit is cancelled" in (
        no_reason.content.decode()
    )
    assert api.status_code == 400
    booked.refresh_from_db()
    assert booked.status == "tentative"


def test_a_cancelled_visit_cannot_be_moved_or_cancelled_again(desk, agent, booked, api_as):
    assert _cancel_by_api(api_as, agent, booked, "No longer needed.").status_code == 200

    again = _cancel_by_api(api_as, agent, booked, "Twice.")
    moved = _move_by_api(api_as, agent, booked, _at(2, 9), desk.tom)

    assert again.json()["detail"] == "This visit is already cancelled."
    assert moved.json()["detail"] == "This visit is already cancelled."


def test_the_status_route_no_longer_cancels_without_telling_the_customer(desk, agent, booked,
                                                                         api_as):  # fmt: skip
    response = send(api_as(agent), "post", f"/api/visits/{booked.pk}/status",
                    {"status": "cancelled"})  # fmt: skip

    assert response.status_code == 400
    assert f"/api/visits/{booked.pk}/cancel" in response.json()["detail"]
    booked.refresh_from_db()
    assert booked.status == "tentative"


def test_the_move_form_offers_the_slot_finders_suggestions(desk, agent, booked, client):
    client.force_login(agent)

    response = client.get(reverse("field_change_visit", args=[booked.pk]))

    html = response.content.decode()
    assert "Suggested new times" in html
    assert html.count("Move to ") >= 1
    assert "Why (the customer reads this)" in html
    assert 'name="confirm"' in html


def test_the_case_page_and_the_visit_page_lead_to_the_move_and_cancel_form(desk, agent, booked,
                                                                           client):  # fmt: skip
    client.force_login(agent)
    change = reverse("field_change_visit", args=[booked.pk])

    case_page = client.get(reverse("case_detail", args=[desk.case.pk])).content.decode()
    visit_page = client.get(reverse("field_visit", args=[booked.pk])).content.decode()

    assert change in case_page and "Move or cancel" in case_page
    assert change in visit_page


def test_the_visit_is_unchanged_for_a_technician_on_its_page(desk, booked, client):
    client.force_login(desk.tom)

    visit_page = client.get(reverse("field_visit", args=[booked.pk])).content.decode()

    assert reverse("field_change_visit", args=[booked.pk]) not in visit_page
    assert client.get(reverse("field_change_visit", args=[booked.pk])).status_code == 403


def test_a_move_to_an_address_off_site_is_not_followed(desk, agent, booked, client):
    client.force_login(agent)
    response = client.post(reverse("field_move_visit", args=[booked.pk]), {
        "starts_at": timezone.localtime(_at(2, 9)).strftime("%Y-%m-%dT%H:%M"),
        "doer": f"technician:{desk.tom.pk}", "next": "https://evil.example/",
    })  # fmt: skip
    assert response.status_code == 302
    assert response.url == reverse("field_visit", args=[booked.pk])
    assert Visit.objects.get(pk=booked.pk).starts_at == _at(2, 9)


def test_the_case_timeline_says_the_visit_was_cancelled_and_why(desk, agent, booked, client):
    _cancel_by_web(client, agent, booked, "Fixed by the landlord's plumber.")

    html = client.get(reverse("case_detail", args=[desk.case.pk])).content.decode()

    when = timezone.localtime(booked.starts_at).strftime("%a %d %b %H:%M")
    assert f"cancelled the visit on <b>{when} with {desk.tom.display_name}</b>" in html
    assert "Fixed by the landlord&#x27;s plumber." in html


def test_a_time_that_is_not_a_time_says_so_and_keeps_the_reason(desk, agent, booked, client):
    client.force_login(agent)

    response = client.post(reverse("field_move_visit", args=[booked.pk]), {
        "starts_at": "tomorrow at ten", "doer": f"technician:{desk.tom.pk}",
        "reason": "Tom is on a course that morning.",
    })  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the date and time, e.g." in html
    assert 'value="Tom is on a course that morning."' in html
    booked.refresh_from_db()
    assert booked.starts_at == _at(1, 10)


def test_the_reason_given_with_a_move_reaches_the_customer(desk, agent, booked, api_as):
    response = send(api_as(agent), "post", f"/api/visits/{booked.pk}/reschedule", {
        "slot": {"kind": "technician", "id": desk.tom.pk, "starts_at": _at(2, 9).isoformat()},
        "reason": "Tom is on a course that morning.",
    })  # fmt: skip

    assert response.status_code == 200
    message = booked.case.messages.order_by("-pk").first()
    assert "Tom is on a course that morning." in message.body_text


def test_the_command_reassigns_and_the_customer_is_told(desk, agent, booked, capsys):
    ann = make_technician("ann", [desk.boilers], days=range(7), first_name="Ann")

    call_command("visit", "reassign", str(booked.pk), "--as", agent.username,
                 "--technician", "ann")  # fmt: skip

    booked.refresh_from_db()
    assert booked.technician == ann
    assert "The customer has been told." in capsys.readouterr().out
    assert (
        f"now be {ann.display_name} who comes" in booked.case.messages.order_by("-pk")[0].body_text
    )


def test_the_command_says_what_is_wrong_with_its_input(desk, agent, booked, subcontractor):
    with pytest.raises(CommandError, match="no active user 'nobody'"):
        call_command("visit", "cancel", str(booked.pk), "--as", "nobody", "--reason", "x")
    with pytest.raises(CommandError, match=f"no visit {booked.pk} that you can see"):
        call_command("visit", "cancel", str(booked.pk), "--as", subcontractor.username,
                     "--reason", "x")  # fmt: skip
    with pytest.raises(CommandError, match="Give the new start with --to"):
        call_command("visit", "move", str(booked.pk), "--as", agent.username)
    with pytest.raises(CommandError, match="YYYY-MM-DD HH:MM"):
        call_command("visit", "move", str(booked.pk), "--as", agent.username, "--to", "soon")
    with pytest.raises(CommandError, match="Say why the visit is cancelled"):
        call_command("visit", "cancel", str(booked.pk), "--as", agent.username)
    booked.refresh_from_db()
    assert (booked.status, booked.starts_at) == ("tentative", _at(1, 10))

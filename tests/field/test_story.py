"""The whole story through the API, with mail caught by a real SMTP server.

Visit 1 fails (wrong part, the office ordered it) -> the right part is ordered with an
arrival date and the return visit booked before visit 1 is closed -> the customer's mail
has the date and a calendar invite (written with `icalendar`, read back with `vobject`)
-> the part's arrival slips -> the visit moves and the customer is told before the old
date -> visit 2 fixes it -> right first time counts the case as not first time, office.
"""

import email
from datetime import timedelta
from email import policy

import pytest
import vobject
from django.utils import timezone

from rightthere.cases.models import CaseEvent
from rightthere.field.models import Visit
from rightthere.promises.models import Promise
from rightthere.recovery.models import RootCause
from tests.field.conftest import send

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_smtp(settings, smtp_server):
    handler, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "Brightside <support@brightside.test>"
    return handler


def mails(handler):
    return [email.message_from_bytes(e.content, policy=policy.default) for e in handler.envelopes]


def invite_of(mail):
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    calendar = vobject.readOne(part.get_content())
    return calendar, calendar.vevent


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_a_failed_visit_becomes_a_booked_return_the_customer_never_has_to_chase(
    desk, agent, api_as, run_tasks, real_smtp
):
    office, tom = api_as(agent), api_as(desk.tom)
    case = desk.case
    # The first visit, booked by the office at the earliest slot.
    slots = ok(send(office, "post", "/api/slot-proposals",
                    {"case_id": case.pk, "skill_id": desk.boilers.pk, "count": 1}))["slots"]  # fmt: skip
    first = ok(send(office, "post", f"/api/cases/{case.pk}/visits",
                    {"starts_at": slots[0]["starts_at"], "technician_id": desk.tom.pk,
                     "skill_id": desk.boilers.pk}), 201)  # fmt: skip
    run_tasks()
    real_smtp.envelopes.clear()

    # Visit 1: the office ordered the wrong part. (The story runs in a moment, before the
    # visits' days: each outcome says it was done early.)
    ok(send(tom, "post", f"/api/visits/{first['id']}/outcome",
            {"outcome": "return_needed", "return_reason": "wrong_part", "root_cause": "office",
             "early": True}))  # fmt: skip
    arrival = timezone.now() + timedelta(days=3)
    proposal = ok(send(tom, "post", f"/api/visits/{first['id']}/return-proposals",
                       {"part_id": desk.valve.pk, "expected_arrival": arrival.isoformat()}))  # fmt: skip
    chosen = proposal["slots"][0]
    booked = ok(send(tom, "post", f"/api/visits/{first['id']}/return",
                     {"part_id": desk.valve.pk, "expected_arrival": arrival.isoformat(),
                      "slot": {k: chosen[k] for k in ("kind", "id", "starts_at")}}), 201)  # fmt: skip

    second = booked["visit"]
    assert booked["failed_visit"]["status"] == "done"
    assert second["status"] == "tentative"
    assert second["return_of_id"] == first["id"]
    assert second["starts_at"] >= (arrival + timedelta(hours=4)).isoformat()[:16]
    timeline = list(CaseEvent.objects.filter(case=case, kind="visit").values_list("field",
                                                                                 "after"))  # fmt: skip
    booked_at = timeline.index(next(t for t in timeline if t[0] == "booked" and "Tentative" not in t[1]
                                    and t != timeline[0]))  # fmt: skip
    closed_at = timeline.index(("status", "Done"))
    assert booked_at < closed_at, "the return is booked before visit 1 is closed"

    run_tasks()
    [booking_mail] = mails(real_smtp)
    start = timezone.localtime(Visit.objects.get(pk=second["id"]).starts_at)
    text = booking_mail.get_body(("plain",)).get_content()
    assert f"{start:%A %d %B %Y, %H:%M}" in text
    assert "call" not in text.lower()
    _, event = invite_of(booking_mail)
    assert event.dtstart.value == Visit.objects.get(pk=second["id"]).starts_at
    assert event.uid.value.startswith(f"visit-{second['id']}@")
    assert event.sequence.value == "0"

    # The part's arrival slips past the visit: it moves, and the customer hears first.
    real_smtp.envelopes.clear()
    old_start = Visit.objects.get(pk=second["id"]).starts_at
    order = booked["order"]
    ok(send(office, "patch", f"/api/part-orders/{order['id']}",
            {"expected_arrival": (old_start + timedelta(days=1)).isoformat()}))  # fmt: skip
    moved = Visit.objects.get(pk=second["id"])
    assert moved.starts_at >= old_start + timedelta(days=1, hours=4)
    old_promise = Promise.objects.get(pk=booked["promise_id"])
    assert old_promise.state == "renegotiated"
    assert moved.promise.state == "open" and moved.promise.due_at == moved.ends_at
    run_tasks()
    [moved_mail] = mails(real_smtp)
    assert timezone.now() < old_start
    assert f"{timezone.localtime(moved.starts_at):%A %d %B %Y, %H:%M}" in (
        moved_mail.get_body(("plain",)).get_content()
    )
    _, event = invite_of(moved_mail)
    assert event.dtstart.value == moved.starts_at
    assert event.sequence.value == "1"

    # The part comes in: the visit is confirmed and the customer told.
    real_smtp.envelopes.clear()
    ok(send(office, "post", f"/api/part-orders/{order['id']}/received"))
    assert ok(send(tom, "get", f"/api/visits/{second['id']}"))["status"] == "confirmed"
    run_tasks()
    [confirmed_mail] = mails(real_smtp)
    assert "confirmed" in confirmed_mail.get_body(("plain",)).get_content()

    # Visit 2 fixes it, with the part fitted from stock.
    fixed = ok(send(tom, "post", f"/api/visits/{second['id']}/outcome",
                    {"outcome": "fixed", "parts_used": [{"part_id": desk.valve.pk}],
                     "early": True}))  # fmt: skip
    assert fixed["status"] == "done"
    assert Promise.objects.get(pk=moved.promise_id).state == "kept"

    quality = ok(send(office, "get", "/api/field-quality"))
    assert quality["cases"] == 1
    assert quality["first_time"] == 0
    assert quality["right_first_time_rate"] == 0.0
    office_cause = RootCause.objects.get(name="Office or order error")
    assert quality["not_first_time_by_root_cause"] == [
        {"id": office_cause.pk, "key": "Office or order error", "count": 1}
    ]
    assert {"key": "wrong_part", "count": 1} in quality["returns_by_reason"]
    assert quality["extra_visits"] == 1
    assert float(quality["reordered_parts_cost"]) == 48.5

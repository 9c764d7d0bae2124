"""A desk set up through the API alone takes a mailed job to a moved return visit.

A new technician (with working hours and a skill), a partner with its fee, a vendor
and a part are set up with an owner's token; then a customer's mail arrives at
POST /api/inbound-mail, is acknowledged, a visit is booked, it needs a return for a
part that then runs late, the return moves, and the customer is told each time
(django.core.mail.outbox); the visit's calendar invite (.ics) is downloaded through
the API and holds the moved time.
"""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.field.models import Visit
from tests.api.conftest import send

pytestmark = pytest.mark.django_db

CUSTOMER_MAIL = b"""From: Priya Patel <priya@example.com>
To: support@brightside.test
Subject: Lights trip every evening
Message-ID: <lights-1@example.com>
Date: Mon, 30 Nov 2026 09:12:00 +0000
Content-Type: text/plain; charset=utf-8

Hello, the lights in the kitchen trip the fuse box every evening since Friday.
Could someone come and look? Priya Patel, 4 Mill Lane
"""


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def to_customer():
    return [m for m in mail.outbox if "priya@example.com" in m.to]


def set_up_through_the_api(office):
    """The technician, skill, hours, partner, vendor and part: only API calls."""
    tina = ok(send(office, "post", "/api/users", {"username": "tina", "role": "technician",
              "first_name": "Tina", "last_name": "Watts", "email": "tina@brightside.test"}),
              201)  # fmt: skip
    skill = ok(send(office, "post", "/api/skills", {"name": "Electrical"}), 201)
    ok(send(office, "put", f"/api/technicians/{tina['id']}", {"skill_ids": [skill["id"]]}))
    week = [{"weekday": day, "starts": "08:00", "ends": "17:00"} for day in range(5)]
    hours = ok(send(office, "put", f"/api/technicians/{tina['id']}/working-hours",
                    {"periods": week}))  # fmt: skip
    partner = ok(send(office, "post", "/api/partners", {
        "name": "Spark & Sons", "email": "jobs@spark.example", "fee_kind": "fixed",
        "fee_amount": "25.00", "visit_price": "140.00", "skill_ids": [skill["id"]], "crews": 2,
    }), 201)  # fmt: skip
    vendor = ok(send(office, "post", "/api/vendors", {"name": "Wires Direct"}), 201)
    part = ok(send(office, "post", "/api/parts", {"sku": "RCD-30", "name": "RCD 30 mA",
              "vendor_id": vendor["id"], "cost": "24.50", "lead_time_days": 2}), 201)  # fmt: skip
    return tina, skill, hours, partner, part


def test_a_desk_set_up_through_the_api_books_and_moves_visits_and_tells_the_customer(
    owner, api_as, run_tasks
):
    office = api_as(owner)

    tina, skill, hours, partner, part = set_up_through_the_api(office)

    assert len(hours) == 5
    [listed] = ok(send(office, "get", "/api/technicians"))
    assert [s["name"] for s in listed["skills"]] == ["Electrical"]
    assert {p["weekday"] for p in listed["working_hours"]} == {0, 1, 2, 3, 4}
    assert partner["fee_per_visit"] == "25.00"
    assert [p["sku"] for p in ok(send(office, "get", "/api/parts"))] == ["RCD-30"]

    # The customer's mail arrives and is acknowledged.
    arrived = office.post("/api/inbound-mail", CUSTOMER_MAIL, content_type="message/rfc822")
    stored = ok(arrived, 201)
    case_id = ok(send(office, "get", f"/api/inbound-mail/{stored['id']}"))["case_id"]
    run_tasks()
    [acknowledgement] = to_customer()
    assert "Lights trip every evening" in acknowledgement.subject
    [queued] = ok(send(office, "get", f"/api/outbox?case_id={case_id}"))
    assert (queued["kind"], queued["status"]) == ("acknowledgement", "sent")

    # A visit is booked with the new technician: the customer gets the date and invite.
    slots = ok(send(office, "post", "/api/slot-proposals",
                    {"case_id": case_id, "skill_id": skill["id"], "count": 5}))["slots"]  # fmt: skip
    slot = next(s for s in slots if s["kind"] == "technician" and s["id"] == tina["id"])
    first = ok(send(office, "post", f"/api/cases/{case_id}/visits", {
        "starts_at": slot["starts_at"], "technician_id": tina["id"], "skill_id": skill["id"],
    }), 201)  # fmt: skip
    run_tasks()
    assert len(to_customer()) == 2
    assert to_customer()[-1].attachments, "the booking mail carries the calendar invite"

    # Tina finds the wrong part was ordered and books the return on the spot.
    on_site = api_as(User.objects.get(pk=tina["id"]))
    # (The test runs before the visit's day: the outcome says it was done early.)
    ok(send(on_site, "post", f"/api/visits/{first['id']}/outcome",
            {"outcome": "return_needed", "return_reason": "wrong_part", "root_cause": "office",
             "early": True}))  # fmt: skip
    arrival = timezone.now() + timedelta(days=3)
    booked = ok(send(on_site, "post", f"/api/visits/{first['id']}/return",
                     {"part_id": part["id"], "expected_arrival": arrival.isoformat()}), 201)  # fmt: skip
    run_tasks()
    assert len(to_customer()) == 3

    # The part is late: the return moves, and the customer is told.
    old_start = Visit.objects.get(pk=booked["visit"]["id"]).starts_at
    late = (old_start + timedelta(days=1)).isoformat()
    ok(send(office, "patch", f"/api/part-orders/{booked['order']['id']}",
            {"expected_arrival": late}))  # fmt: skip
    moved = Visit.objects.get(pk=booked["visit"]["id"])
    assert moved.starts_at > old_start
    run_tasks()
    assert len(to_customer()) == 4
    moved_mail = to_customer()[-1]
    assert f"{timezone.localtime(moved.starts_at):%H:%M}" in moved_mail.body

    # The invite sent with the move downloads through the API and holds the new time.
    messages = ok(send(office, "get", f"/api/cases/{case_id}/messages?limit=100"))["items"]
    invite = [a for m in messages for a in m["attachments"] if a["filename"].endswith(".ics")][-1]
    download = office.get(f"/api/attachments/{invite['id']}")
    assert download.status_code == 200
    calendar = icalendar.Calendar.from_ical(b"".join(download.streaming_content))
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == moved.starts_at

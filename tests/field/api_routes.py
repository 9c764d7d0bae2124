"""The field set-up routes (field.setup_api) for the project-wide permission matrix
(tests/api/test_permissions.py): owners change the set-up, owners and agents read it,
anyone on the staff reads the skills (to book visits that need one). And the visit's
day (field.api): owners and agents let the customer choose a time; whoever works on a
visit today sets off to it or runs late."""

from tests.api.matrix import (
    EVERYONE,
    EVERYONE_ADDS,
    MANAGERS_ADD,
    MANAGERS_ADD_TO_HIDDEN,
    MANAGERS_SEE,
    OWNERS,
    OWNERS_ADD,
    OWNERS_REMOVE,
    route,
)
from tests.api.matrix import MANAGERS_CHANGE as MANAGERS


def _hours(world):
    return {"periods": [{"weekday": 0, "starts": "08:00", "ends": "12:00"},
                        {"weekday": 0, "starts": "12:30", "ends": "16:30"}]}  # fmt: skip


ROUTES = [
    route("get", "/api/skills", EVERYONE),
    route("post", "/api/skills", OWNERS_ADD, body=lambda w: {"name": "Roofing"}),
    route("get", "/api/technicians", MANAGERS),
    route("put", "/api/technicians/{user_id}", OWNERS, user_id="technician_user",
          body=lambda w: {"skill_ids": [w["skill"]]}),
    route("put", "/api/technicians/{user_id}/working-hours", OWNERS, user_id="technician_user",
          body=_hours),
    route("post", "/api/technicians/{user_id}/time-off", OWNERS_ADD, user_id="technician_user",
          body=lambda w: {"starts_at": "2099-03-02T00:00:00Z", "ends_at": "2099-03-03T00:00:00Z"}),
    route("delete", "/api/time-off/{time_off_id}", OWNERS_REMOVE, time_off_id="time_off"),
    route("get", "/api/partners", MANAGERS),
    route("post", "/api/partners", OWNERS_ADD,
          body=lambda w: {"name": "Spark & Sons", "fee_kind": "fixed", "fee_amount": "25.00"}),
    route("patch", "/api/partners/{partner_id}", OWNERS, partner_id="field_partner",
          body=lambda w: {"fee_amount": "20.00"}),
    route("get", "/api/vendors", MANAGERS),
    route("post", "/api/vendors", OWNERS_ADD, body=lambda w: {"name": "Wires Direct"}),
    route("put", "/api/vendors/{vendor_id}", OWNERS, vendor_id="vendor",
          body=lambda w: {"name": "Valves & Co Ltd", "email": "orders@valves.example"}),
    route("delete", "/api/vendors/{vendor_id}", OWNERS_REMOVE, vendor_id="spare_vendor"),
    route("post", "/api/parts", OWNERS_ADD,
          body=lambda w: {"sku": "RCD-30", "name": "RCD", "vendor_id": w["vendor"]}),
    route("patch", "/api/parts/{part_id}", OWNERS, part_id="part",
          body=lambda w: {"stock_on_hand": 4}),
    route("post", "/api/technicians", OWNERS_ADD,
          body=lambda w: {"username": "tess", "first_name": "Tess", "skill_ids": [w["skill"]]}),
    route("put", "/api/field-settings/load-ceiling", OWNERS,
          body=lambda w: {"max_load_percent": 80}),
    route("put", "/api/field-settings/customer-cutoff", OWNERS,
          body=lambda w: {"customer_cutoff_hours": 48}),
    route("post", "/api/partners/{partner_id}/people", OWNERS_ADD, partner_id="field_partner",
          body=lambda w: {"username": "sid", "first_name": "Sid"}),
    # The parts used on a visit: whoever works on it records them, or takes one off.
    route("get", "/api/visits/{visit_id}/parts-used", EVERYONE, visit_id="shared_visit"),
    route("get", "/api/visits/{visit_id}/parts-used", MANAGERS_SEE, visit_id="other_visit"),
    route("post", "/api/visits/{visit_id}/parts-used", EVERYONE_ADDS, visit_id="shared_visit",
          body=lambda w: {"part_id": w["part"], "quantity": 2, "note": "Old one kept"}),
    route("post", "/api/visits/{visit_id}/parts-used", MANAGERS_ADD_TO_HIDDEN,
          visit_id="other_visit", body=lambda w: {"part_id": w["part"]}),
    route("delete", "/api/visits/{visit_id}/parts-used/{use_id}", (204, 204, 204, 204, 401),
          visit_id="shared_visit", use_id="shared_part_use"),
    route("delete", "/api/visits/{visit_id}/parts-used/{use_id}", (204, 204, 404, 404, 401),
          visit_id="other_visit", use_id="other_part_use"),
    # The visit's day.
    route("post", "/api/cases/{case_id}/visit-offer", MANAGERS_ADD, case_id="visitless_case",
          body=lambda w: {"duration_minutes": 60}),
    route("post", "/api/cases/{case_id}/visit-offer", MANAGERS_ADD_TO_HIDDEN,
          case_id="other_visitless_case", body=lambda w: {"duration_minutes": 60}),
    route("post", "/api/visits/{visit_id}/on-my-way", EVERYONE, visit_id="todays_visit",
          body=lambda w: {"eta_minutes": 20}),
    route("post", "/api/visits/{visit_id}/on-my-way", MANAGERS_SEE,
          visit_id="other_todays_visit", body=lambda w: {"eta_minutes": 20}),
    route("post", "/api/visits/{visit_id}/running-late", EVERYONE, visit_id="todays_visit",
          body=lambda w: {"minutes": 15}),
    route("post", "/api/visits/{visit_id}/running-late", MANAGERS_SEE,
          visit_id="other_todays_visit", body=lambda w: {"minutes": 15}),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A skill, the technician set up for visits with a day off, and the parts' vendor."""
    from datetime import UTC, datetime

    from rightthere.field import parts_used, setup
    from rightthere.field.models import Part, Visit

    skill = setup.add_skill(owner, name="Gas boilers")
    profile = setup.set_up_technician(owner, technician, skills=[skill])
    time_off = setup.add_time_off(owner, profile, starts_at=datetime(2099, 2, 1, tzinfo=UTC),
                                  ends_at=datetime(2099, 2, 2, tzinfo=UTC))  # fmt: skip
    people = {"owner": owner, "agent": agent, "technician": technician,
              "subcontractor": subcontractor}  # fmt: skip
    part = Part.objects.get(pk=world["part"])

    def used_on(key):
        visit = Visit.objects.get(pk=world[key])
        return parts_used.record_part_used(visit, actor=owner, part=part, quantity=1).pk

    return {
        "spare_vendor": setup.add_vendor(owner, name="Never Ordered From").pk,
        "shared_part_use": used_on("shared_visit"),
        "other_part_use": used_on("other_visit"),
        "skill": skill.pk,
        "technician_user": technician.pk,
        "time_off": time_off.pk,
        "vendor": part.vendor_id,
        **_visit_day(world, people),
    }


def _visit_day(world, people):
    """Cases with no visit to come (to offer the customer a choice of times), and a visit
    on each of the shared and the other case later today (to set off to, or run late)."""
    from datetime import timedelta

    from django.utils import timezone

    from rightthere.field.models import Visit
    from tests.world import open_case_for

    now = timezone.localtime()
    # Within today in the desk's time zone, and not over before the test runs.
    starts = min(now + timedelta(minutes=30), now.replace(hour=23, minute=0, second=0))
    ends = now.replace(hour=23, minute=59, second=0)

    def todays(key):
        on = Visit.objects.get(pk=world[key])
        return Visit.objects.create(case=on.case, partner=on.partner, starts_at=starts,
                                    ends_at=ends, created_at=now, status="confirmed").pk  # fmt: skip

    return {
        "visitless_case": open_case_for("everyone", people, subject="Tap drips").pk,
        "other_visitless_case": open_case_for("managers", people, subject="Fence leans").pk,
        "todays_visit": todays("shared_visit"),
        "other_todays_visit": todays("other_visit"),
    }

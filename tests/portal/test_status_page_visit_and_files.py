"""The status page names who comes for a booked visit and when, offers its calendar invite,
and lists the files of the conversation, each downloadable through the status link only."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Direction
from rightthere.desk import messages as desk_messages
from rightthere.desk import visits as desk_visits
from rightthere.field.models import VisitStatus
from rightthere.portal import intake
from rightthere.portal.links import revoke_links, rotate_link, status_path
from tests.factories import make_case
from tests.field.conftest import desk, make_visit  # noqa: F401 - Tom with hours, Ada's case

pytestmark = pytest.mark.django_db


def next_tuesday_at(hour):
    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def token_of(case):
    return status_path(case).strip("/").split("/")[1]


@pytest.fixture
def booked(desk, owner):  # noqa: F811
    return desk_visits.book_visit(desk.case, actor=owner, starts_at=next_tuesday_at(9),
                                  duration_minutes=120, technician=desk.tom)  # fmt: skip


def test_status_page_names_the_technician_and_the_visit_time(client, booked, desk):  # noqa: F811
    start = timezone.localtime(booked.starts_at)

    page = client.get(status_path(desk.case)).content.decode()

    said = f"{desk.tom.display_name} will come on Tuesday {start.day} {start:%B} between 9:00 and 11:00."
    assert page.count(said) == 2  # the next step is the visit itself, and its own card
    assert "will visit to do the repair by" not in page
    assert reverse("status_visit_invite", args=[token_of(desk.case), booked.pk]) in page


def test_a_partner_visit_names_the_partner_company(client, desk, owner):  # noqa: F811
    visit = make_visit(desk.case, partner=desk.partner, starts_at=next_tuesday_at(14), hours=2)

    page = client.get(status_path(desk.case)).content.decode()

    assert f"A technician from {desk.partner.name} will come on Tuesday" in page
    assert "between 14:00 and 16:00" in page
    assert reverse("status_visit_invite", args=[token_of(desk.case), visit.pk]) in page


def test_no_visit_section_once_the_visit_is_cancelled_or_over(client, desk):  # noqa: F811
    make_visit(desk.case, technician=desk.tom, status=VisitStatus.CANCELLED,
               starts_at=next_tuesday_at(9))  # fmt: skip
    make_visit(desk.case, technician=desk.tom, starts_at=timezone.now() - timedelta(days=2))

    page = client.get(status_path(desk.case)).content.decode()

    assert "Your visit" not in page
    assert "will come on" not in page


def test_customer_downloads_the_invite_of_their_visit(client, booked, desk):  # noqa: F811
    response = client.get(reverse("status_visit_invite", args=[token_of(desk.case), booked.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="visit-{booked.pk}.ics"' in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["uid"]).startswith(f"visit-{booked.pk}@")
    assert event.decoded("dtstart") == booked.starts_at
    assert desk.tom.display_name in str(event["description"])


def test_invite_is_404_with_a_wrong_revoked_or_rotated_token_or_another_case(client, booked, desk):  # noqa: F811
    other = make_case()
    other_visit = make_visit(other, technician=desk.tom, starts_at=next_tuesday_at(13))
    token = token_of(desk.case)
    mine = reverse("status_visit_invite", args=[token, booked.pk])
    assert client.get(mine).status_code == 200

    assert (
        client.get(reverse("status_visit_invite", args=[token, other_visit.pk])).status_code == 404
    )
    assert (
        client.get(reverse("status_visit_invite", args=["x" + token, booked.pk])).status_code == 404
    )
    rotate_link(desk.case)
    assert client.get(mine).status_code == 404
    fresh = token_of(desk.case)
    revoke_links(desk.case)
    assert client.get(reverse("status_visit_invite", args=[fresh, booked.pk])).status_code == 404


def _file(name):
    return NewAttachment(name, f"contents of {name}".encode(), "application/pdf")


@pytest.fixture
def files(agent):
    case = make_case(assignee=agent)
    theirs = intake.customer_reply(case, text="Photo attached", attachments=[_file("leak.jpg")])
    ours = desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND,
                                     body_text="Here is the quote.",
                                     attachments=[_file("quote.pdf")])  # fmt: skip
    note = desk_messages.add_message(case, actor=agent, direction=Direction.NOTE,
                                     body_text="Supplier price list",
                                     attachments=[_file("supplier-prices.pdf")])  # fmt: skip
    other = make_case()
    elsewhere = intake.customer_reply(other, text="Mine", attachments=[_file("neighbour.pdf")])
    return {
        "case": case,
        "theirs": theirs.attachments.get(),
        "ours": ours.attachments.get(),
        "note": note.attachments.get(),
        "other_case": elsewhere.attachments.get(),
    }


def test_status_page_lists_the_customers_files_and_ours_but_no_notes(client, files):
    page = client.get(status_path(files["case"])).content.decode()
    token = token_of(files["case"])

    for key in ("theirs", "ours"):
        assert reverse("status_attachment", args=[token, files[key].pk]) in page
    assert 'leak.jpg</a> <span class="muted">from you' in page
    assert 'quote.pdf</a> <span class="muted">from us' in page
    assert "supplier-prices.pdf" not in page
    assert "neighbour.pdf" not in page


@pytest.mark.parametrize("key", ["theirs", "ours"])
def test_customer_downloads_their_own_files_and_ours(client, files, key):
    url = reverse("status_attachment", args=[token_of(files["case"]), files[key].pk])

    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f"contents of {files[key].filename}".encode()
    assert files[key].filename in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"


@pytest.mark.parametrize("key", ["note", "other_case"])
def test_internal_note_files_and_other_cases_files_are_404(client, files, key):
    url = reverse("status_attachment", args=[token_of(files["case"]), files[key].pk])

    assert client.get(url).status_code == 404


def test_files_are_404_once_the_link_is_revoked(client, files):
    url = reverse("status_attachment", args=[token_of(files["case"]), files["ours"].pk])

    revoke_links(files["case"])

    assert client.get(url).status_code == 404

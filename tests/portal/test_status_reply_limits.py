"""Anyone with a status link can post without logging in, so replies there are
limited per case and per address (a number an hour, bytes of files a day): the
customer is told why with their text kept, staff get one note a day, and nothing
over the limit is stored (#19: 10 x 24 MB were stored in 3 s)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rightthere.cases.models import Attachment, Direction
from rightthere.portal.links import status_path
from rightthere.portal.models import StatusReply
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "STATUS_REPLIES_PER_HOUR": 3,
                           "STATUS_UPLOAD_BYTES_PER_DAY": 2000,
                           "MAX_ATTACHMENT_BYTES": 1500}  # fmt: skip


def reply(case, text: str, ip: str = "203.0.113.9", size: int = 0):
    data = {"text": text}
    if size:
        data["attachments"] = SimpleUploadedFile("photo.jpg", b"x" * size)
    return Client(REMOTE_ADDR=ip).post(status_path(case).rstrip("/") + "/reply/", data)


def customer_messages(case):
    return case.messages.filter(direction=Direction.INBOUND).exclude(pk=case.messages.first().pk)


def test_replies_past_the_hourly_limit_are_refused_with_the_text_kept(limits):
    case = make_case()
    answers = [reply(case, f"Update {n}").status_code for n in range(3)]

    refused = reply(case, "Are you there? Fourth message.")

    assert answers == [302, 302, 302]
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "We have received 3 replies in the last hour here" in page
    assert "Are you there? Fourth message." in page  # still in the box
    assert customer_messages(case).count() == 3


def test_files_past_the_daily_quota_are_refused_and_not_stored(limits):
    case = make_case()
    assert reply(case, "First photo", size=1200).status_code == 302

    refused = reply(case, "Second photo", size=1200)

    assert refused.status_code == 429
    assert "Files here are limited to 2.0\xa0KB a day" in refused.content.decode()
    assert Attachment.objects.filter(message__case=case).count() == 1
    assert not case.messages.filter(body_text="Second photo").exists()


def test_the_limit_follows_the_address_across_cases(limits):
    cases = [make_case() for _ in range(4)]
    for case in cases[:3]:
        reply(case, "Hello", ip="198.51.100.66")

    assert reply(cases[3], "Hello again", ip="198.51.100.66").status_code == 429
    assert reply(cases[3], "From home", ip="203.0.113.9").status_code == 302


def test_staff_are_told_once_a_day_with_a_note(limits):
    case = make_case()
    for n in range(3):
        reply(case, f"Update {n}")

    reply(case, "Fourth")
    reply(case, "Fifth")

    notes = case.messages.filter(direction=Direction.NOTE)
    assert notes.count() == 1
    assert "The customer's status page refused a reply from 203.0.113.9" in notes[0].body_text
    assert StatusReply.objects.filter(case=case, accepted=False).count() == 2

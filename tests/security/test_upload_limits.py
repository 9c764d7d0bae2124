"""Files are measured while they stream in: a too-large one is refused by name with
what the person wrote kept, and the server never holds it in memory (#19)."""

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import ClientHandler
from django.urls import reverse

from rightthere.cases.models import Case, Message
from tests.factories import make_case

pytestmark = pytest.mark.django_db

CONTACT = {"name": "Grace Hopper", "email": "grace@example.com", "subject": "Leaking tap",
           "message": "The kitchen tap drips all night.", "website": ""}  # fmt: skip


@pytest.fixture
def small_limits(settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_ATTACHMENT_BYTES": 1000,
                           "MAX_UPLOAD_BYTES": 1500}  # fmt: skip


def upload(name: str, size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")


def test_a_too_large_file_on_a_reply_is_named_and_the_draft_kept(small_limits, agent, as_user):
    case = make_case(assignee=agent)
    before = Message.objects.count()

    response = as_user(agent).post(reverse("case_reply", args=[case.pk]), {
        "direction": "outbound", "body": "Here is the quote for the new valve.",
        "attachments": upload("quote.pdf", 5000),
    })  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 422
    assert "Not sent: &#x27;quote.pdf&#x27; is larger than 1000\xa0bytes" in page
    assert "Here is the quote for the new valve." in page
    assert Message.objects.count() == before


def test_files_within_the_limit_are_attached(small_limits, agent, as_user):
    case = make_case(assignee=agent)

    as_user(agent).post(reverse("case_reply", args=[case.pk]), {
        "direction": "note", "body": "Photo of the valve.", "attachments": upload("valve.jpg", 900),
    })  # fmt: skip

    note = case.messages.get(body_text="Photo of the valve.")
    assert [(a.filename, a.size) for a in note.attachments.all()] == [("valve.jpg", 900)]


def test_files_together_over_the_request_limit_are_refused(small_limits, agent, as_user):
    case = make_case(assignee=agent)

    response = as_user(agent).post(reverse("case_reply", args=[case.pk]), {
        "direction": "note", "body": "Three photos.",
        "attachments": [upload("a.jpg", 900), upload("b.jpg", 900)],
    })  # fmt: skip

    assert response.status_code == 422
    assert "the files together are larger than 1.5\xa0KB" in response.content.decode()
    assert not case.messages.filter(body_text="Three photos.").exists()


def test_the_contact_form_refuses_a_large_file_and_keeps_the_message(small_limits, client):
    response = client.post(reverse("contact"), {**CONTACT, "attachments": upload("tap.mov", 5000)})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Not sent: &#x27;tap.mov&#x27; is larger than 1000\xa0bytes" in page
    assert "The kitchen tap drips all night." in page
    assert not Case.objects.filter(subject="Leaking tap").exists()


class Streamed(io.RawIOBase):
    """A multipart body produced as it is read: 300 MB that never exist at once."""

    def __init__(self, head: bytes, size: int, tail: bytes) -> None:
        self.parts = [head, tail]
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self.parts[0]:
            n = min(len(buffer), len(self.parts[0]))
            buffer[:n], self.parts[0] = self.parts[0][:n], self.parts[0][n:]
        elif self.left:
            n = min(len(buffer), self.left)
            buffer[:n] = b"x" * n
            self.left -= n
        else:
            n = min(len(buffer), len(self.parts[1]))
            buffer[:n], self.parts[1] = self.parts[1][:n], self.parts[1][n:]
        return n


def test_a_300_mb_upload_is_refused_without_the_server_holding_it(small_limits, settings):
    settings.RIGHTTHERE = {**settings.RIGHTTHERE, "MAX_ATTACHMENT_BYTES": 25 * 1024 * 1024,
                           "MAX_UPLOAD_BYTES": 50 * 1024 * 1024}  # fmt: skip
    size, boundary = 300 * 1024 * 1024, "rtboundary"
    fields = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                     for k, v in CONTACT.items())  # fmt: skip
    head = (fields + f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
            'filename="huge.bin"\r\nContent-Type: application/octet-stream\r\n\r\n').encode()  # fmt: skip
    tail = f"\r\n--{boundary}--\r\n".encode()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/contact", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "wsgi.url_scheme": "http", "REMOTE_ADDR": "203.0.113.9",
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(len(head) + size + len(tail)),
        "wsgi.input": io.BufferedReader(Streamed(head, size, tail)),
    }  # fmt: skip

    tracemalloc.start()
    try:
        response = ClientHandler(enforce_csrf_checks=False)(environ)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 400
    assert "larger than 25.0\xa0MB" in response.content.decode()
    assert peak < 30 * 1024 * 1024, f"peak {peak / 1024 / 1024:.0f} MB while receiving 300 MB"

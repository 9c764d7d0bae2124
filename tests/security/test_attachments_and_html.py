"""Files customers send are always downloaded, never rendered; HTML mail is shown
without scripts, styles, event handlers, javascript: links or frames."""

import pytest

from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Attachment, Direction
from rightthere.desk.messages import add_message
from rightthere.mail.ingest import ingest
from rightthere.mail.models import InboundStatus, Source
from rightthere.portal.links import status_path
from tests.factories import make_case

pytestmark = pytest.mark.django_db

DANGEROUS = [
    ("page.html", "text/html", b"<html><script>alert(1)</script></html>"),
    (
        "drawing.svg",
        "image/svg+xml",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ),
    ('evil".html\r\nX-Injected: 1', "text/html", b"<script>alert(1)</script>"),
    ("photo.jpg", "text/html", b"<script>alert(1)</script>"),  # lying content type
]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(("filename", "content_type", "content"), DANGEROUS)
def test_an_uploaded_file_is_always_a_download_never_a_page(
    owner, as_user, filename, content_type, content
):
    case = make_case(assignee=owner)
    add_message(
        case,
        actor=None,
        direction=Direction.INBOUND,
        body_text="See the file.",
        attachments=[NewAttachment(filename=filename, content=content, content_type=content_type)],
    )
    attachment = Attachment.objects.get()

    response = as_user(owner).get(f"/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "\n" not in response["Content-Disposition"]
    assert "\r" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "X-Injected" not in response.headers
    assert b"".join(response.streaming_content) == content


def test_uploaded_files_are_not_served_from_the_media_url(owner, as_user):
    case = make_case(assignee=owner)
    add_message(
        case,
        actor=None,
        direction=Direction.INBOUND,
        body_text="See the file.",
        attachments=[NewAttachment("page.html", b"<script>alert(1)</script>", "text/html")],
    )
    stored = Attachment.objects.get().file.name

    assert as_user(owner).get(f"/media/{stored}").status_code == 404


HOSTILE_HTML = """\
<html><head><style>body { background: url(https://evil.example/PWNED-style) }</style>
<script>window.PWNED_script = 1</script></head>
<body onload="PWNED_onload()">
<p style="position:fixed">Hello, my <b>boiler</b> is broken.</p>
<img src="https://example.com/x.png" onerror="PWNED_onerror()">
<a href="javascript:PWNED_js()">click</a>
<a href="JaVaScRiPt:PWNED_js2()">click too</a>
<iframe src="https://evil.example/PWNED-iframe"></iframe>
<object data="https://evil.example/PWNED-object"></object>
<form action="https://evil.example/PWNED-form"><input name="PWNED_input"></form>
<svg><script>PWNED_svg()</script></svg>
</body></html>
"""


def hostile_mail() -> bytes:
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"] = "Mallory <mallory@example.com>"
    mail["To"] = "desk@example.com"
    mail["Subject"] = "Broken boiler"
    mail["Message-ID"] = "<hostile@example.com>"
    mail.set_content("Hello, my boiler is broken.")
    mail.add_alternative(HOSTILE_HTML, subtype="html")
    return mail.as_bytes()


def test_hostile_html_mail_is_shown_clean_on_the_case_page_and_the_status_page(
    owner, as_user, client
):
    inbound = ingest(hostile_mail(), Source.IMAP)
    assert inbound.status == InboundStatus.PROCESSED

    case_page = as_user(owner).get(f"/cases/{inbound.case_id}/").content.decode()
    client.logout()
    status_page = client.get(status_path(inbound.case)).content.decode()

    for page in (case_page, status_page):
        assert "<b>boiler</b>" in page  # the harmless formatting survives
        assert "PWNED" not in page
        assert "javascript:" not in page.lower()
        assert "position:fixed" not in page
    assert "<iframe" not in inbound.case_message.body_html
    assert "<script" not in inbound.case_message.body_html

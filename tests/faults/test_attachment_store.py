"""A full or read-only attachment store: a clear error, the mail kept, nothing half-saved.

MEDIA_ROOT points at a 64 KiB tmpfs that is either filled up (ENOSPC) or
remounted read-only (EROFS); root can write through file permissions, so a
real mount is the honest way to make the store refuse.
"""

import subprocess
import tempfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rightthere.cases.models import Attachment, Case, Message
from rightthere.mail.ingest import ingest, retry
from rightthere.mail.models import InboundStatus, Source
from rightthere.outbox.models import OutboundMail
from tests.factories import make_case

pytestmark = pytest.mark.faults

REASONS = {"full": "No space left on device", "read-only": "Read-only file system"}


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)  # noqa: S603


@pytest.fixture(params=["full", "read-only"])
def broken_store(request, settings):
    """MEDIA_ROOT on a tiny tmpfs that refuses writes; `broken_store.repair()` fixes it."""
    mount = Path(tempfile.mkdtemp(prefix="rightthere-media-"))
    run("/usr/bin/mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount))
    filler = mount / "filler"
    if request.param == "full":
        with filler.open("wb") as handle, pytest.raises(OSError, match="No space"):
            handle.write(b"x" * 1024 * 1024)
        # Leave 16 KiB: a small first file fits, a larger second one fails halfway.
        with filler.open("r+b") as handle:
            handle.truncate(filler.stat().st_size - 16 * 1024)
    else:
        run("/usr/bin/mount", "-o", "remount,ro", str(mount))
    settings.MEDIA_ROOT = mount  # default_storage follows the setting

    class Store:
        path = mount
        reason = REASONS[request.param]
        untouched = ["filler"] if request.param == "full" else []  # only what we put there

        @staticmethod
        def files() -> list[str]:
            return sorted(str(p.relative_to(mount)) for p in mount.rglob("*") if p.is_file())

        @staticmethod
        def repair() -> None:
            run("/usr/bin/mount", "-o", "remount,rw", str(mount))
            filler.unlink(missing_ok=True)

    yield Store
    run("/usr/bin/umount", "-l", str(mount))
    mount.rmdir()


def mail_with_attachment() -> bytes:
    mail = EmailMessage()
    mail["From"] = "Dana Customer <dana@example.com>"
    mail["To"] = "desk@example.com"
    mail["Subject"] = "Photo of the broken valve"
    mail["Message-ID"] = "<valve-photo@example.com>"
    mail.set_content("The valve is leaking, photo attached.")
    mail.add_attachment(
        b"\x89PNG" + b"0" * 20_000, maintype="image", subtype="png", filename="valve.png"
    )
    return mail.as_bytes()


@pytest.mark.django_db
def test_inbound_mail_is_kept_with_a_clear_reason_when_its_attachment_cannot_be_stored(
    broken_store,
):
    raw = mail_with_attachment()

    inbound = ingest(raw, Source.IMAP)

    inbound.refresh_from_db()
    assert bytes(inbound.raw) == raw  # the customer's mail is kept as received
    assert inbound.status == InboundStatus.FAILED
    assert "'valve.png' could not be stored" in inbound.error
    assert broken_store.reason in inbound.error
    assert Case.objects.count() == 0
    assert broken_store.files() == broken_store.untouched

    broken_store.repair()
    retry(inbound)

    inbound.refresh_from_db()
    assert inbound.status == InboundStatus.PROCESSED
    assert [a.filename for a in Attachment.objects.all()] == ["valve.png"]


@pytest.mark.django_db
def test_a_reply_with_an_attachment_is_refused_clearly_and_nothing_is_half_saved(
    broken_store, owner, as_user
):
    case = make_case(assignee=owner)
    messages_before = Message.objects.count()
    small = SimpleUploadedFile("note.txt", b"see the quote" * 100, "text/plain")
    large = SimpleUploadedFile("quote.pdf", b"%PDF-1.4 " + b"0" * 40_000, "application/pdf")

    response = as_user(owner).post(
        f"/cases/{case.pk}/reply/",
        {"direction": "outbound", "body": "Here is the quote.", "attachments": [small, large]},
        follow=True,
    )

    assert response.status_code == 422  # the case page again, the draft kept
    assert "could not be stored" in response.content.decode()
    assert broken_store.reason in response.content.decode()
    assert Message.objects.count() == messages_before
    assert Attachment.objects.count() == 0
    assert OutboundMail.objects.filter(case=case, kind="reply").count() == 0
    assert broken_store.files() == broken_store.untouched

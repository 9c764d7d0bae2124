"""This app's stored-mail and mailbox routes for the project-wide permission matrix
(tests/api/test_permissions.py): owners and agents handle incoming mail; owners alone
set up the mailboxes it is fetched from."""

from tests.api.matrix import MANAGERS_CHANGE as MANAGERS
from tests.api.matrix import OWNERS, OWNERS_ADD, OWNERS_REMOVE, route

# A password variable nobody sets: the connection test stops at "No password" before
# it dials any server, so the owner's answer (200, ok false, the error) is the same
# everywhere.
UNSET_PASSWORD = "RIGHTTHERE_MATRIX_MAILBOX_PASSWORD_NEVER_SET"
BOX = {"name": "Sales", "host": "imap.example.com", "username": "sales@example.com",
       "password_env": UNSET_PASSWORD}  # fmt: skip

ROUTES = [
    route("get", "/api/inbound-mail", MANAGERS, query="status=failed"),
    route("get", "/api/inbound-mail/{mail_id}", MANAGERS, mail_id="failed_mail"),
    route("post", "/api/inbound-mail/{mail_id}/retry", MANAGERS, mail_id="failed_mail"),
    route("get", "/api/mailboxes", OWNERS),
    route("post", "/api/mailboxes", OWNERS_ADD, body=lambda w: BOX),
    route("patch", "/api/mailboxes/{mailbox_id}", OWNERS, mailbox_id="mailbox",
          body=lambda w: {"folder": "Support"}),
    route("post", "/api/mailboxes/{mailbox_id}/test", OWNERS, mailbox_id="mailbox"),
    route("delete", "/api/mailboxes/{mailbox_id}", OWNERS_REMOVE, mailbox_id="mailbox"),
]  # fmt: skip


def extend_world(world, owner, agent, technician, subcontractor):
    """A stored mail that could not be processed (it has no sender), and a mailbox whose
    password is not set."""
    from rightthere.mail.models import InboundMail, InboundStatus, Mailbox, Source

    mail = InboundMail.objects.create(
        raw=b"Subject: ?\r\n\r\nNo sender here.\r\n", raw_sha256="f" * 64, source=Source.EML,
        status=InboundStatus.FAILED, subject="?", error="The mail has no sender.",
    )  # fmt: skip
    box = Mailbox.objects.create(name="Support", host="imap.example.com",
                                 username="support@example.com", password_env=UNSET_PASSWORD)  # fmt: skip
    return {"failed_mail": mail.pk, "mailbox": box.pk}

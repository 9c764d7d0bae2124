"""kill -9 the real `rightthere worker` in the middle of mail ingestion and in the
middle of sending, restart it, and count: every customer mail becomes exactly
one case, every case's acknowledgement is recorded once and reaches the mail
server at least once (exactly once except the one mail the worker was killed
in the middle of sending; see docs/reliability.md).
"""

import shutil
import tempfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.faults.conftest import VENV_BIN, wait_for
from tests.mail.dovecot import USERS, start_dovecot

pytestmark = pytest.mark.faults

MAILS = 40
KILL_AFTER_STORED = 10  # first kill: this many mails stored, the rest still on the server
KILL_IN_DATA_OF = 5  # second kill: while the server holds its answer to this acknowledgement


def customer_mail(number: int) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"Customer {number} <customer{number}@example.com>"
    mail["To"] = "desk@example.com"
    mail["Subject"] = f"Heating fault number {number}"
    mail["Message-ID"] = f"<fault-{number}@example.com>"
    mail.set_content(f"My heating stopped working ({number}). Please send someone.")
    return mail.as_bytes()


@pytest.fixture
def imap_server():
    root = Path(tempfile.mkdtemp(prefix="rightthere-faults-dovecot-"))
    server = start_dovecot(root)
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def test_killing_the_worker_mid_ingestion_and_mid_sending_loses_and_doubles_nothing(
    app_database, imap_server, slow_smtp, processes, tmp_path
):
    db = app_database
    for number in range(MAILS):
        imap_server.append(customer_mail(number))
    db.manage(
        "shell",
        "-c",
        "from rightthere.mail.models import Mailbox; Mailbox.objects.create(name='desk', "
        f"host='127.0.0.1', port={imap_server.port}, security='none', username='desk')",
    )
    env = db.env(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(slow_smtp.port),
        EMAIL_USE_TLS="0",
        RIGHTTHERE_MAILBOX_DESK_PASSWORD=USERS["desk"],
    )
    worker = [str(VENV_BIN / "rightthere"), "worker", "--interval", "0.1", "--worker-id", "w1"]
    log = tmp_path / "worker.log"

    def count(sql):
        return db.scalar(sql)

    # 1. Killed while storing mail from the IMAP server.
    first = processes.start(worker, env, log)
    wait_for(
        lambda: count("SELECT count(*) FROM mail_inboundmail") >= KILL_AFTER_STORED,
        timeout=30,
        interval=0.01,
        what="the first mails to be stored",
    )
    first.kill9()
    stored_at_kill = count("SELECT count(*) FROM mail_inboundmail")
    processed_at_kill = count("SELECT count(*) FROM mail_inboundmail WHERE status = 'processed'")

    # 2. Restarted; killed while the mail server holds its reply to an acknowledgement.
    slow_smtp.trap_after = KILL_IN_DATA_OF
    second = processes.start(worker, env, log)
    assert slow_smtp.trapped.wait(timeout=60), second.output()
    second.kill9()

    # 3. Restarted again: it must finish everything on its own.
    processes.start(worker, env, log)

    def all_done():
        unfinished = count(
            "SELECT (SELECT count(*) FROM mail_inboundmail WHERE status <> 'processed')"
            " + (SELECT count(*) FROM outbox_outboundmail WHERE status <> 'sent')"
        )
        return unfinished == 0 and count("SELECT count(*) FROM outbox_outboundmail") == MAILS

    wait_for(all_done, timeout=60, interval=0.2, what="all mail processed and sent")

    message_ids = {f"fault-{n}@example.com" for n in range(MAILS)}
    inbound = db.rows("SELECT message_id, status, case_id FROM mail_inboundmail")
    cases = count("SELECT count(*) FROM cases_case")
    customer_messages = count("SELECT count(*) FROM cases_message WHERE direction = 'inbound'")
    outbound = db.rows("SELECT mail_message_id, status, case_id FROM outbox_outboundmail")
    received = slow_smtp.counts()
    duplicates = sorted(mid for mid, times in received.items() if times > 1)
    print(  # the figures in docs/reliability.md
        f"\n[{'postgresql' if db.is_postgres else 'sqlite'}] mails in: {MAILS}; first kill with "
        f"{stored_at_kill} stored, {processed_at_kill} processed; stored {len(inbound)}, "
        f"cases {cases}, inbound messages {customer_messages}; acknowledgements recorded "
        f"{len(outbound)}, SMTP deliveries {sum(received.values())}, distinct {len(received)}, "
        f"resent {duplicates}"
    )

    # Each inbound mail: stored once, processed, exactly one case and one message.
    assert sorted(m for m, _, _ in inbound) == sorted(message_ids)
    assert {status for _, status, _ in inbound} == {"processed"}
    assert len({case for _, _, case in inbound}) == MAILS
    assert (cases, customer_messages) == (MAILS, MAILS)
    # Each acknowledgement: recorded once, sent, and at the mail server.
    assert len({case for _, _, case in outbound}) == MAILS
    assert {status for _, status, _ in outbound} == {"sent"}
    assert set(received) == {mid for mid, _, _ in outbound}
    # At least once, not exactly once: only the mail the worker died sending went twice.
    assert duplicates == [slow_smtp.trapped_id]
    # Nothing left unread on the IMAP server.
    assert all("\\Seen" in flags for flags in imap_server.flags())

"""kill -9 the real `rightthere worker` while a webhook delivery is in flight (the
receiver, a real http.server on 127.0.0.1, holds the request open), start it again,
and count: every event reaches the receiver at least once, the one the worker died
sending twice with the same Rightthere-Delivery id (so the receiver acts on it once),
and every delivery is marked delivered. Nothing is mocked.

The database is the test's own (a fresh SQLite file, or a fresh PostgreSQL database
when the suite runs on PostgreSQL), committed for real and read with plain SQL, as the
other fault tests do; it is not the session's shared `app_database`, whose case counts
the mail fault test checks.
"""

import os
import time
from pathlib import Path

import pytest

from tests.faults.conftest import VENV_BIN, AppDatabase, _create_pg, _drop_pg, wait_for
from tests.webhooks.receiver import start_receiver

pytestmark = pytest.mark.faults

REPO = Path(__file__).resolve().parents[2]
CASES = 4
TIMEOUT, GRACE = 3, 2  # seconds: a dead worker's claim is taken again after 5 s


@pytest.fixture
def database(tmp_path):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        name = f"rt_faults_webhooks_{os.getpid()}"
        db = AppDatabase(_create_pg(name), tmp_path)
        db.manage("migrate", "-v0")
        yield db
        _drop_pg(name)
        return
    db = AppDatabase(f"sqlite:///{tmp_path / 'rightthere.sqlite3'}", tmp_path)
    db.manage("migrate", "-v0")
    yield db


@pytest.fixture
def receiver():
    found, server = start_receiver()
    found.hang_seconds = 30  # longer than the test needs the worker to stay stuck
    yield found
    server.shutdown()
    server.server_close()


def test_the_worker_killed_mid_delivery_loses_nothing(database, receiver, processes, tmp_path):
    env = database.env(
        PYTHONPATH=str(REPO),  # tests.factories for opening the cases
        WEBHOOK_TIMEOUT_SECONDS=str(TIMEOUT),
        WEBHOOK_CLAIM_GRACE_SECONDS=str(GRACE),
        # The receiver is on 127.0.0.1, which webhooks refuse unless private
        # addresses are allowed (receivers on the owner's own network).
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES="1",
    )
    # The owner's command adds the webhook and prints its secret.
    added = database.manage(
        "webhooks", "add", "Accounting", receiver.url, "case.opened",
        WEBHOOKS_ALLOW_PRIVATE_ADDRESSES="1",
    )  # fmt: skip
    receiver.secret = added.rsplit(": ", 1)[1].strip()
    receiver.answer("hang")  # the first request: received, never answered
    database.manage(
        "shell",
        "-c",
        "from tests.factories import make_case\n"
        f"for n in range({CASES}): make_case(subject=f'Boiler {{n}}')",
        PYTHONPATH=str(REPO),
    )
    worker = [str(VENV_BIN / "rightthere"), "worker", "--interval", "0.1", "--worker-id", "w1"]
    log = tmp_path / "worker.log"

    first = processes.start(worker, env, log)
    in_flight = wait_for(
        lambda: receiver.received, timeout=60, interval=0.02, what="the first delivery"
    )[0]
    time.sleep(0.3)  # the worker sits waiting for the answer ...
    first.kill9()  # ... and dies
    killed_at = time.monotonic()
    states = database.rows("SELECT status, attempts FROM webhooks_delivery ORDER BY id")
    assert states == [("sending", 1)] + [("pending", 0)] * (CASES - 1), states

    processes.start(worker, env, log)  # the same worker id: its task is queued again

    def all_delivered():
        return (
            database.scalar("SELECT count(*) FROM webhooks_delivery WHERE status = 'delivered'")
            == CASES
        )

    wait_for(all_delivered, timeout=60, interval=0.2, what="every delivery delivered")
    recovered_after = time.monotonic() - killed_at

    rows = database.rows(
        "SELECT delivery_id, status, attempts, response_status FROM webhooks_delivery"
    )
    print(
        f"\n{CASES} events; worker killed while the receiver held delivery "
        f"{in_flight.delivery_id}; all delivered {recovered_after:.1f} s after the kill "
        f"(claim lease {TIMEOUT + GRACE} s); requests received {len(receiver.received)}"
    )
    # Every event reached the receiver, verified; the receiver acted on each once.
    assert all(got.signature_ok for got in receiver.received)
    assert len(receiver.acted_on) == CASES
    assert sorted(got.payload["case"]["subject"] for got in receiver.acted_on) == [
        f"Boiler {n}" for n in range(CASES)
    ]
    # The one in flight went twice with the same delivery id (attempt 1, then 2);
    # nothing else went twice.
    copies = [got for got in receiver.received if got.delivery_id == in_flight.delivery_id]
    assert [(got.attempt, got.answered) for got in copies] == [(1, "hang"), (2, 200)]
    assert len(receiver.received) == CASES + 1
    # Every delivery is marked delivered with the receiver's answer.
    assert len(rows) == CASES
    assert {(status, code) for _, status, _, code in rows} == {("delivered", 200)}
    assert sorted(attempts for _, _, attempts, _ in rows) == [1] * (CASES - 1) + [2]
    # The claim was taken over at its lease's end, not by the once-a-minute sweep.
    assert recovered_after < 40, recovered_after

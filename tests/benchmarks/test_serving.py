"""The HTTP benchmarks' plumbing (benchmarks/serving.py) and the versus benchmark's
creation mix: a taken port stops the run and says what holds it, concurrent clients
make each request once, --quick fills in only what was not given, and the bodies
include one that Rightthere reads as upset (so creation takes the complaint path)."""

import argparse
import socket
import threading

import pytest
from benchmarks.serving import (
    add_http_options,
    ensure_port_free,
    parse_http_args,
    port_is_free,
    run_concurrent,
)

from benchmarks import versus_django_helpdesk as versus
from rightthere.coach.upset import assess


@pytest.fixture
def listening():
    """A port something listens on (this test's own socket)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


def test_a_taken_port_stops_the_run_naming_the_port_and_the_option(listening):
    assert not port_is_free(listening)

    with pytest.raises(SystemExit) as stopped:
        ensure_port_free(listening, "rightthere", "--rt-port")

    message = str(stopped.value)
    assert f"Port {listening} on 127.0.0.1, wanted for rightthere, is already in use" in message
    assert f":{listening}" in message.splitlines()[1]  # what `ss -ltnp` says holds it
    assert "--rt-port" in message


def test_a_free_port_passes():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Closed again: free (a port in TIME_WAIT would count as free too, as gunicorn binds).
    assert port_is_free(port)
    ensure_port_free(port, "helpdesk", "--hd-port")


def test_concurrent_clients_make_each_request_once_each_with_its_own_client():
    made: list[object] = []
    seen: list[tuple[int, int]] = []
    lock = threading.Lock()

    def make() -> object:
        client = object()
        made.append(client)
        return client

    def call(client: object, n: int) -> None:
        with lock:
            seen.append((id(client), n))

    timed = run_concurrent(make, call, 40, 8)

    assert len(made) == 8
    assert sorted(n for _, n in seen) == list(range(40))
    assert {client for client, _ in seen} <= {id(c) for c in made}
    assert len(timed.latencies) == 40 and timed.seconds > 0
    assert timed.per_second == pytest.approx(40 / timed.seconds)


def test_a_failing_request_fails_the_row():
    def call(client: object, n: int) -> None:
        if n == 3:
            raise RuntimeError("HTTP 500")

    with pytest.raises(RuntimeError, match="1 request\\(s\\) failed; first: HTTP 500"):
        run_concurrent(object, call, 10, 2)


def test_quick_sets_only_what_was_not_given():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    add_http_options(parser, {"--requests": 15, "--concurrent-requests": 48})

    quick = parse_http_args(parser, ["--quick"])
    given = parse_http_args(parser, ["--quick", "--requests", "30"])
    full = parse_http_args(parser, [])

    assert (quick.requests, quick.concurrent_requests) == (15, 48)
    assert (given.requests, given.concurrent_requests) == (30, 48)
    assert (full.requests, full.concurrent_requests, full.workers, full.clients) == (40, 160, 2, 8)


def test_the_creation_mix_has_every_kind_and_the_upset_one_reads_as_upset():
    kinds = [versus.body_of(n)[0] for n in range(5)]
    _, long_body, _ = versus.body_of(kinds.index("long"))
    with_file = [n for n in range(10) if versus.body_of(n)[2]]
    upset = versus.body_of(kinds.index("upset"))[1]
    neutral = versus.body_of(kinds.index("neutral"))[1]

    assert kinds == ["neutral", "question", "upset", "long", "attachment"]
    assert 2900 < len(long_body) <= 3000  # ~3 KB
    assert with_file == [4, 9] and len(versus.ATTACHMENT[1]) == 100 * 1024
    assert assess(upset).level == "flag"  # raises the priority, tells the desk
    assert assess(neutral).level == "none"

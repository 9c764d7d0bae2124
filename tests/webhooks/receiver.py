"""A real HTTP receiver for webhook tests: http.server in a thread on a free port.

It checks each request's signature the way docs/webhooks.md tells a receiver to
(`verify` below is that code), keeps what it received, drops a delivery id it has
handled already, and answers as the test scripts it: a status code, or "hang" (no
answer for a while, so the sender's timeout fires)."""

import hashlib
import hmac
import json
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """docs/webhooks.md's verification, as a receiver writes it."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        stamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - stamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


@dataclass
class Received:
    delivery_id: str
    event: str
    attempt: int
    body: bytes
    signature: str  # the Rightthere-Signature header as received
    signature_ok: bool
    answered: int | str  # the status code, or "hang"

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    @property
    def case_id(self) -> int | None:
        case = self.payload["case"]
        return case["id"] if case else None


@dataclass
class Receiver:
    url: str
    secret: str = ""
    # What to answer next, in order (then `default`): 200, 500, "hang", ...
    script: deque = field(default_factory=deque)
    default: int | str = 200
    hang_seconds: float = 2.0
    received: list[Received] = field(default_factory=list)
    handled: set[str] = field(default_factory=set)  # delivery ids acted on (deduplicated)
    acted_on: list[Received] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # each request's Host header
    redirect_to: str = ""  # the Location of a 3xx answer

    def answer(self, *answers: int | str) -> None:
        self.script.extend(answers)

    def events(self) -> list[str]:
        return [r.event for r in self.acted_on]


def start_receiver(tls: tuple[str, str] | None = None) -> tuple[Receiver, ThreadingHTTPServer]:
    """The receiver on a free port of 127.0.0.1; with `tls` (certificate and key files)
    it speaks HTTPS."""
    receiver = Receiver(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                answer = receiver.script.popleft() if receiver.script else receiver.default
                got = Received(
                    delivery_id=self.headers.get("Rightthere-Delivery", ""),
                    event=self.headers.get("Rightthere-Event", ""),
                    attempt=int(self.headers.get("Rightthere-Attempt", "0")),
                    body=body,
                    signature=self.headers.get("Rightthere-Signature", ""),
                    signature_ok=verify(
                        receiver.secret, self.headers.get("Rightthere-Signature", ""), body
                    ),
                    answered=answer,
                )
                receiver.received.append(got)
                receiver.hosts.append(self.headers.get("Host", ""))
            if answer == "hang":
                time.sleep(receiver.hang_seconds)
                return  # the sender gave up already; nothing to answer
            if answer == 200 and got.signature_ok:
                with lock:
                    if got.delivery_id not in receiver.handled:
                        receiver.handled.add(got.delivery_id)
                        receiver.acted_on.append(got)
            status = int(answer) if got.signature_ok else 401
            text = b'{"ok": true}' if status < 300 else b'{"error": "try later"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if 300 <= status < 400 and receiver.redirect_to:
                self.send_header("Location", receiver.redirect_to)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    receiver.url = f"{scheme}://127.0.0.1:{server.server_address[1]}/hooks/rightthere"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver, server

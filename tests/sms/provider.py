"""A local stand-in for the SMS provider's HTTP API, in a thread of the test process.

The provider itself (api.twilio.com) is out of reach from here, so the tests run the real
client code (`rightthere.sms.backends.twilio`) against this server, which implements the
provider's documented request and answer for the Messages resource:

- POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP basic auth with the account
  SID and auth token, form-encoded To, From, Body and (optional) StatusCallback;
- 201 with JSON {"sid": "SM" + 32 hex, "status": "queued", "to", "from", "body", ...};
- errors as JSON {"code", "message", "more_info", "status"}: 401 for bad credentials
  (code 20003), 400 for a missing or bad To / Body (21604 / 21211 / 21602);
- afterwards, `report(sid, status)` POSTs MessageSid, MessageStatus, AccountSid, To,
  From to the message's StatusCallback, signed with X-Twilio-Signature as the provider
  does (HMAC-SHA1 of the URL and the sorted fields, keyed with the auth token).
"""

import base64
import json
import threading
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from rightthere.sms.signatures import HEADER, sign

ACCOUNT_SID = "AC" + "0" * 31 + "1"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"


@dataclass
class Provider:
    url: str
    account_sid: str = ACCOUNT_SID
    token: str = AUTH_TOKEN
    messages: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    # Answers to give before the normal one: [(status, json body), ...]
    fail_next: list[tuple[int, dict]] = field(default_factory=list)

    def report(self, sid: str, status: str, *, error_code: str = "") -> int:
        """What the provider does when the message's state changes: a signed POST to
        its StatusCallback. Returns our server's HTTP status."""
        message = next(m for m in self.messages if m["sid"] == sid)
        fields = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status,
                  "SmsStatus": status, "AccountSid": self.account_sid,
                  "To": message["to"], "From": message["from"], "ApiVersion": "2010-04-01"}  # fmt: skip
        if error_code:
            fields["ErrorCode"] = error_code
        callback = message["status_callback"]
        request = urllib.request.Request(  # noqa: S310 - our own http:// callback
            callback, data=urllib.parse.urlencode(fields).encode(), method="POST",
            headers={HEADER: sign(callback, fields.items(), self.token),
                     "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, code: int, message: str) -> None:
            self._answer(status, {"code": code, "message": message, "status": status,
                                  "more_info": f"https://www.twilio.com/docs/errors/{code}"})  # fmt: skip

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
            fields = {name: values[-1] for name, values in form.items()}
            provider.requests.append({"path": self.path, "fields": fields,
                                      "auth": self.headers.get("Authorization", ""),
                                      "content_type": self.headers.get("Content-Type", "")})  # fmt: skip
            expected = f"/2010-04-01/Accounts/{provider.account_sid}/Messages.json"
            if self.path != expected:
                return self._error(404, 20404, "The requested resource was not found")
            credentials = base64.b64encode(f"{provider.account_sid}:{provider.token}".encode())
            if self.headers.get("Authorization", "") != f"Basic {credentials.decode()}":
                return self._error(401, 20003, "Authenticate")
            if provider.fail_next:
                status, body = provider.fail_next.pop(0)
                return self._answer(status, body)
            if not fields.get("To"):
                return self._error(400, 21604, "A 'To' phone number is required.")
            if not fields["To"].startswith("+") or not fields["To"][1:].isdigit():
                return self._error(400, 21211, f"The 'To' number {fields['To']} is not valid.")
            if not fields.get("Body"):
                return self._error(400, 21602, "Message body is required.")
            if not fields.get("From"):
                return self._error(400, 21603, "A 'From' phone number is required.")
            message = {"sid": "SM" + uuid.uuid4().hex, "account_sid": provider.account_sid,
                       "to": fields["To"], "from": fields["From"], "body": fields["Body"],
                       "status": "queued", "num_segments": "1", "direction": "outbound-api",
                       "api_version": "2010-04-01", "error_code": None, "error_message": None,
                       "status_callback": fields.get("StatusCallback", "")}  # fmt: skip
            provider.messages.append(message)
            self._answer(201, {k: v for k, v in message.items() if k != "status_callback"})

    return Handler


def start() -> tuple[Provider, ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    provider = Provider(url=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return provider, server

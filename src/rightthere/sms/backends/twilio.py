"""Twilio's Messages API (and providers that speak it): one POST per text.

Request: POST {SMS_API_URL}/2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP basic
auth (AccountSid, AuthToken), form fields To, From, Body, StatusCallback. Answer: 201
with JSON holding at least `sid` and `status` ("queued" or "accepted"); an error is JSON
with `code`, `message` and `status`. The provider later POSTs MessageSid and
MessageStatus to StatusCallback, signed with X-Twilio-Signature (`sms.signatures`).
"""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException

from django.conf import settings
from django.utils.translation import gettext

from rightthere.sms.backends import BaseSmsBackend, SentSms, SmsSendError

# Refusals worth trying again: too many requests (Twilio's 429 when a queue is full).
RETRY_4XX = {408, 429}


class TwilioBackend(BaseSmsBackend):
    label = "Twilio Messages API"
    reports_delivery = True
    needs_from_number = True

    def __init__(self) -> None:
        self.account_sid = settings.SMS_ACCOUNT_SID
        self.token = settings.SMS_AUTH_TOKEN
        self.api_url = settings.SMS_API_URL.rstrip("/")
        self.timeout = settings.SMS_TIMEOUT
        if not self.api_url.startswith(("https://", "http://")):
            raise ValueError(f"SMS_API_URL must start with https:// (got {self.api_url!r})")

    def missing(self) -> list[str]:
        needs = [("SMS_ACCOUNT_SID", self.account_sid), ("SMS_AUTH_TOKEN", self.token)]
        return [
            gettext("%(name)s is not set") % {"name": name} for name, value in needs if not value
        ]

    def auth_token(self) -> str:
        return str(self.token)

    def messages_url(self) -> str:
        sid = urllib.parse.quote(self.account_sid, safe="")
        return f"{self.api_url}/2010-04-01/Accounts/{sid}/Messages.json"

    def send(self, *, to: str, from_number: str, body: str, status_callback: str) -> SentSms:
        fields = {"To": to, "From": from_number, "Body": body}
        if status_callback:
            fields["StatusCallback"] = status_callback
        credentials = base64.b64encode(f"{self.account_sid}:{self.token}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - http(s) only, checked in __init__
            self.messages_url(),
            data=urllib.parse.urlencode(fields).encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {credentials}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "User-Agent": "Rightthere-SMS/1",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                data = _json(answer.read())
        except urllib.error.HTTPError as error:
            detail = _json(error.read())
            text = detail.get("message") or error.reason
            code = f" (code {detail['code']})" if detail.get("code") else ""
            raise SmsSendError(
                f"The provider refused it: {error.code} {text}{code}",
                retry=error.code >= 500 or error.code in RETRY_4XX,
            ) from error
        except (urllib.error.URLError, TimeoutError, HTTPException, OSError) as e:
            reason = getattr(e, "reason", e)
            raise SmsSendError(f"No answer from {self.api_url}: {reason}", retry=True) from e
        if not data.get("sid"):
            raise SmsSendError("The provider's answer had no message id (sid).", retry=True)
        return SentSms(provider_id=str(data["sid"]), status=str(data.get("status") or "queued"))


def _json(raw: bytes) -> dict:
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}

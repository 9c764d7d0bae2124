"""SMS set-up: which backend sends, what it still needs, and the From number.

The backend and the provider's secrets are set in the environment (SMS_BACKEND,
SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_API_URL), never in the database; the From number
may be set on the SMS screen (else SMS_FROM_NUMBER). The screen, the API and
`rightthere sms` read `sms_setup` and change the number through `set_from_number`.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidInput
from rightthere.core.public_links import base_url
from rightthere.customers import phones
from rightthere.sms import backends
from rightthere.sms.models import OptOut, SmsSettings, SmsStatus
from rightthere.sms.sending import from_number, status_callback_url


@dataclass
class SmsSetup:
    """How SMS is set up now, for the screen, the Set-up page and the API."""

    on: bool
    backend: str
    backend_label: str
    from_number: str
    from_number_source: str  # "screen", "environment" or ""
    account_sid: str
    token_set: bool
    api_url: str
    status_callback_url: str
    inbound_url: str
    reports_delivery: bool
    opted_out: int
    failed: int
    missing: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.on and not self.missing


def sms_setup() -> SmsSetup:
    from rightthere.sms.models import SmsMessage

    row = SmsSettings.objects.first()
    number = from_number()
    source = "screen" if row and row.from_number else "environment" if number else ""
    base = base_url()
    state = SmsSetup(
        on=backends.configured(), backend=settings.SMS_BACKEND, backend_label="",
        from_number=number, from_number_source=source, account_sid=settings.SMS_ACCOUNT_SID,
        token_set=bool(settings.SMS_AUTH_TOKEN), api_url=settings.SMS_API_URL,
        status_callback_url=status_callback_url(), inbound_url=f"{base}/sms/inbound/",
        reports_delivery=False, opted_out=OptOut.objects.count(),
        failed=SmsMessage.objects.filter(status=SmsStatus.FAILED).count(),
    )  # fmt: skip
    if not state.on:
        state.missing = [gettext("SMS_BACKEND is not set, so no text is sent")]
        return state
    try:
        backend = backends.get_backend()
    except ImportError as error:
        state.missing = [
            gettext("SMS_BACKEND %(backend)s cannot be loaded: %(error)s")
            % {"backend": repr(settings.SMS_BACKEND), "error": error}
        ]
        return state
    state.backend_label = backend.label
    state.reports_delivery = backend.reports_delivery
    state.missing = backend.missing()
    if backend.needs_from_number and not number:
        state.missing.append(
            gettext("no From number: set it on the SMS screen or in SMS_FROM_NUMBER")
        )
    return state


@transaction.atomic
def set_from_number(actor: User | None, number: str) -> str:
    """Owners: the number texts come from (E.164); "" goes back to SMS_FROM_NUMBER."""
    check_owner(actor, gettext("change how texts are sent"))
    try:
        value = phones.normalise(number)
    except InvalidInput as error:
        raise InvalidInput(gettext("From number: %(error)s") % {"error": error.message}) from error
    row = SmsSettings.objects.select_for_update().first() or SmsSettings()
    before = row.from_number
    row.from_number = value
    row.save()
    if before != value:
        record_change(actor, "sms", f"From number {before or '(environment)'} → "
                                    f"{value or '(environment)'}")  # fmt: skip
    return value

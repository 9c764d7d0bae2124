"""The mail provider's webhooks: incoming mail, and what became of the mail we sent.

POST /mail/provider/<provider>/inbound/ (Mailgun: .../inbound_mime/, so it posts the
raw mail) and /mail/provider/<provider>/tracking/, only for the provider chosen with
RIGHTTHERE_MAIL_PROVIDER (see mail/providers.py). django-anymail's view for that
provider checks the post (Mailgun: the HMAC-SHA256 of timestamp+token with
MAILGUN_WEBHOOK_SIGNING_KEY; the others: basic auth with
RIGHTTHERE_MAIL_WEBHOOK_SECRET) and reads it into an `AnymailInboundMessage`; its
`anymail.signals.inbound` reaches `take_inbound`, which hands the mail's bytes to
the same intake as IMAP (`mail.ingest.ingest`: stored raw, deduplicated by
Message-ID, threaded, bounces and auto-replies told apart).

Answers: 200 once the mail is stored (a redelivery too: stored once); 401 when the
signature or password is wrong or not set up, or (Mailgun) when the signed post is
older than MAIL_WEBHOOK_MAX_AGE_SECONDS or its token was taken before, i.e. replayed
(mail.webhook_tokens; nothing stored); 413 when the mail is
larger than MAX_INBOUND_MAIL_BYTES (nothing stored: the provider keeps it and tries
again, so raising the limit lets it in); 404 for any other provider. The tracking
webhook marks our mail bounced (`desk.mail_status.record_provider_report`).
"""

import base64
import logging
from typing import Any

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailInboundEvent, AnymailTrackingEvent, EventType
from anymail.signals import inbound as inbound_signal
from anymail.signals import tracking as tracking_signal
from django.core.exceptions import RequestDataTooBig
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rightthere.core.uploads import refused_uploads
from rightthere.desk.mail_status import record_provider_report
from rightthere.mail import ingest, providers, webhook_tokens
from rightthere.mail.models import Source

logger = logging.getLogger(__name__)

# anymail's webhook view for each provider: (inbound, tracking).
VIEWS = {
    "mailgun": ("mailgun.MailgunInboundWebhookView", "mailgun.MailgunTrackingWebhookView"),
    "postmark": ("postmark.PostmarkInboundWebhookView", "postmark.PostmarkTrackingWebhookView"),
    "sendgrid": ("sendgrid.SendGridInboundWebhookView", "sendgrid.SendGridTrackingWebhookView"),
    "ses": ("amazon_ses.AmazonSESInboundWebhookView", "amazon_ses.AmazonSESTrackingWebhookView"),
    "brevo": ("brevo.BrevoInboundWebhookView", "brevo.BrevoTrackingWebhookView"),
}
KINDS = {"inbound": 0, "inbound_mime": 0, "tracking": 1}
# A provider posts attachments base64-encoded inside JSON or a form (a third larger).
ENCODING_ROOM = 4 / 3
FORM_ROOM = 1024 * 1024


def _answer(status: int, text: str) -> HttpResponse:
    return HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")


def _too_large(request: HttpRequest) -> str:
    """Why the post is too large to take in, before it is read ("" when it is not)."""
    limit = ingest.max_mail_bytes()
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit * ENCODING_ROOM + FORM_ROOM:
        return (f"The post is {length / 1024 / 1024:.1f} MB: the mail in it is larger than "
                f"the limit of {limit / 1024 / 1024:.1f} MB (MAX_INBOUND_MAIL_BYTES).")  # fmt: skip
    if request.content_type == "multipart/form-data":
        # Read now (the body first: anymail's SendGrid view reads it again), so a file
        # dropped for its size (core.uploads) is known before anything is stored.
        request.body  # noqa: B018
        request.POST  # noqa: B018
        refused = refused_uploads(request)
        if refused:
            return f"Part of the mail could not be taken: {'; '.join(refused)}."
    return ""


@csrf_exempt
@require_POST
def provider_webhook(request: HttpRequest, provider: str, kind: str) -> HttpResponse:
    """The chosen provider's inbound or tracking post, checked by anymail's view."""
    setup = providers.configured()
    if setup is None or setup.provider.key != provider or kind not in KINDS:
        raise Http404("No such mail provider webhook here.")
    if setup.guard:
        logger.warning("Refused a %s webhook: %s", setup.provider.label, setup.guard)
        return _answer(401, setup.guard)
    view = import_string(f"anymail.webhooks.{VIEWS[provider][KINDS[kind]]}").as_view()
    try:
        too_large = _too_large(request)
        if too_large:
            raise ingest.MailTooLarge(too_large)
        response: HttpResponse = view(request)
    except AnymailWebhookValidationFailure as refused:
        logger.warning("Refused a %s webhook: %s", setup.provider.label, refused)
        return _answer(401, f"Refused: {refused}. Nothing was stored.")
    except (ingest.MailTooLarge, RequestDataTooBig) as refused:
        reason = str(refused) if isinstance(refused, ingest.MailTooLarge) else (
            "The post is larger than this server reads (DATA_UPLOAD_MAX_MEMORY_SIZE).")  # fmt: skip
        logger.warning("Refused a %s mail: %s", setup.provider.label, reason)
        return _answer(413, f"{reason} Nothing was stored; send it again once the limit "
                       "is raised, or ask the sender for a smaller mail.")  # fmt: skip
    return response


def mail_bytes(message: AnymailInboundMessage) -> bytes:
    """The mail as bytes. A file anymail rebuilt from a provider's parsed post (Postmark's
    JSON, Mailgun's form) holds its bytes with no transfer encoding, which writing the
    mail out would bend (a CR becomes a newline): it is base64-encoded first."""
    for part in message.walk():
        kind = part.get_content_maintype()
        if part.is_multipart() or kind in ("text", "message"):
            continue
        if "Content-Transfer-Encoding" not in part:
            data = part.get_content_bytes()
            part.set_payload(base64.encodebytes(data).decode("ascii"))
            part["Content-Transfer-Encoding"] = "base64"
    return message.as_bytes()


# Providers whose signature covers a timestamp and a one-time token (anymail's event
# carries them as `timestamp` and `event_id`): their posts are refused when replayed.
SIGNED_WITH_TOKEN = {"Mailgun"}


@receiver(inbound_signal, dispatch_uid="rightthere.mail.provider_inbound")
def take_inbound(sender: Any, event: AnymailInboundEvent, esp_name: str, **kwargs: Any) -> None:
    """A provider's incoming mail, as bytes, into the same intake as IMAP's; a signed
    post that is too old or was taken before is refused (mail.webhook_tokens)."""
    raw = mail_bytes(event.message)
    ingest.check_size(len(raw))
    seen = None
    if esp_name in SIGNED_WITH_TOKEN:
        try:
            seen = webhook_tokens.claim(esp_name, event.event_id or "", event.timestamp)
        except webhook_tokens.Replayed as replayed:
            raise AnymailWebhookValidationFailure(f"{esp_name} post refused: {replayed}") from None
    detail = f"{esp_name} webhook" + (f" {event.event_id}" if event.event_id else "")
    try:
        ingest.ingest(raw, Source.PROVIDER, detail=detail)
    except BaseException:
        if seen is not None:
            webhook_tokens.forget(seen)  # not taken in: the provider's retry may come
        raise


REPORTS = {
    EventType.BOUNCED: True,
    EventType.REJECTED: True,
    EventType.FAILED: True,
    EventType.DEFERRED: False,
}


@receiver(tracking_signal, dispatch_uid="rightthere.mail.provider_tracking")
def take_tracking(sender: Any, event: AnymailTrackingEvent, esp_name: str, **kwargs: Any) -> None:
    """A bounce, rejection or delay the provider reports for mail we sent."""
    if event.event_type not in REPORTS or not event.message_id:
        return
    reason = event.mta_response or event.description or str(event.reject_reason or "")
    record_provider_report(
        str(event.message_id),
        recipient=event.recipient or "",
        reason=f"{reason} ({esp_name})" if reason else f"reported by {esp_name}",
        failed=REPORTS[event.event_type],
        now=event.timestamp or timezone.now(),
    )

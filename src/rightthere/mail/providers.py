"""Mail through a provider's API (django-anymail) instead of an SMTP server and IMAP.

Chosen in the environment: RIGHTTHERE_MAIL_PROVIDER=mailgun, postmark, sendgrid, ses
or brevo, with the provider's own settings named as django-anymail names them
(MAILGUN_API_KEY, MAILGUN_WEBHOOK_SIGNING_KEY, POSTMARK_SERVER_TOKEN, ...; every
variable starting with the provider's prefix is handed to anymail) and
RIGHTTHERE_MAIL_WEBHOOK_SECRET ("user:password") for the webhooks that the provider
guards with basic auth. IMAP mailboxes and SMTP stay the default and keep working.

Outgoing mail then goes through anymail's backend for the provider; incoming mail is
posted by the provider to /mail/provider/<provider>/inbound/ (see provider_webhooks),
checked with the provider's signature and handed to the same intake as IMAP.
"""

from dataclasses import dataclass

from django.conf import settings

from rightthere.core.public_links import base_url

WEBHOOK_SECRET_VARIABLE = "RIGHTTHERE_MAIL_WEBHOOK_SECRET"  # noqa: S105 - a name


@dataclass(frozen=True)
class Provider:
    key: str  # RIGHTTHERE_MAIL_PROVIDER's value
    label: str
    backend_module: str  # anymail.backends.<module>
    prefix: str  # of its settings: MAILGUN_API_KEY, ...
    sending: tuple[str, ...]  # settings it cannot send without
    # The setting holding the key its inbound posts are signed with; "" when the
    # provider signs nothing and its webhooks are guarded by basic auth alone.
    signing_key: str = ""
    # The path's last part for inbound mail (Mailgun posts the whole raw mail when
    # the URL contains "mime").
    inbound_kind: str = "inbound"
    note: str = ""

    @property
    def backend(self) -> str:
        return f"anymail.backends.{self.backend_module}.EmailBackend"


PROVIDERS = {
    provider.key: provider
    for provider in [
        Provider("mailgun", "Mailgun", "mailgun", "MAILGUN", ("MAILGUN_API_KEY",),
                 signing_key="MAILGUN_WEBHOOK_SIGNING_KEY", inbound_kind="inbound_mime",
                 note="Receiving: a route whose action is forward() to the inbound URL. "
                 "EU accounts set MAILGUN_API_URL=https://api.eu.mailgun.net/v3."),
        Provider("postmark", "Postmark", "postmark", "POSTMARK", ("POSTMARK_SERVER_TOKEN",),
                 note="Receiving: the inbound stream's webhook URL, with the user and "
                 "password in it; tick 'Include raw email content' to keep the mail whole."),
        Provider("sendgrid", "SendGrid", "sendgrid", "SENDGRID", ("SENDGRID_API_KEY",),
                 note="Receiving: Inbound Parse with 'POST the raw, full MIME message'. "
                 "django-anymail no longer officially supports SendGrid (it still works)."),
        Provider("ses", "Amazon SES", "amazon_ses", "AMAZON_SES", (),
                 note="Sending uses the AWS credentials of the environment and needs "
                 "boto3 (pip install 'django-anymail[amazon-ses]'); receiving: a receipt "
                 "rule publishing to an SNS topic subscribed to the inbound URL."),
        Provider("brevo", "Brevo", "brevo", "BREVO", ("BREVO_API_KEY",),
                 note="Receiving: an inbound parsing webhook pointing at the inbound URL."),
    ]
}  # fmt: skip


def provider_settings(environ: dict[str, str], provider: Provider) -> dict[str, str]:
    """The ANYMAIL setting for `provider` from the environment (settings.py calls it)."""
    found = {
        name: value for name, value in environ.items() if name.startswith(f"{provider.prefix}_")
    }
    secret = environ.get(WEBHOOK_SECRET_VARIABLE, "").strip()
    if secret:
        found["WEBHOOK_SECRET"] = secret
    return found


def _anymail(name: str) -> str:
    return str(getattr(settings, "ANYMAIL", {}).get(name) or "")


def _base_url() -> str:
    return base_url()


@dataclass(frozen=True)
class ProviderSetup:
    """The provider in use and what is still missing, for the screens and the gaps."""

    provider: Provider
    missing: tuple[str, ...]  # settings it cannot send without, not set
    signing_key_set: bool
    webhook_user: str  # of RIGHTTHERE_MAIL_WEBHOOK_SECRET ("" when not set)

    @property
    def sends(self) -> bool:
        return not self.missing

    @property
    def guard(self) -> str:
        """Why its webhooks cannot be believed yet ("" when they can)."""
        if self.provider.signing_key:
            if self.signing_key_set:
                return ""
            return (f"{self.provider.signing_key} is not set: {self.provider.label}'s posts "
                    "cannot be checked, so none is taken in.")  # fmt: skip
        if self.webhook_user:
            return ""
        return (f"{WEBHOOK_SECRET_VARIABLE} is not set (as user:password): "
                f"{self.provider.label}'s posts "
                "cannot be checked, so none is taken in.")  # fmt: skip

    @property
    def receives(self) -> bool:
        return not self.guard

    def url(self, kind: str) -> str:
        """The URL to paste in the provider's console, the password shown as ****."""
        base = _base_url()
        scheme, sep, rest = base.partition("://")
        if self.webhook_user and sep:
            base = f"{scheme}://{self.webhook_user}:****@{rest}"
        return f"{base}/mail/provider/{self.provider.key}/{kind}/"

    @property
    def problems(self) -> list[str]:
        """What keeps it from sending or receiving, for the screens."""
        found = [self.guard] if self.guard else []
        if self.missing:
            found.append(f"{', '.join(self.missing)} is not set: {self.provider.label} "
                         "cannot send.")  # fmt: skip
        return found

    def variables(self) -> list[tuple[str, bool, str]]:
        """(environment variable, set?, what it is for), for the screen."""
        rows = [(name, name not in self.missing, "sending") for name in self.provider.sending]
        if self.provider.signing_key:
            rows.append((self.provider.signing_key, self.signing_key_set,
                         "checks that a post comes from the provider"))  # fmt: skip
        rows.append((WEBHOOK_SECRET_VARIABLE, bool(self.webhook_user),
                     "user:password in the webhook URLs" + ("" if self.provider.signing_key
                     else ", checks that a post comes from the provider")))  # fmt: skip
        return rows

    @property
    def inbound_url(self) -> str:
        return self.url(self.provider.inbound_kind)

    @property
    def tracking_url(self) -> str:
        return self.url("tracking")


def configured() -> ProviderSetup | None:
    """The mail provider chosen with RIGHTTHERE_MAIL_PROVIDER, or None (SMTP and IMAP)."""
    provider = PROVIDERS.get(str(settings.RIGHTTHERE.get("MAIL_PROVIDER") or ""))
    if provider is None:
        return None
    secret = _anymail("WEBHOOK_SECRET")
    return ProviderSetup(
        provider=provider,
        missing=tuple(name for name in provider.sending if not _anymail(name)),
        # Required even though anymail would fall back to Mailgun's API key: Mailgun
        # signs with a key of its own now, so the fallback would refuse every post.
        signing_key_set=bool(provider.signing_key and _anymail(provider.signing_key)),
        webhook_user=secret.partition(":")[0] if ":" in secret else "",
    )  # fmt: skip

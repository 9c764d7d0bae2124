"""What the desk still lacks to work, read from its data: the Set-up page's to-dos.

Each gap says what is missing, why it matters to customers or staff (with numbers
where the data has them), and where to fix it. A desk with nothing missing (the demo)
has no gaps. Skipped first-run steps come back here because their data is still
missing, not because a flag remembers the skip.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rightthere.accounts.models import IntegrationKind, Role, User
from rightthere.cases.models import BusinessHours
from rightthere.core import public_links
from rightthere.field.models import PartnerProfile, TechnicianProfile
from rightthere.mail.models import Mailbox
from rightthere.mail.providers import configured as mail_provider
from rightthere.outbox.delivery import sending_enabled
from rightthere.outbox.models import DeliveryStatus, OutboundMail
from rightthere.sms.setup import sms_setup


@dataclass(frozen=True)
class Gap:
    key: str
    what: str
    why: str
    fix_label: str
    fix_url: str


def _url(name: str, fallback: str = "settings_setup") -> str:
    """The screen that fixes a gap; the hub itself while that screen does not exist yet."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse(fallback)


def _public_address_gap(seen_at: str) -> Gap | None:
    """BASE_URL, the start of every link sent out, left at its default or not the
    address the owner is using (`seen_at`, from the request; "" from a command). The
    default seen at itself is `make demo` on this machine, where the links work: no gap."""
    base = public_links.base_url()
    used = public_links.address_mismatch(seen_at)
    if used:
        why = _("Links in mail point at %(base)s but you are using %(used)s: set "
                "BASE_URL=%(used)s and restart the web server and the worker (see README, "
                "Configuration). Until then invitations, status-page links and calendar "
                "feeds lead nowhere.") % {"base": base, "used": used}  # fmt: skip
    elif public_links.is_default() and not seen_at:
        why = _("Links in mail point at %(base)s, the address used when nothing is set: "
                "set BASE_URL to the address customers and staff reach the desk at, and "
                "restart the web server and the worker (see README, Configuration).") % {
                    "base": base}  # fmt: skip
    else:
        return None
    return Gap("public_address", _("Links sent out point at the wrong address"), why, "", "")


def _business_name_gap() -> Gap | None:
    from rightthere.accounts.profile import business_profile

    if business_profile().name_is_set:
        return None
    return Gap("business_name", _("Your business has no name yet"),
               _("Customers see “Customer service” in every mail and on their status "
                 "page instead of your name."), _("Name your business"),
               _url("settings_business"))  # fmt: skip


def _hours_gap() -> Gap | None:
    if BusinessHours.objects.exists():
        return None
    return Gap("business_hours", _("No business hours"),
               _("Due times count every hour of the night and the weekend, so a mail on Friday "
                 "evening is overdue by Saturday morning."), _("Set your hours"),
               _url("settings_hours"))  # fmt: skip


def _incoming_gap() -> Gap | None:
    from rightthere.accounts.models import Integration
    from rightthere.accounts.profile import business_profile

    provider = mail_provider()
    if (
        Mailbox.objects.filter(active=True).exists()
        or Integration.objects.filter(kind=IntegrationKind.INBOUND_MAIL).exists()
        or (provider is not None and provider.receives)
        or business_profile().contact_form_only
    ):
        return None
    return Gap("mailbox", _("No mailbox"),
               _("Mail your customers send to your address does not reach the desk; only the "
                 "contact form does."), _("Add a mailbox"), _url("settings_mail"))  # fmt: skip


def _failing_mailboxes() -> list[Gap]:
    return [
        Gap(f"mailbox_{box.pk}",
            _("The mailbox “%(name)s” cannot be read") % {"name": box.name},
            _("Its last try failed: %(error)s. New mail there waits unseen.")
            % {"error": box.last_error.splitlines()[0][:200]},
            _("Check the mailbox"), _url("settings_mail"))
        for box in Mailbox.objects.filter(active=True).exclude(last_error="")
    ]  # fmt: skip


def _provider_gaps() -> list[Gap]:
    """The mail provider chosen in the environment, set up only in part: what it needs."""
    provider = mail_provider()
    if provider is None:
        return []
    label = provider.provider.label
    found = []
    if provider.guard:
        found.append(Gap("mail_provider_inbound",
                         _("%(provider)s cannot hand you customers' mail") % {"provider": label},
                         _("%(guard)s Its posts are refused until then (it keeps trying for a "
                           "while).") % {"guard": provider.guard}, _("See the mail provider"),
                         _url("settings_mail") + "#provider"))  # fmt: skip
    if provider.missing:
        found.append(Gap("mail_provider_sending",
                         _("%(provider)s cannot send your mail") % {"provider": label},
                         _("%(missing)s is not set: acknowledgements and replies fail and are "
                           "tried again.") % {"missing": ", ".join(provider.missing)},
                         _("See the mail provider"), _url("settings_mail") + "#provider"))  # fmt: skip
    return found


def _outgoing_gap() -> Gap | None:
    if sending_enabled():  # an SMTP server, or a mail provider (_provider_gaps)
        return None
    held = OutboundMail.objects.filter(status=DeliveryStatus.HELD).count()
    if held:
        why = ngettext(
            "Customers do not get acknowledgements or replies; %(count)d mail is held, and "
            "they go out once a server is set.",
            "Customers do not get acknowledgements or replies; %(count)d mails are held, and "
            "they go out once a server is set.",
            held,
        ) % {"count": held}
    else:
        why = _(
            "Customers do not get acknowledgements or replies; none is held yet, and they "
            "go out once a server is set."
        )
    return Gap("outgoing_mail", _("No outgoing mail server"), why,
               _("Set up outgoing mail"), _url("settings_mail"))  # fmt: skip


def _sms_gap() -> Gap | None:
    """Texts switched on (SMS_BACKEND) but not able to go out, or failing. SMS left off
    is a choice, shown on the Set-up page, not a to-do."""
    state = sms_setup()
    if not state.on:
        return None
    if state.missing:
        return Gap("sms", _("Texts cannot be sent"),
                   _("SMS is switched on but %(missing)s: customers get no visit-day texts.")
                   % {"missing": "; ".join(state.missing)},
                   _("Set up text messages"), _url("settings_sms"))  # fmt: skip
    if state.failed:
        return Gap("sms",
                   ngettext("%(count)d text failed", "%(count)d texts failed", state.failed)
                   % {"count": state.failed},
                   _("Customers did not get a visit-day text or acknowledgement; each case's "
                     "timeline says why."), _("Check text messages"), _url("settings_sms"))  # fmt: skip
    return None


def _team_gap() -> Gap | None:
    staff = User.objects.filter(is_active=True, role__in=[Role.OWNER, Role.AGENT])
    if staff.count() > 1:
        return None
    return Gap("team", _("Your team is not invited"),
               _("You are the only one who can answer cases: nobody covers when you are out."),
               _("Invite your team"), _url("settings_team"))  # fmt: skip


def _field_gap() -> Gap | None:
    if (
        TechnicianProfile.objects.filter(active=True, user__is_active=True).exists()
        or PartnerProfile.objects.exists()
    ):
        return None
    return Gap("technicians", _("No technicians or partners"),
               _("Visits cannot be booked: the slot finder has nobody to offer."),
               _("Add a technician"), _url("settings_technicians"))  # fmt: skip


def missing(seen_at: str = "") -> list[Gap]:
    """Everything the desk still lacks, most important first. `seen_at` is the address
    the owner reached the Set-up page at, to compare with BASE_URL."""
    found = [
        _public_address_gap(seen_at),
        _business_name_gap(),
        _incoming_gap(),
        *_failing_mailboxes(),
        *_provider_gaps(),
        _outgoing_gap(),
        _sms_gap(),
        _hours_gap(),
        _team_gap(),
        _field_gap(),
    ]
    return [gap for gap in found if gap is not None]

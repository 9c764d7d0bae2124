"""Two-factor log-in for staff: a code from an authenticator app (TOTP), with
recovery codes for a lost phone, through django-otp.

A person turns it on by scanning a QR code and typing one code (`confirm_app`),
and gets ten single-use recovery codes. After the password, the log-in asks for
a code (`verify`). An owner can require it for owners, or owners and agents
(`set_policy`); whoever is required and has none is sent to set it up first.
"""

import secrets

import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from rightthere.accounts.models import Role, SecurityPolicy, TwoFactorRule, User
from rightthere.accounts.roles import check_owner
from rightthere.core.config_cache import ConfigCache
from rightthere.core.errors import InvalidInput

APP = "Authenticator app"
RECOVERY = "Recovery codes"
RECOVERY_CODES = 10


def policy() -> SecurityPolicy:
    return SecurityPolicy.objects.get_or_create(pk=1)[0]


def _required_rule() -> str:
    found = SecurityPolicy.objects.filter(pk=1).values_list("require_two_factor", flat=True)
    return next(iter(found), TwoFactorRule.NOBODY)


# Read on every page a logged-in person opens: kept per process (core.config_cache).
_rule = ConfigCache(_required_rule, SecurityPolicy)


def set_policy(actor: User | None, rule: str) -> SecurityPolicy:
    """Who must use two-factor log-in: nobody, owners, or owners and agents."""
    check_owner(actor, gettext("decide who must use two-factor log-in"))
    if rule not in TwoFactorRule.values:
        choices = ", ".join(TwoFactorRule.values)
        raise InvalidInput(
            gettext("Choose who must use two-factor log-in: %(choices)s.") % {"choices": choices}
        )
    current = policy()
    current.require_two_factor, current.updated_by = rule, actor
    current.save()
    return current


def is_required(user: User) -> bool:
    rule = _rule.get()
    if rule == TwoFactorRule.OWNERS:
        return user.role == Role.OWNER
    if rule == TwoFactorRule.MANAGERS:
        return user.role in (Role.OWNER, Role.AGENT)
    return False


def is_on(user: User) -> bool:
    return user.two_factor_on


def pending_app(user: User) -> TOTPDevice:
    """The authenticator being set up (not confirmed yet), made on first ask."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code to scan."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing in by hand."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm_app(user: User, code: str) -> list[str]:
    """Turn two-factor on with the first code the app shows; the recovery codes back."""
    device = pending_app(user)
    if not device.verify_token(_digits(code)):
        raise InvalidInput(
            gettext("That code does not match. Type the 6 digits your app shows now.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    User.objects.filter(pk=user.pk).update(two_factor_on=True)
    user.two_factor_on = True
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Ten new single-use codes (the old ones stop working), shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY)
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [f"{c[:4]}-{c[4:]}" for c in codes]


def verify_after_confirm(request: HttpRequest, user: User) -> None:
    """The session that just typed the first code counts as verified."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        otp_login(request, device)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()


def verify(request: HttpRequest, user: User, code: str) -> bool:
    """Check a code from the app (6 digits) or a recovery code (8); on success the
    session is verified. Each wrong code doubles the wait before the next is
    checked (django-otp's throttling), so codes cannot be guessed."""
    token = _digits(code)
    kind = TOTPDevice if len(token) == 6 else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        allowed = isinstance(device, kind) and device.verify_is_allowed()[0]
        if allowed and device.verify_token(token):
            otp_login(request, device)
            return True
    return False


def turn_off(actor: User, user: User) -> None:
    """Remove a person's authenticator and recovery codes: by themselves (when not
    required), or by an owner for someone who lost their phone."""
    if actor.pk != user.pk:
        check_owner(actor, gettext("turn off someone else's two-factor log-in"))
    elif is_required(user):
        raise InvalidInput(
            gettext("Two-factor log-in is required for your role; an owner decides that.")
        )
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    User.objects.filter(pk=user.pk).update(two_factor_on=False)
    user.two_factor_on = False


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())[:12]

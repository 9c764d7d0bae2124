"""The business profile: who the business is to its customers (name, logo, address,
signature, status-page wording, colour), its time zone and language.

One row, read through a per-process cache (every mail and customer page reads the
name). Empty fields fall back to the environment (BUSINESS_NAME, TIME_ZONE), so the
environment stays the default and the Business profile screen overrides it. Owners
change it through `update_business_profile`, which the screen, the API and
`rightthere init` all call.
"""

import re
import zoneinfo
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import BusinessProfile, User
from rightthere.accounts.roles import check_owner
from rightthere.core.config_cache import ConfigCache
from rightthere.core.errors import InvalidField

LANGUAGES: list[tuple[str, str]] = list(settings.LANGUAGES)
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
MAX_LOGO_BYTES = 512 * 1024
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Words a signature may use; anything else in braces is refused, not sent to a customer.
SIGNATURE_PLACEHOLDERS = ("{agent_name}", "{business_name}", "{phone}")
EDITABLE = (
    "name", "address", "phone", "signature", "status_page_intro", "brand_colour",
    "time_zone", "language", "contact_form_only",
)  # fmt: skip
LABELS = {
    "name": "business name", "address": "address", "phone": "phone",
    "signature": "signature", "status_page_intro": "status-page wording",
    "brand_colour": "colour", "time_zone": "time zone", "language": "language",
    "contact_form_only": "contact form only", "logo": "logo",
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """What the desk reads: the row with the environment's defaults filled in."""

    name: str
    name_is_set: bool
    address: str
    phone: str
    signature: str
    status_page_intro: str
    brand_colour: str
    time_zone: str
    language: str
    contact_form_only: bool
    has_logo: bool
    first_run_finished: bool


def _row() -> BusinessProfile:
    row = BusinessProfile.objects.order_by("pk").first()
    return row if row is not None else BusinessProfile()


def _load() -> Profile:
    return profile_of(_row())


def profile_of(row: BusinessProfile) -> Profile:
    """What the desk reads from this row (an unsaved one: the environment's defaults)."""
    return Profile(
        name=row.name,
        name_is_set=bool(row.name),
        address=row.address,
        phone=row.phone,
        signature=row.signature,
        status_page_intro=row.status_page_intro,
        brand_colour=row.brand_colour,
        time_zone=row.time_zone,
        language=row.language,
        contact_form_only=row.contact_form_only,
        has_logo=bool(row.logo_type),
        first_run_finished=row.first_run_finished_at is not None,
    )


_profile = ConfigCache(_load, BusinessProfile)


def business_profile() -> Profile:
    """The saved row with the environment's defaults filled in (read at each call, so a
    changed setting is seen at once; only the row is cached)."""
    saved = _profile.get()
    env_name = settings.RIGHTTHERE["BUSINESS_NAME"]
    return replace(
        saved,
        name=saved.name or env_name,
        # Named on the screen, or in the environment (BUSINESS_NAME; not its default).
        name_is_set=saved.name_is_set or env_name != "Customer service",
        time_zone=saved.time_zone or settings.TIME_ZONE,
        language=saved.language or settings.LANGUAGE_CODE,
    )


def business_name() -> str:
    """The name customers see in mail and on their pages ("Customer service", in the
    customer's language, until the business is named)."""
    profile = business_profile()
    return profile.name if profile.name_is_set else gettext("Customer service")


def logo() -> tuple[bytes, str] | None:
    row = _row()
    return (bytes(row.logo), row.logo_type) if row.logo_type else None


def time_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


def _clean(field: str, value: Any) -> Any:
    if field == "contact_form_only":
        return bool(value)
    value = str(value).replace("\x00", "").strip()
    limits = {"name": 120, "phone": 50, "address": 500, "signature": 1000,
              "status_page_intro": 1000}  # fmt: skip
    if field in limits and len(value) > limits[field]:
        raise InvalidField(field, gettext("Keep it under %(count)s characters.")
                           % {"count": limits[field]})  # fmt: skip
    if field == "name" and not value:
        raise InvalidField(
            "name", gettext("Give your business a name: customers see it in every mail.")
        )
    if field == "brand_colour" and value and not COLOUR.match(value):
        raise InvalidField("brand_colour", gettext("Write the colour as #rrggbb, e.g. #0f6e5c."))
    if field == "time_zone" and value and value not in zoneinfo.available_timezones():
        raise InvalidField("time_zone", gettext("%(value)r is not a time zone; e.g. Europe/London.")
                           % {"value": value})  # fmt: skip
    if field == "language" and value and value not in dict(LANGUAGES):
        raise InvalidField("language", gettext("Choose one of the languages offered."))
    if field == "signature":
        for token in re.findall(r"\{[^{}]*\}", value):
            if token not in SIGNATURE_PLACEHOLDERS:
                raise InvalidField("signature", gettext("%(token)s is not something the desk can "
                                                   "fill in; use %(placeholders)s.")
                                   % {"token": token,
                                      "placeholders": ", ".join(SIGNATURE_PLACEHOLDERS)})  # fmt: skip
    return value


def _logo_type(data: bytes) -> str:
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidField("logo", gettext("The logo is too large: at most 512 KB."))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for magic, kind in LOGO_TYPES.items():
        if data.startswith(magic):
            return kind
    raise InvalidField("logo", gettext("The logo must be a PNG, JPEG or WebP picture."))


def update_business_profile(
    actor: User | None,
    *,
    logo: bytes | None = None,
    remove_logo: bool = False,
    **changes: Any,
) -> Profile:
    """Change some of the profile's fields (those named); record what changed.
    Raises InvalidField for the first bad field."""
    check_owner(actor, gettext("change the business profile"))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidField(sorted(unknown)[0], gettext("%(field)s is not a profile field.")
                           % {"field": sorted(unknown)[0]})  # fmt: skip
    cleaned = {field: _clean(field, value) for field, value in changes.items()}
    logo_type = _logo_type(logo) if logo else None
    with transaction.atomic():
        row = BusinessProfile.objects.select_for_update().order_by("pk").first()
        row = row if row is not None else BusinessProfile()
        changed = [f for f, v in cleaned.items() if getattr(row, f) != v]
        for field in changed:
            setattr(row, field, cleaned[field])
        if logo_type is not None and logo is not None:
            row.logo, row.logo_type = logo, logo_type
            changed.append("logo")
        elif remove_logo and row.logo_type:
            row.logo, row.logo_type = b"", ""
            changed.append("logo")
        if not changed and row.pk:
            return business_profile()
        row.updated_by = actor
        row.save()
        if changed:
            record_change(actor, "business", "Changed the " + ", ".join(LABELS[f] for f in changed)
                          + (f" (now \u201c{row.name}\u201d)" if "name" in changed else ""))  # fmt: skip
    _profile.clear()
    return business_profile()


def finish_first_run(actor: User | None) -> None:
    """The guided first run is over (steps skipped come back as to-dos on Set-up)."""
    check_owner(actor, gettext("finish the set-up"))
    from django.utils import timezone

    with transaction.atomic():
        row = BusinessProfile.objects.select_for_update().order_by("pk").first()
        row = row if row is not None else BusinessProfile()
        if row.first_run_finished_at is None:
            row.first_run_finished_at = timezone.now()
            row.save()
            record_change(actor, "setup", "Finished the first-run set-up")
    _profile.clear()

"""Phone numbers as one form everywhere: E.164 (+447700900123), read with `phonenumbers`.

A number typed without its country code ("07700 900123") is read as one of the
business's country (PHONE_REGION, a two-letter code, GB by default). A contact's phone is
stored this way, so the number an SMS goes to, the one a customer's "STOP" comes from
and the one on the screen are the same string.
"""

import phonenumbers
from django.conf import settings
from django.utils.translation import gettext

from rightthere.core.errors import InvalidInput


def default_region() -> str:
    return str(settings.RIGHTTHERE.get("PHONE_REGION") or "GB").upper()


def parse(raw: str, region: str | None = None) -> phonenumbers.PhoneNumber | None:
    """The number, or None when `raw` is not a possible number."""
    try:
        number = phonenumbers.parse(raw, region or default_region())
    except phonenumbers.NumberParseException:
        return None
    # Possible (the right length for its country) rather than valid (in an allocated
    # range): a new range or Ofcom's drama numbers (07700 900xxx) must not be refused.
    possible = phonenumbers.is_possible_number_with_reason(number)
    return number if possible == phonenumbers.ValidationResult.IS_POSSIBLE else None


def normalise(raw: str, region: str | None = None) -> str:
    """`raw` in E.164, "" for an empty one; InvalidInput with the reason otherwise."""
    text = (raw or "").strip()
    if not text:
        return ""
    number = parse(text, region)
    if number is None:
        raise InvalidInput(
            gettext(
                "“%(number)s” is not a phone number we can text or call: give it with its "
                "country code (e.g. +44 7700 900123), or as dialled in %(country)s."
            )
            % {"number": text[:50], "country": _country(region)}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_or_keep(raw: str, region: str | None = None) -> str:
    """E.164 when `raw` is a valid number, else `raw` as it was (old data kept)."""
    number = parse((raw or "").strip(), region) if (raw or "").strip() else None
    if number is None:
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_e164(value: str) -> bool:
    return value.startswith("+") and parse(value) is not None


def readable(value: str) -> str:
    """An E.164 number as people write it (+44 7700 900123); anything else as it is."""
    number = parse(value) if value.startswith("+") else None
    if number is None:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mobile_or_unknown(value: str) -> bool:
    """Whether an SMS can reach the number: a mobile (or a kind the plan cannot tell)."""
    number = parse(value)
    if number is None:
        return False
    kind = phonenumbers.number_type(number)
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        phonenumbers.PhoneNumberType.UNKNOWN,
        phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
    )


def _country(region: str | None) -> str:
    code = region or default_region()
    prefix = phonenumbers.country_code_for_region(code)
    return f"{code} (+{prefix})" if prefix else code
